using System.Globalization;

namespace Laurel.Features.Backpack;

/// <summary>The share targets of a public page: LinkedIn feed and e-mail (LinkedIn "Add to profile" is the publishing feature's).</summary>
public static class ShareLinks
{
    /// <summary>LinkedIn's "share in feed" dialog for a URL (LinkedIn reads the page's OpenGraph tags for the preview).</summary>
    public static string LinkedInFeed(string url) => "https://www.linkedin.com/sharing/share-offsite/?url=" + Uri.EscapeDataString(url);

    /// <summary>A mailto: link with subject and body (RFC 6068: spaces as %20, never +).</summary>
    public static string Email(string subject, string body) =>
        "mailto:?subject=" + Uri.EscapeDataString(subject) + "&body=" + Uri.EscapeDataString(body);

    /// <summary>Month and year as shown next to LinkedIn's fields.</summary>
    public static string MonthYear(DateTime date) => date.ToString("MMMM yyyy", CultureInfo.CurrentCulture);
}
