using System.Globalization;
using System.Net;
using System.Text;

namespace Laurel.Features.Notifications;

/// <summary>
/// Fills one resource template twice: as plain text, and as simple HTML in which the template and every value are escaped
/// and the link becomes an anchor. Templates keep line breaks as \n so one TSV row holds a whole message; a blank line
/// starts a new paragraph.
/// </summary>
internal static class MailRenderer
{
    public static string Subject(string template, CultureInfo culture, object?[] values) =>
        // A header is one line, whatever a name contains.
        string.Format(culture, template, values).ReplaceLineEndings(" ").Trim();

    public static (string Text, string Html) Body(string template, CultureInfo culture, object?[] values, int linkIndex)
    {
        var lines = template.Replace("\\n", "\n", StringComparison.Ordinal);
        var text = string.Format(culture, lines, values);
        var htmlValues = values.Select((value, i) => i == linkIndex && value is string url && url.Length > 0
            ? $"<a href=\"{WebUtility.HtmlEncode(url)}\">{WebUtility.HtmlEncode(url)}</a>"
            : WebUtility.HtmlEncode(Convert.ToString(value, culture) ?? "")).ToArray<object?>();
        var filled = string.Format(culture, WebUtility.HtmlEncode(lines), htmlValues);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(culture.TwoLetterISOLanguageName)
            .Append("\"><head><meta charset=\"utf-8\"></head><body>\n");
        foreach (var paragraph in filled.Split("\n\n"))
            html.Append("<p>").Append(paragraph.Replace("\n", "<br>\n", StringComparison.Ordinal)).Append("</p>\n");
        html.Append("</body></html>\n");
        return (text, html.ToString());
    }
}
