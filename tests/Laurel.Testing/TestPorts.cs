using System.Net;
using System.Net.Sockets;

namespace Laurel.Testing;

public static class TestPorts
{
    /// <summary>A free loopback port, so Laurel can be configured with a peer's address before the peer starts.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
