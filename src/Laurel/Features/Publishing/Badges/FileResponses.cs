using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Laurel.Features.Publishing.Badges;

/// <summary>How every badge download is answered: content type, file name, strong ETag (304 on a match) and caching.</summary>
public static class FileResponses
{
    /// <summary>
    /// Public files may sit in shared caches for a minute (revocation shows up quickly); files only their owner or staff
    /// may see are never stored by shared caches. Both revalidate cheaply with the ETag.
    /// </summary>
    public static IResult File(HttpContext context, byte[] bytes, string contentType, string? downloadName, bool isPublic)
    {
        context.Response.Headers.CacheControl = isPublic ? "public, max-age=60" : "private, no-cache";
        context.Response.Headers.Append("Vary", "Cookie"); // appended: the badge page address also varies by Accept
        var tag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"");
        return Results.File(bytes, contentType, downloadName, entityTag: tag);
    }

    /// <summary>A file name from the achievement name: lower-case letters, digits and dashes only.</summary>
    public static string FileName(string achievementName, string extension)
    {
        var builder = new StringBuilder();
        foreach (var c in achievementName.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) builder.Append(c);
            else if (char.IsWhiteSpace(c) || c is '-' or '_' or '.') { if (builder.Length > 0 && builder[^1] != '-') builder.Append('-'); }
        }
        var name = builder.ToString().Trim('-');
        if (name.Length > 60) name = name[..60].TrimEnd('-');
        return (name.Length == 0 ? "badge" : name) + extension;
    }
}
