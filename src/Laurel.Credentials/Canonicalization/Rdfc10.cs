using System.Security.Cryptography;
using Laurel.Credentials.Limits;
using Laurel.Credentials.Rdf;

namespace Laurel.Credentials.Canonicalization;

/// <summary>RDF Dataset Canonicalization RDFC-1.0 (W3C Rec 2024-05-21) producing canonical N-Quads.</summary>
public static class Rdfc10
{
    /// <summary>Canonicalizes a dataset to canonical N-Quads (sorted lines, each ending in <c>\n</c>).</summary>
    public static string Canonicalize(IReadOnlyList<RdfQuad> dataset, RdfcOptions? options = null)
    {
        using var output = new ByteBuffer();
        Run(dataset, options ?? RdfcOptions.Default, output, withMap: false);
        return output.ToString();
    }

    /// <summary>Canonicalizes a dataset and also returns the issued identifiers map (RDFC-1.0 §4.4.3 step 7).</summary>
    public static RdfcResult CanonicalizeWithMap(IReadOnlyList<RdfQuad> dataset, RdfcOptions? options = null)
    {
        using var output = new ByteBuffer();
        var map = Run(dataset, options ?? RdfcOptions.Default, output, withMap: true)!;
        return new RdfcResult(output.ToString(), map);
    }

    /// <summary>Canonicalizes a dataset to the UTF-8 bytes of its canonical N-Quads.</summary>
    public static byte[] CanonicalizeToUtf8(IReadOnlyList<RdfQuad> dataset, RdfcOptions? options = null)
    {
        using var output = new ByteBuffer();
        Run(dataset, options ?? RdfcOptions.Default, output, withMap: false);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes SHA-256 (or SHA-384, by <paramref name="digest"/>) of the canonical N-Quads into
    /// <paramref name="destination"/> without building a string (EDDSA-3.1 steps 3–5).
    /// </summary>
    public static int HashCanonical(IReadOnlyList<RdfQuad> dataset, HashAlgorithmName digest, Span<byte> destination, RdfcOptions? options = null) =>
        HashCanonical(dataset, digest, destination, options, null);

    /// <summary><see cref="HashCanonical(IReadOnlyList{RdfQuad}, HashAlgorithmName, Span{byte}, RdfcOptions?)"/> under a budget (ProcessingLimits).</summary>
    internal static int HashCanonical(IReadOnlyList<RdfQuad> dataset, HashAlgorithmName digest, Span<byte> destination, RdfcOptions? options, WorkBudget? budget)
    {
        using var output = new ByteBuffer();
        Run(dataset, options ?? RdfcOptions.Default, output, withMap: false, budget);
        return Digest(digest, output.WrittenSpan, destination);
    }

    /// <summary>
    /// Prepares quads that many datasets share (e.g. the achievement of every credential of a bulk file) for
    /// <see cref="HashCanonical(IReadOnlyList{RdfQuad}, Rdfc10SharedPart, HashAlgorithmName, Span{byte})"/>.
    /// </summary>
    public static Rdfc10SharedPart Prepare(IReadOnlyList<RdfQuad> shared, RdfcOptions? options = null) =>
        Rdfc10Canonicalizer.Prepare([.. shared], options ?? RdfcOptions.Default);

    /// <summary>
    /// The hash of the canonical N-Quads of <paramref name="own"/> followed by the shared part's quads: exactly what
    /// <see cref="HashCanonical(IReadOnlyList{RdfQuad}, HashAlgorithmName, Span{byte}, RdfcOptions?)"/> gives for that dataset (with the
    /// part's options), without encoding the shared terms or hashing the shared blank nodes again. RDFC-1.0 still runs over the whole
    /// dataset (canonical labels are issued over all first-degree hashes, ties go through Hash N-Degree Quads, all lines are sorted).
    /// When an own quad uses one of the part's blank node labels, or the dataset holds a quad twice, it runs over the whole dataset the
    /// ordinary way.
    /// </summary>
    public static int HashCanonical(IReadOnlyList<RdfQuad> own, Rdfc10SharedPart shared, HashAlgorithmName digest, Span<byte> destination)
    {
        // The shared quads are read where they are, not copied per dataset.
        var dataset = new Joined(own, shared.QuadArray);
        if (UsesSharedLabel(own, shared)) return HashCanonical(dataset, digest, destination, shared.Options, null);
        using var output = new ByteBuffer();
        using (var canonicalizer = new Rdfc10Canonicalizer(dataset, shared.Options, budget: null, shared))
        {
            canonicalizer.Run();
            if (!canonicalizer.WriteSortedLines(output)) return HashCanonical(dataset, digest, destination, shared.Options, null);
        }
        return Digest(digest, output.WrittenSpan, destination);
    }

    private static int Digest(HashAlgorithmName digest, ReadOnlySpan<byte> canonical, Span<byte> destination)
    {
        if (digest == HashAlgorithmName.SHA256) return SHA256.HashData(canonical, destination);
        if (digest == HashAlgorithmName.SHA384) return SHA384.HashData(canonical, destination);
        throw new ArgumentException("Only SHA-256 and SHA-384 are supported.", nameof(digest));
    }

    private sealed class Joined(IReadOnlyList<RdfQuad> own, RdfQuad[] shared) : IReadOnlyList<RdfQuad>
    {
        public RdfQuad this[int index] => index < own.Count ? own[index] : shared[index - own.Count];

        public int Count => own.Count + shared.Length;

        public IEnumerator<RdfQuad> GetEnumerator() => own.Concat(shared).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static bool UsesSharedLabel(IReadOnlyList<RdfQuad> own, Rdfc10SharedPart shared)
    {
        if (shared.LabelSet.Count == 0) return false;
        foreach (var quad in own)
            if (Shared(quad.Subject) || Shared(quad.Object) || Shared(quad.Graph)) return true;
        return false;
        bool Shared(in RdfTerm term) => term.Kind == RdfTermKind.BlankNode && shared.LabelSet.Contains(term.Value);
    }

    private static Dictionary<string, string>? Run(IReadOnlyList<RdfQuad> dataset, RdfcOptions options, ByteBuffer output, bool withMap,
        WorkBudget? budget = null)
    {
        var start = output.Length;
        using (var canonicalizer = new Rdfc10Canonicalizer(dataset, options, budget))
        {
            canonicalizer.Run();
            if (canonicalizer.WriteSortedLines(output)) return withMap ? canonicalizer.IssuedIdentifiers() : null;
        }

        // A dataset is a set: duplicates surface as equal canonical lines (relabelling is a bijection).
        // That is rare, so we pay for de-duplication only then, and run again on the distinct quads.
        output.Truncate(start);
        var distinct = new List<RdfQuad>(dataset.Count);
        var seen = new HashSet<RdfQuad>(dataset.Count);
        foreach (var quad in dataset)
            if (seen.Add(quad)) distinct.Add(quad);
        using var second = new Rdfc10Canonicalizer(distinct, options, budget);
        second.Run();
        if (!second.WriteSortedLines(output)) throw new InvalidOperationException("Duplicate canonical lines after de-duplication.");
        return withMap ? second.IssuedIdentifiers() : null;
    }
}
