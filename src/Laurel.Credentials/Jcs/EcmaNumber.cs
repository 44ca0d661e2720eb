using System.Globalization;

namespace Laurel.Credentials.Jcs;

/// <summary>ECMAScript Number::toString for IEEE-754 doubles (ECMA-262 §6.1.6.1.20), as RFC 8785 §3.2.2.3 requires.</summary>
public static class EcmaNumber
{
    /// <summary>Formats a finite double exactly as JavaScript's <c>String(number)</c>.</summary>
    public static string Format(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), "JSON has no NaN or Infinity.");
        if (value == 0) return "0"; // also -0

        // "R" yields the shortest digits that round-trip; rebuild them as digits × 10^exponent.
        Span<char> digits = stackalloc char[32];
        var (count, pointPosition) = ShortestDigits(Math.Abs(value), digits);
        var k = count;
        var n = pointPosition; // value = 0.d1d2...dk × 10^n
        var sign = value < 0 ? "-" : "";
        var s = digits[..k].ToString();

        if (k <= n && n <= 21) return sign + s + new string('0', n - k);
        if (0 < n && n <= 21) return sign + s[..n] + "." + s[n..];
        if (-6 < n && n <= 0) return sign + "0." + new string('0', -n) + s;
        var e = n - 1;
        var exponent = (e < 0 ? "-" : "+") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        return k == 1 ? sign + s + "e" + exponent : sign + s[0] + "." + s[1..] + "e" + exponent;
    }

    /// <summary>Writes the significant digits (no leading or trailing zeros) and returns (count, n) with value = 0.digits × 10^n.</summary>
    private static (int Count, int PointPosition) ShortestDigits(double positive, Span<char> digits)
    {
        var text = positive.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny('E', 'e');
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var count = 0;
        var pointAt = text.IndexOf('.');
        var integerDigits = pointAt < 0 ? text.Length : pointAt;
        var leadingZeros = 0;
        foreach (var c in text)
        {
            if (c == '.') continue;
            if (count == 0 && c == '0') { leadingZeros++; continue; }
            digits[count++] = c;
        }
        while (count > 1 && digits[count - 1] == '0') count--;
        return (count, integerDigits - leadingZeros + exponent);
    }
}
