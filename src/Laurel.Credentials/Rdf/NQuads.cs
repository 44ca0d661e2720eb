using System.Buffers;
using System.Text;

namespace Laurel.Credentials.Rdf;

/// <summary>Canonical N-Quads (RDFC-1.0 Appendix A, RC-3.6) serialization and an N-Quads 1.1 parser.</summary>
public static class NQuads
{
    // RC-3.6: these characters are escaped in literals; everything else is written as raw UTF-8.
    private static readonly SearchValues<char> LiteralEscapes = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\"\\\u007F");

    private static readonly byte[] HexUpper = "0123456789ABCDEF"u8.ToArray();

    /// <summary>Serializes one quad as a canonical N-Quads line ending in <c>\n</c>.</summary>
    public static string SerializeQuad(RdfQuad quad)
    {
        using var buffer = new ByteBuffer(256);
        WriteQuad(buffer, quad);
        return buffer.ToString();
    }

    /// <summary>Serializes quads in the given order (no sorting, no relabelling) as canonical N-Quads.</summary>
    public static string Serialize(IEnumerable<RdfQuad> quads)
    {
        using var buffer = new ByteBuffer();
        foreach (var quad in quads) WriteQuad(buffer, quad);
        return buffer.ToString();
    }

    /// <summary>Parses an N-Quads document (also N-Triples); throws <see cref="FormatException"/> on bad syntax.</summary>
    public static List<RdfQuad> Parse(string text) => new NQuadsParser(text).ParseAll();

    internal static void WriteQuad(ByteBuffer buffer, in RdfQuad quad)
    {
        WriteTerm(buffer, quad.Subject);
        buffer.Append((byte)' ');
        WriteTerm(buffer, quad.Predicate);
        buffer.Append((byte)' ');
        WriteTerm(buffer, quad.Object);
        if (quad.Graph.Kind != RdfTermKind.DefaultGraph)
        {
            buffer.Append((byte)' ');
            WriteTerm(buffer, quad.Graph);
        }
        buffer.Append(" .\n"u8);
    }

    /// <summary>Writes one term in canonical form; blank nodes keep their own label.</summary>
    internal static void WriteTerm(ByteBuffer buffer, in RdfTerm term)
    {
        switch (term.Kind)
        {
            case RdfTermKind.Iri:
                WriteIri(buffer, term.Value);
                break;
            case RdfTermKind.BlankNode:
                buffer.Append("_:"u8);
                buffer.AppendUtf8(term.Value);
                break;
            case RdfTermKind.Literal:
                WriteLiteral(buffer, term);
                break;
            default:
                throw new ArgumentException("The default graph is not a serializable term.", nameof(term));
        }
    }

    internal static void WriteIri(ByteBuffer buffer, string iri)
    {
        buffer.Append((byte)'<');
        buffer.AppendUtf8(iri);
        buffer.Append((byte)'>');
    }

    internal static void WriteLiteral(ByteBuffer buffer, in RdfTerm literal)
    {
        buffer.Append((byte)'"');
        WriteEscaped(buffer, literal.Value);
        buffer.Append((byte)'"');
        if (literal.Language is { Length: > 0 } language)
        {
            buffer.Append((byte)'@');
            buffer.AppendUtf8(language);
        }
        else if (literal.Datatype is { } datatype && datatype != RdfTerm.XsdString)
        {
            buffer.Append("^^"u8);
            WriteIri(buffer, datatype);
        }
    }

    private static void WriteEscaped(ByteBuffer buffer, ReadOnlySpan<char> value)
    {
        while (true)
        {
            var next = value.IndexOfAny(LiteralEscapes);
            if (next < 0)
            {
                buffer.AppendUtf8(value);
                return;
            }
            buffer.AppendUtf8(value[..next]);
            var c = value[next];
            switch (c)
            {
                case '\b': buffer.Append("\\b"u8); break;
                case '\t': buffer.Append("\\t"u8); break;
                case '\n': buffer.Append("\\n"u8); break;
                case '\f': buffer.Append("\\f"u8); break;
                case '\r': buffer.Append("\\r"u8); break;
                case '"': buffer.Append("\\\""u8); break;
                case '\\': buffer.Append("\\\\"u8); break;
                default:
                    buffer.Append("\\u00"u8);
                    buffer.Append(HexUpper[c >> 4]);
                    buffer.Append(HexUpper[c & 0xF]);
                    break;
            }
            value = value[(next + 1)..];
        }
    }

    internal static string Decode(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);
}
