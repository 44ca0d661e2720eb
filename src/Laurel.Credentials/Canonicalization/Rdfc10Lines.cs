using System.Security.Cryptography;
using Laurel.Credentials.Rdf;

namespace Laurel.Credentials.Canonicalization;

// Writing N-Quads lines (with blank node labels chosen per step) and hashing them.
internal sealed partial class Rdfc10Canonicalizer
{
    /// <summary>
    /// Encodes every non-blank term once (escaping and UTF-8 transcoding are the expensive part);
    /// each line written later is then only byte copies plus blank node labels.
    /// </summary>
    private void EncodeTerms()
    {
        var count = _quads.Count;
        _segments = new int[count * 8];
        for (var q = 0; q < _ownCount; q++)
        {
            var quad = _quads[q];
            var at = q * 8;
            Encode(quad.Subject, _subjectNode[q], at);
            Encode(quad.Predicate, NoBlank, at + 2);
            Encode(quad.Object, _objectNode[q], at + 4);
            if (quad.Graph.Kind == RdfTermKind.DefaultGraph) _segments[at + 7] = -1;
            else Encode(quad.Graph, _graphNode[q], at + 6);
        }
        if (_shared is { } shared)
        {
            // The shared part's terms as encoded once: one copy, its segment starts moved by where the copy begins.
            var offset = _terms.Length;
            _terms.Append(shared.Terms);
            var segments = _segments.AsSpan(_ownCount * 8);
            shared.Segments.CopyTo(segments);
            for (var i = 0; i < segments.Length; i += 2) segments[i] += offset;
        }

        void Encode(in RdfTerm term, int node, int at)
        {
            if (node != NoBlank) return;
            var start = _terms.Length;
            NQuads.WriteTerm(_terms, term);
            _segments[at] = start;
            _segments[at + 1] = _terms.Length - start;
        }
    }

    private void WriteLine(int q, int focus, bool canonical)
    {
        var at = q * 8;
        WriteComponent(at, _subjectNode[q], focus, canonical);
        _lines.Append((byte)' ');
        WriteComponent(at + 2, NoBlank, focus, canonical);
        _lines.Append((byte)' ');
        WriteComponent(at + 4, _objectNode[q], focus, canonical);
        if (_segments[at + 7] >= 0)
        {
            _lines.Append((byte)' ');
            WriteComponent(at + 6, _graphNode[q], focus, canonical);
        }
        _lines.Append(" .\n"u8);
    }

    private void WriteComponent(int segment, int node, int focus, bool canonical)
    {
        if (node == NoBlank) _lines.Append(_terms.Slice(_segments[segment], _segments[segment + 1]));
        else if (canonical)
        {
            _lines.Append("_:c14n"u8);
            _lines.AppendDecimal(_canonical[node]);
        }
        else _lines.Append(node == focus ? "_:a"u8 : "_:z"u8);
    }

    private string HashHex(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[48];
        hash = hash[.._hashSize];
        Hash(data, hash);
        return Convert.ToHexStringLower(hash);
    }

    private void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (_hashSize == 32) SHA256.HashData(data, destination);
        else SHA384.HashData(data, destination);
    }

    private void EnsureRanges(int count)
    {
        if (_ranges.Length < count) _ranges = new LineRange[Math.Max(count, _ranges.Length * 2)];
    }

    private readonly record struct LineRange(int Start, int Length);

    private sealed class LineComparer(ByteBuffer lines) : IComparer<LineRange>
    {
        public int Compare(LineRange x, LineRange y) =>
            lines.Slice(x.Start, x.Length).SequenceCompareTo(lines.Slice(y.Start, y.Length));
    }
}
