using System.Net;
using System.Net.Sockets;
using Laurel.Tests.Infrastructure;

namespace Laurel.Tests.Interop;

/// <summary>
/// Laurel on a loopback HTTPS port with a certificate made at test time, and <c>Laurel:PublicBaseUrl</c> set to that
/// address, so DIDs and status list URLs in issued credentials point back at this very server.
/// </summary>
public sealed class HttpsSqliteHost : SqliteHost
{
    public TestCertificates Certificates { get; } = new();

    /// <summary>The public https origin, e.g. <c>https://localhost:41234</c>.</summary>
    public string Origin { get; private set; } = "";

    protected override void Configure(Dictionary<string, string?> settings)
    {
        Origin = $"https://localhost:{FreePort()}";
        settings["Laurel:PublicBaseUrl"] = Origin;
        // A configured Kestrel endpoint replaces the host's plain-http --urls.
        settings["Kestrel:Endpoints:Https:Url"] = Origin;
        settings["Kestrel:Endpoints:Https:Certificate:Path"] = Certificates.ServerPfxPath;
        settings["Kestrel:Endpoints:Https:Certificate:Password"] = Certificates.ServerPfxPassword;
    }

    protected override async Task DropDatabaseAsync()
    {
        await base.DropDatabaseAsync();
        Certificates.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
