using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Html;

namespace Laurel.Features.Dev;

/// <summary>
/// The Development mailbox: the mail Laurel put in its outbox, readable in the browser so a developer can follow a claim link
/// without an SMTP server. <see cref="Enabled"/> is true only in the Development environment; every page of it answers 404
/// otherwise (the outbox holds learners' addresses and sign-in links, which production must never show).
/// </summary>
public sealed partial class DevMailbox(IHostEnvironment environment, PublicOrigin origin)
{
    public const int PageSize = 100;

    public bool Enabled => environment.IsDevelopment();

    /// <summary>
    /// The plain-text body with its addresses as links. Links to Laurel's configured public origin become site-relative, so they
    /// work on whatever port the development server actually listens on.
    /// </summary>
    public IHtmlContent Render(string text)
    {
        var html = new StringBuilder();
        var at = 0;
        foreach (Match m in Url().Matches(text))
        {
            html.Append(WebUtility.HtmlEncode(text[at..m.Index]));
            var url = m.Value.TrimEnd('.', ',', ')', ';', ':');
            var href = url.StartsWith(origin.Root + "/", StringComparison.Ordinal) ? url[origin.Root.Length..] : url;
            html.Append("<a href=\"").Append(WebUtility.HtmlEncode(href)).Append("\">").Append(WebUtility.HtmlEncode(url)).Append("</a>");
            at = m.Index + url.Length;
        }
        html.Append(WebUtility.HtmlEncode(text[at..]));
        return new HtmlString(html.ToString());
    }

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Url();
}
