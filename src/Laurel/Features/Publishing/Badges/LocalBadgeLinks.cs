using System.Security.Claims;
using Laurel.Features.Verification;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Publishing.Badges;

/// <summary>
/// A pasted link to one of Laurel's own badge pages, answered as an anonymous visitor would get it: the same access rule
/// (<see cref="AwardAccess"/>, public badges only) and the same file (<see cref="PublicCredentials"/>).
/// </summary>
public sealed class LocalBadgeLinks(PublicOrigin origin, AwardAccess access, PublicCredentials credentials) : ILocalBadgeLinks
{
    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());
    private readonly string _prefix = origin.Url("/badges/");

    public async Task<(bool IsLocal, string? Json)> PublicCredentialAsync(Uri url, CancellationToken ct)
    {
        var address = url.GetLeftPart(UriPartial.Path);
        if (!address.StartsWith(_prefix, StringComparison.Ordinal)) return (false, null);
        var rest = address[_prefix.Length..];
        if (rest.EndsWith("/credential.json", StringComparison.Ordinal)) rest = rest[..^"/credential.json".Length];
        if (!Guid.TryParse(rest, out var awardId)) return (false, null); // another file of the badge: fetched like any address
        if (await access.FindVisibleAsync(awardId, Anonymous, ct) is not { } visible) return (true, null);
        return (true, await credentials.ForViewerAsync(visible, ct));
    }
}
