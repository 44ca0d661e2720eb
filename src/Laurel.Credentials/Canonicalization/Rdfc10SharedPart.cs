using Laurel.Credentials.Rdf;

namespace Laurel.Credentials.Canonicalization;

/// <summary>
/// The part of many datasets that is the same in each (e.g. the achievement every credential of a bulk file embeds), prepared once
/// for <see cref="Rdfc10.HashCanonical(IReadOnlyList{RdfQuad}, Rdfc10SharedPart, System.Security.Cryptography.HashAlgorithmName, Span{byte})"/>:
/// its terms encoded as N-Quads bytes and the first-degree hash (RDFC-1.0 §4.6) of each of its blank nodes. Both depend only on the
/// quads that mention a node, so they stay valid in any dataset that adds quads without those blank nodes. Immutable and thread-safe.
/// </summary>
public sealed class Rdfc10SharedPart
{
    internal Rdfc10SharedPart(RdfQuad[] quads, RdfcOptions options, string[] labels, int[] subjectNode, int[] objectNode, int[] graphNode,
        byte[] terms, int[] segments, string[] firstDegreeHashes, byte[]? groundLines, int[] groundLineStarts)
    {
        (QuadArray, Options, Labels, SubjectNode, ObjectNode, GraphNode, Terms, Segments, FirstDegreeHashes) =
            (quads, options, labels, subjectNode, objectNode, graphNode, terms, segments, firstDegreeHashes);
        (GroundLines, GroundLineStarts) = (groundLines, groundLineStarts);
        LabelSet = new HashSet<string>(labels, StringComparer.Ordinal);
    }

    /// <summary>The shared quads, in the order they were given.</summary>
    public IReadOnlyList<RdfQuad> Quads => QuadArray;

    internal RdfQuad[] QuadArray { get; }

    internal RdfcOptions Options { get; }
    // Blank nodes numbered in order of first appearance in the shared quads (as the canonicalizer numbers them).
    internal string[] Labels { get; }
    internal HashSet<string> LabelSet { get; }
    internal int[] SubjectNode { get; }
    internal int[] ObjectNode { get; }
    internal int[] GraphNode { get; }
    // Every non-blank term's N-Quads encoding; per quad start/length of S, P, O, G in Terms (length -1 = default graph).
    internal byte[] Terms { get; }
    internal int[] Segments { get; }
    internal string[] FirstDegreeHashes { get; }
    // The canonical lines of the quads without blank nodes (the same in every dataset), sorted; line i is
    // GroundLines[GroundLineStarts[i] .. GroundLineStarts[i + 1]]. Null when two are equal (then lines are sorted per dataset).
    internal byte[]? GroundLines { get; }
    internal int[] GroundLineStarts { get; }
}
