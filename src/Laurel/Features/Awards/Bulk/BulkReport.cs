using System.Text;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards.Bulk;

/// <summary>CSV files handed to staff: the report of every row's outcome and an empty template. UTF-8 with BOM so spreadsheets read accents.</summary>
public static class BulkReport
{
    public static byte[] Report(BulkUpload upload, IStringLocalizer<BulkText> t, IStringLocalizer<AwardsText> w)
    {
        var delimiter = upload.Delimiter is { Length: 1 } d ? d[0] : ',';
        var csv = new StringBuilder();
        Line(csv, delimiter, [t["Report_Line"], t["Report_Learner"], t["Report_Name"], t["Report_Outcome"], t["Report_AwardId"],
            t["Report_State"], t["Report_Reasons"]]);
        foreach (var o in BulkAwardService.Outcomes(upload))
            Line(csv, delimiter, [o.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), o.Recipient, o.Name ?? "",
                o.Awarded ? t[o.Earlier ? "Outcome_AwardedEarlier" : "Outcome_Awarded"] : t["Outcome_Refused"], o.AwardId?.ToString() ?? "",
                o.State is { } state ? w["State_" + state] : "", string.Join(" | ", o.Reasons)]);
        return Encode(csv);
    }

    /// <summary>The header row in the language of the page, with one example row.</summary>
    public static byte[] Template(IStringLocalizer<BulkText> t)
    {
        var csv = new StringBuilder();
        var nl = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName != "en";
        var delimiter = nl ? ';' : ',';
        Line(csv, delimiter, Enum.GetValues<BulkColumn>().Select(c => t["Column_" + c].Value));
        return Encode(csv);
    }

    private static byte[] Encode(StringBuilder csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];

    private static void Line(StringBuilder csv, char delimiter, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first) csv.Append(delimiter);
            first = false;
            csv.Append(Quote(field, delimiter));
        }
        csv.Append("\r\n");
    }

    // Quotes when needed; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs a learner's text as a formula.
    private static string Quote(string value, char delimiter)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([delimiter, '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
