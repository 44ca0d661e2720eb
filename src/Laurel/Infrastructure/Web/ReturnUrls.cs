namespace Laurel.Infrastructure.Web;

/// <summary>
/// The one check for "where to go back to" values from a query string or form (sign-in, sign-out, language switch): only a path
/// on this site, else home. Browsers read <c>//host</c> and <c>/\host</c> as another site and drop tabs and newlines before doing
/// so (<c>/%09/evil.example</c> arrives here as "/", tab, "/evil.example"); a non-ASCII character cannot go into a Location header.
/// Anything outside printable ASCII is therefore refused outright rather than cleaned up.
/// </summary>
public static class ReturnUrls
{
    public const int MaxLength = 2048;

    public static string Safe(string? url) => IsSafe(url) ? url! : "/";

    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || url[0] != '/') return false;
        if (url.Length > 1 && url[1] is '/' or '\\') return false;
        foreach (var c in url)
            if (c is < '!' or > '~' or '\\') return false; // controls, spaces, DEL, non-ASCII, and backslashes anywhere
        return true;
    }
}
