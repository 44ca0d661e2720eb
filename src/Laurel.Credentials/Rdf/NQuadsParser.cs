using System.Globalization;
using System.Text;

namespace Laurel.Credentials.Rdf;

/// <summary>A small N-Quads 1.1 parser (IRIs, blank nodes, literals with ECHAR/UCHAR escapes, comments).</summary>
internal sealed class NQuadsParser(string text)
{
    private readonly StringBuilder _scratch = new();
    private int _pos;
    private int _line = 1;

    public List<RdfQuad> ParseAll()
    {
        var quads = new List<RdfQuad>();
        while (true)
        {
            SkipWhitespaceAndComments();
            if (_pos >= text.Length) return quads;
            var subject = ReadTerm("subject");
            if (subject.IsLiteral) throw Error("a literal cannot be a subject");
            SkipSpaces();
            var predicate = ReadTerm("predicate");
            if (!predicate.IsIri) throw Error("the predicate must be an IRI");
            SkipSpaces();
            var obj = ReadTerm("object");
            SkipSpaces();
            var graph = RdfTerm.Default;
            if (Peek() != '.')
            {
                graph = ReadTerm("graph name");
                if (graph.IsLiteral) throw Error("a literal cannot be a graph name");
                SkipSpaces();
            }
            if (Peek() != '.') throw Error("expected '.' at the end of the statement");
            _pos++;
            SkipSpaces();
            if (_pos < text.Length && text[_pos] == '#') SkipComment();
            if (_pos < text.Length && text[_pos] != '\n' && text[_pos] != '\r') throw Error("expected the end of the line");
            quads.Add(new RdfQuad(subject, predicate, obj, graph));
        }
    }

    private RdfTerm ReadTerm(string role)
    {
        return Peek() switch
        {
            '<' => RdfTerm.Iri(ReadIri()),
            '_' => RdfTerm.Blank(ReadBlankLabel()),
            '"' => ReadLiteral(),
            _ => throw Error($"expected the {role}"),
        };
    }

    private string ReadIri()
    {
        _pos++; // '<'
        _scratch.Clear();
        while (true)
        {
            if (_pos >= text.Length) throw Error("unterminated IRI");
            var c = text[_pos++];
            if (c == '>') return _scratch.ToString();
            if (c == '\\') ReadUnicodeEscape(text[_pos++]);
            else if (c is ' ' or '<' or '"' or '{' or '}' or '|' or '^' or '`' or '\n' or '\r') throw Error($"character '{c}' is not allowed in an IRI");
            else _scratch.Append(c);
        }
    }

    private string ReadBlankLabel()
    {
        if (_pos + 1 >= text.Length || text[_pos + 1] != ':') throw Error("expected '_:'");
        _pos += 2;
        var start = _pos;
        while (_pos < text.Length && !char.IsWhiteSpace(text[_pos]) && text[_pos] is not ('<' or '"' or '#')) _pos++;
        // A label may contain '.' but not end with it: "_:b0." is the label b0 and the statement end.
        while (_pos > start && text[_pos - 1] == '.') _pos--;
        if (_pos == start) throw Error("empty blank node label");
        return text[start.._pos];
    }

    private RdfTerm ReadLiteral()
    {
        _pos++; // '"'
        _scratch.Clear();
        while (true)
        {
            if (_pos >= text.Length) throw Error("unterminated literal");
            var c = text[_pos++];
            if (c == '"') break;
            if (c is '\n' or '\r') throw Error("line break inside a literal");
            if (c != '\\') { _scratch.Append(c); continue; }
            if (_pos >= text.Length) throw Error("unterminated escape");
            var e = text[_pos++];
            switch (e)
            {
                case 't': _scratch.Append('\t'); break;
                case 'b': _scratch.Append('\b'); break;
                case 'n': _scratch.Append('\n'); break;
                case 'r': _scratch.Append('\r'); break;
                case 'f': _scratch.Append('\f'); break;
                case '"': _scratch.Append('"'); break;
                case '\'': _scratch.Append('\''); break;
                case '\\': _scratch.Append('\\'); break;
                default: ReadUnicodeEscape(e); break;
            }
        }
        var value = _scratch.ToString();
        if (Peek() == '@')
        {
            var start = ++_pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '-')) _pos++;
            if (_pos == start) throw Error("empty language tag");
            return RdfTerm.Literal(value, language: text[start.._pos]);
        }
        if (Peek() == '^')
        {
            if (_pos + 2 >= text.Length || text[_pos + 1] != '^' || text[_pos + 2] != '<') throw Error("expected '^^<'");
            _pos += 2;
            return RdfTerm.Literal(value, ReadIri());
        }
        return RdfTerm.Literal(value);
    }

    private void ReadUnicodeEscape(char kind)
    {
        var digits = kind switch { 'u' => 4, 'U' => 8, _ => throw Error($"invalid escape '\\{kind}'") };
        if (_pos + digits > text.Length ||
            !int.TryParse(text.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var codePoint) ||
            !Rune.IsValid(codePoint))
            throw Error("invalid unicode escape");
        _pos += digits;
        var rune = new Rune(codePoint);
        Span<char> chars = stackalloc char[2];
        _scratch.Append(chars[..rune.EncodeToUtf16(chars)]);
    }

    private char Peek() => _pos < text.Length ? text[_pos] : '\0';

    private void SkipSpaces()
    {
        while (_pos < text.Length && text[_pos] is ' ' or '\t') _pos++;
    }

    private void SkipComment()
    {
        while (_pos < text.Length && text[_pos] != '\n' && text[_pos] != '\r') _pos++;
    }

    private void SkipWhitespaceAndComments()
    {
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c == '\n') { _line++; _pos++; }
            else if (c is ' ' or '\t' or '\r') _pos++;
            else if (c == '#') SkipComment();
            else return;
        }
    }

    private FormatException Error(string message) => new($"N-Quads line {_line}: {message}.");
}
