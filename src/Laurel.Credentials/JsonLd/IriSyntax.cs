using System.Buffers;

namespace Laurel.Credentials.JsonLd;

/// <summary>
/// Whether text can stand as an absolute IRI in a credential that is signed: the IRI characters of RFC 3987 §2.2 (percent
/// escapes complete, no private-use or bidi formatting characters, §4.1) and the N-Quads rules that Object to RDF Conversion
/// applies when the signer turns the credential into RDF (<see cref="RdfLiterals.IsWellFormedIri"/>). Applications validate
/// their input with it so that whatever they accept also signs.
/// </summary>
public static class IriSyntax
{
    /// <summary>An absolute IRI that JSON-LD → RDF accepts and RFC 3987 allows (scheme and structure are the caller's rules).</summary>
    public static bool IsAbsoluteIri(string? value)
    {
        if (string.IsNullOrEmpty(value) || !RdfLiterals.IsWellFormedIri(value)) return false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2])) return false;
                i += 2;
            }
            else if (c < 0x80)
            {
                if (!AsciiIriChars.Contains(c)) return false;
            }
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]) || !IsUcsChar(char.ConvertToUtf32(c, value[i + 1]))) return false;
                i++;
            }
            else if (char.IsLowSurrogate(c) || !IsUcsChar(c)) return false;
        }
        return true;
    }

    // unreserved (ASCII part), gen-delims and sub-delims of RFC 3986/3987; '%' is handled on its own.
    private static readonly SearchValues<char> AsciiIriChars = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=");

    // RFC 3987 ucschar, without the bidi formatting characters §4.1 forbids (they make an address read differently than it goes).
    private static bool IsUcsChar(int cp)
    {
        if (cp is 0x200E or 0x200F || cp is >= 0x202A and <= 0x202E) return false;
        if (cp < 0x10000) return cp is >= 0xA0 and <= 0xD7FF or >= 0xF900 and <= 0xFDCF or >= 0xFDF0 and <= 0xFFEF;
        if ((cp & 0xFFFF) > 0xFFFD) return false;
        return cp < 0xE0000 || cp is >= 0xE1000 and <= 0xEFFFD;
    }
}
