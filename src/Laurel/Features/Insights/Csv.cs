using System.Text;

namespace Laurel.Features.Insights;

/// <summary>RFC 4180 CSV with a guard against formula injection in spreadsheets (OWASP "CSV injection").</summary>
public static class Csv
{
    /// <summary>
    /// A cell as written: text a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return) gets a
    /// leading apostrophe, and a cell with a comma, quote or line break is quoted.
    /// </summary>
    public static string Cell(string? value)
    {
        var v = value ?? "";
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@' or '\t' or '\r') v = "'" + v;
        return v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }

    public static void Row(StringBuilder sb, params string?[] cells) => sb.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
}
