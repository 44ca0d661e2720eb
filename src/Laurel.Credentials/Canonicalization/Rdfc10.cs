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
        if (digest == HashAlgorithmName.SHA256) return SHA256.HashData(output.WrittenSpan, destination);
        if (digest == HashAlgorithmName.SHA384) return SHA384.HashData(output.WrittenSpan, destination);
        throw new ArgumentException("Only SHA-256 and SHA-384 are supported.", nameof(digest));
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
