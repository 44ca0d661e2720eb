using System.Globalization;
using System.Text;
using Laurel.Credentials.Rdf;

namespace Laurel.Credentials.Tests.JsonLd;

/// <summary>A small N-Quads reader for expected test outputs (test-only; the library's own N-Quads code lives elsewhere).</summary>
internal static class TestNQuads
{
    public static List<RdfQuad> Parse(string text)
    {
        var quads = new List<RdfQuad>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var pos = 0;
            var subject = ReadTerm(line, ref pos);
            var predicate = ReadTerm(line, ref pos);
            var obj = ReadTerm(line, ref pos);
            SkipSpace(line, ref pos);
            var graph = line[pos] == '.' ? RdfTerm.Default : ReadTerm(line, ref pos);
            quads.Add(new RdfQuad(subject, predicate, obj, graph));
        }

        return quads;
    }

    /// <summary>Serializes one term for diagnostics and sorting.</summary>
    public static string Format(RdfTerm term) => term.Kind switch
    {
        RdfTermKind.Iri => "<" + term.Value + ">",
        RdfTermKind.BlankNode => "_:" + term.Value,
        RdfTermKind.DefaultGraph => "",
        _ => "\"" + Escape(term.Value) + "\"" + (term.Language is not null ? "@" + term.Language
            : term.Datatype == RdfTerm.XsdString ? "" : "^^<" + term.Datatype + ">"),
    };

    public static string Format(RdfQuad quad) =>
        $"{Format(quad.Subject)} {Format(quad.Predicate)} {Format(quad.Object)}{(quad.Graph.Kind == RdfTermKind.DefaultGraph ? "" : " " + Format(quad.Graph))} .";

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r");

    private static void SkipSpace(string line, ref int pos)
    {
        while (pos < line.Length && (line[pos] == ' ' || line[pos] == '\t')) pos++;
    }

    private static RdfTerm ReadTerm(string line, ref int pos)
    {
        SkipSpace(line, ref pos);
        switch (line[pos])
        {
            case '<':
            {
                var end = line.IndexOf('>', pos);
                var iri = Unescape(line[(pos + 1)..end]);
                pos = end + 1;
                return RdfTerm.Iri(iri);
            }
            case '_':
            {
                var start = pos + 2;
                pos = start;
                while (pos < line.Length && line[pos] != ' ' && line[pos] != '\t') pos++;
                if (line[pos - 1] == '.' && pos == line.Length) pos--;
                return RdfTerm.Blank(line[start..pos]);
            }
            case '"':
            {
                var sb = new StringBuilder();
                pos++;
                while (line[pos] != '"')
                {
                    if (line[pos] == '\\')
                    {
                        pos++;
                        switch (line[pos])
                        {
                            case 't': sb.Append('\t'); break;
                            case 'b': sb.Append('\b'); break;
                            case 'n': sb.Append('\n'); break;
                            case 'r': sb.Append('\r'); break;
                            case 'f': sb.Append('\f'); break;
                            case 'u':
                                sb.Append((char)int.Parse(line.AsSpan(pos + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                                pos += 4;
                                break;
                            case 'U':
                                sb.Append(char.ConvertFromUtf32(int.Parse(line.AsSpan(pos + 1, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
                                pos += 8;
                                break;
                            default: sb.Append(line[pos]); break;
                        }

                        pos++;
                    }
                    else
                    {
                        sb.Append(line[pos++]);
                    }
                }

                pos++;
                if (pos < line.Length && line[pos] == '@')
                {
                    var start = ++pos;
                    while (pos < line.Length && (char.IsAsciiLetterOrDigit(line[pos]) || line[pos] == '-')) pos++;
                    return RdfTerm.Literal(sb.ToString(), language: line[start..pos]);
                }

                if (pos + 1 < line.Length && line[pos] == '^' && line[pos + 1] == '^')
                {
                    pos += 2;
                    var datatype = ReadTerm(line, ref pos);
                    return RdfTerm.Literal(sb.ToString(), datatype.Value);
                }

                return RdfTerm.Literal(sb.ToString());
            }
            default:
                throw new FormatException("unexpected N-Quads term at: " + line[pos..]);
        }
    }

    private static string Unescape(string iri)
    {
        if (!iri.Contains('\\')) return iri;
        var sb = new StringBuilder();
        for (var i = 0; i < iri.Length; i++)
        {
            if (iri[i] == '\\' && iri[i + 1] == 'u')
            {
                sb.Append((char)int.Parse(iri.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 5;
            }
            else if (iri[i] == '\\' && iri[i + 1] == 'U')
            {
                sb.Append(char.ConvertFromUtf32(int.Parse(iri.AsSpan(i + 2, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
                i += 9;
            }
            else sb.Append(iri[i]);
        }

        return sb.ToString();
    }
}
