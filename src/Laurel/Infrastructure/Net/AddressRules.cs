using System.Net;
using System.Net.Sockets;

namespace Laurel.Infrastructure.Net;

/// <summary>
/// Which IP addresses a server-side fetch may never reach (SSRF guard): anything that is not a public unicast address,
/// including IPv4 addresses hidden inside IPv6 (mapped, compatible, NAT64, 6to4) so a different notation cannot slip past.
/// </summary>
public static class AddressRules
{
    /// <summary>
    /// Connects to one of <paramref name="checkedAddresses"/> (already judged by the caller) and nothing else: the socket a
    /// ConnectCallback hands to HttpClient, so a second DNS answer cannot swap in another address after the check.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(IPAddress[] checkedAddresses, int port, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(checkedAddresses, port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Null when <paramref name="address"/> is a public unicast address; otherwise why it is refused.</summary>
    public static string? RefusalReason(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) return RefusalReason(address.MapToIPv4());
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IPv4Reason(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IPv6Reason(address),
            _ => "not an IP address",
        };
    }

    /// <summary>True when a fetch may connect to <paramref name="address"/>.</summary>
    public static bool IsPublic(IPAddress address) => RefusalReason(address) is null;

    private static string? IPv4Reason(byte[] b) => b switch
    {
        [0, ..] => "unspecified (0.0.0.0/8)",
        [10, ..] => "private (10.0.0.0/8)",
        [100, >= 64 and <= 127, ..] => "shared carrier-grade NAT (100.64.0.0/10)",
        [127, ..] => "loopback (127.0.0.0/8)",
        [169, 254, ..] => "link-local (169.254.0.0/16, includes cloud metadata)",
        [172, >= 16 and <= 31, ..] => "private (172.16.0.0/12)",
        [192, 0, 0, _] => "IETF protocol assignments (192.0.0.0/24)",
        [192, 168, ..] => "private (192.168.0.0/16)",
        [198, 18 or 19, ..] => "benchmarking (198.18.0.0/15)",
        [>= 224 and <= 239, ..] => "multicast (224.0.0.0/4)",
        [>= 240, ..] => "reserved or broadcast (240.0.0.0/4)",
        _ => null,
    };

    private static string? IPv6Reason(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any)) return "unspecified (::)";
        if (address.Equals(IPAddress.IPv6Loopback)) return "loopback (::1)";
        var b = address.GetAddressBytes();
        if ((b[0] & 0xFE) == 0xFC) return "unique local (fc00::/7)";
        if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return "link-local (fe80::/10)";
        if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) return "site-local (fec0::/10)";
        if (b[0] == 0xFF) return "multicast (ff00::/8)";
        // ::a.b.c.d (deprecated IPv4-compatible) and 64:ff9b::a.b.c.d (NAT64) reach the embedded IPv4 address.
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0) return Embedded(b.AsSpan(12, 4), "IPv4-compatible");
        if (b is [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0, ..]) return Embedded(b.AsSpan(12, 4), "NAT64");
        if (b is [0x20, 0x02, ..]) return Embedded(b.AsSpan(2, 4), "6to4");
        return null;
    }

    private static string? Embedded(ReadOnlySpan<byte> ipv4, string notation) =>
        IPv4Reason(ipv4.ToArray()) is { } reason ? $"{notation} form of a {reason} address" : null;
}
