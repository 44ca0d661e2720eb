using System.Net;
using Laurel.Infrastructure.Net;

namespace Laurel.Features.Notifications.Webhooks;

/// <summary>
/// Where Laurel may POST (SSRF guard, checked at registration and again at every send): absolute https URLs without user
/// info whose host is not a private, loopback, link-local or otherwise internal address (<see cref="AddressRules"/>).
/// Hosts on <c>Laurel:Webhooks:AllowedHosts</c> (host:port) may be internal (tests, a receiver on the same machine); plain
/// http is never allowed: events carry award data and the signature does not hide it.
/// </summary>
public static class WebhookUrlRules
{
    public enum Problem { None, NotAUrl, NotHttps, UserInfo, PrivateAddress, Unresolvable }

    /// <summary>The checks that need no DNS.</summary>
    public static Problem Check(string? text, ISet<string> allowedHosts, out Uri? url)
    {
        url = null;
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp) || string.IsNullOrEmpty(parsed.Host))
            return Problem.NotAUrl;
        url = parsed;
        if (!string.IsNullOrEmpty(parsed.UserInfo)) return Problem.UserInfo;
        var allowed = IsAllowListed(parsed, allowedHosts);
        if (parsed.Scheme != Uri.UriSchemeHttps) return Problem.NotHttps;
        if (!allowed && IPAddress.TryParse(parsed.IdnHost.Trim('[', ']'), out var literal) && !AddressRules.IsPublic(literal)) return Problem.PrivateAddress;
        if (!allowed && parsed.IdnHost.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return Problem.PrivateAddress;
        return Problem.None;
    }

    /// <summary>Check plus name resolution: a name that resolves to any internal address is refused.</summary>
    public static async Task<Problem> CheckResolvedAsync(string? text, ISet<string> allowedHosts, CancellationToken ct)
    {
        var problem = Check(text, allowedHosts, out var url);
        if (problem != Problem.None || IsAllowListed(url!, allowedHosts) || IPAddress.TryParse(url!.IdnHost.Trim('[', ']'), out _)) return problem;
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(url.IdnHost, ct);
            if (addresses.Length == 0) return Problem.Unresolvable;
            return addresses.All(AddressRules.IsPublic) ? Problem.None : Problem.PrivateAddress;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return Problem.Unresolvable;
        }
    }

    public static bool IsAllowListed(Uri url, ISet<string> allowedHosts) => IsAllowListed(url.IdnHost, url.Port, allowedHosts);

    public static bool IsAllowListed(string host, int port, ISet<string> allowedHosts) =>
        allowedHosts.Contains($"{host.Trim('[', ']').ToLowerInvariant()}:{port}");
}
