using System.Buffers;
using System.Globalization;
using System.Numerics;

namespace Laurel.Credentials.JsonLd;

/// <summary>Canonical lexical forms and well-formedness checks used by Object to RDF Conversion (API §6.1.2, digest JL-2.4).</summary>
internal static class RdfLiterals
{
    public const string XsdBoolean = "http://www.w3.org/2001/XMLSchema#boolean";
    public const string XsdInteger = "http://www.w3.org/2001/XMLSchema#integer";
    public const string XsdDouble = "http://www.w3.org/2001/XMLSchema#double";
    public const string RdfJson = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON";

    /// <summary>xsd:integer canonical form; integer source text is kept so values beyond 2^53 are exact.</summary>
    public static string Integer(JsonNumber number)
    {
        if (number.IsIntegerText)
        {
            var text = number.Text;
            return text == "-0" ? "0" : text;
        }

        return new BigInteger(number.Value).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// xsd:double canonical form <c>d.dddE±n</c> with 15 fractional digits before trimming, matching the reference
    /// processor (jsonld.js: <c>toExponential(15)</c>): 2.5 → 2.5E0, 0.05 → 5.0E-2, 1e21 → 1.0E21.
    /// </summary>
    public static string Double(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "INF" : "-INF";
        var formatted = value.ToString("E15", CultureInfo.InvariantCulture); // e.g. -2.500000000000000E+000
        var e = formatted.IndexOf('E');
        var mantissa = formatted.AsSpan(0, e).TrimEnd('0');
        var exponent = int.Parse(formatted.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return mantissa[^1] == '.'
            ? string.Concat(mantissa, "0E", exponent.ToString(CultureInfo.InvariantCulture))
            : string.Concat(mantissa, "E", exponent.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>True when the number must be written as xsd:double (fraction or magnitude ≥ 10^21).</summary>
    public static bool NeedsDouble(JsonNumber number) =>
        number.Value % 1 != 0 || Math.Abs(number.Value) >= 1e21 || double.IsInfinity(number.Value);

    /// <summary>An absolute IRI without characters N-Quads cannot carry.</summary>
    public static bool IsWellFormedIri(string iri)
    {
        if (!IriResolver.IsAbsolute(iri) || iri.AsSpan().IndexOfAny(InvalidIriChars) >= 0) return false;
        var hash = iri.IndexOf('#');
        return hash < 0 || iri.IndexOf('#', hash + 1) < 0; // '#' is not allowed inside a fragment
    }

    private static readonly SearchValues<char> InvalidIriChars = SearchValues.Create(
        "<>\"{}|\\^`\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F ");

    public static bool IsWellFormedResource(string value) =>
        value.StartsWith("_:", StringComparison.Ordinal) ? value.Length > 2 : IsWellFormedIri(value);

    /// <summary>BCP 47 shape check: <c>[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*</c>.</summary>
    public static bool IsWellFormedLanguage(string tag)
    {
        var start = 0;
        var first = true;
        while (true)
        {
            var end = tag.IndexOf('-', start);
            if (end < 0) end = tag.Length;
            var length = end - start;
            if (length is < 1 or > 8) return false;
            for (var i = start; i < end; i++)
            {
                if (first ? !char.IsAsciiLetter(tag[i]) : !char.IsAsciiLetterOrDigit(tag[i])) return false;
            }

            if (end == tag.Length) return true;
            start = end + 1;
            first = false;
        }
    }
}
