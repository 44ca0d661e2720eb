using System.Net;
using System.Net.Sockets;

namespace Laurel.Infrastructure.Net;

/// <summary>
/// The one <see cref="SocketsHttpHandler.ConnectCallback"/> of every outbound client that takes an address from outside
/// (verifier fetches, webhooks, other Open Badges hosts): resolve the host once, refuse it when any of its addresses is
/// internal (<see cref="AddressRules"/>) unless its host:port is allow-listed, then connect to exactly the checked address,
/// so a DNS answer that changes between check and connect (rebinding) cannot redirect the socket.
/// </summary>
public static class CheckedConnect
{
    /// <summary>Builds the exception a refusal throws: its message, the cause, and whether an internal address was the reason.</summary>
    public delegate Exception Refusal(string message, Exception? inner, bool privateAddress);

    /// <summary>A connect callback that allows internal addresses only for host:port pairs on <paramref name="allowed"/>.</summary>
    /// <param name="allowed">Lower-case <c>host:port</c> pairs (IPv6 without brackets) that may be internal, e.g. test servers.</param>
    /// <param name="refuse">Makes the feature's own exception type.</param>
    /// <param name="consequence">How the feature words the refusal, e.g. "the verifier does not fetch from it".</param>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Callback(
        Func<IReadOnlySet<string>> allowed, Refusal refuse, string consequence) =>
        async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var port = context.DnsEndPoint.Port;
            var candidates = await ResolveAsync(host, refuse, ct);
            if (!IsAllowListed(allowed(), host, port)
                && candidates.Select(a => (Address: a, Reason: AddressRules.RefusalReason(a))).FirstOrDefault(x => x.Reason is not null) is { Reason: { } reason } refused)
                // A name that resolves to any internal address is refused outright rather than trying the public ones.
                throw refuse($"{host} resolves to {refused.Address}, a {reason} address; {consequence}.", null, true);
            return await AddressRules.ConnectAsync(candidates, port, ct);
        };

    /// <summary>True when <paramref name="host"/>:<paramref name="port"/> is on the allow-list (case-insensitive, IPv6 brackets ignored).</summary>
    public static bool IsAllowListed(IReadOnlySet<string> allowed, string host, int port) =>
        allowed.Count > 0 && allowed.Contains($"{host.Trim('[', ']').ToLowerInvariant()}:{port}");

    private static async Task<IPAddress[]> ResolveAsync(string host, Refusal refuse, CancellationToken ct)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) return [literal];
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, ct);
        }
        catch (SocketException e)
        {
            throw refuse($"{host} could not be found.", e, false);
        }
        return addresses.Length > 0 ? addresses : throw refuse($"{host} has no address.", null, false);
    }
}
