using System.Text.RegularExpressions;

namespace Laurel.Testing;

/// <summary>Assertions that a value a learner hid (a grade such as "9.25") is not in a page or file.</summary>
public static class Hidden
{
    /// <summary>
    /// Fails when <paramref name="value"/> stands in <paramref name="text"/> as a value of its own. Digits glued to more digits, a
    /// dot or a colon do not count: a timestamp such as "…T16:04:39.2591078Z" holds "9.25" and once failed a plain substring check.
    /// </summary>
    public static void AssertAbsent(string value, string text)
    {
        var match = Regex.Match(text, $@"(?<![\d.:]){Regex.Escape(value)}(?!\d)", RegexOptions.None, TimeSpan.FromSeconds(5));
        Assert.False(match.Success, $"\"{value}\" found at {match.Index}: …{text.Substring(Math.Max(0, match.Index - 40), Math.Min(text.Length - Math.Max(0, match.Index - 40), 80 + value.Length))}…");
    }
}
