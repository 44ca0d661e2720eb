using System.Diagnostics;

namespace Laurel.Testing.Peers;

/// <summary>The npm <c>oidc-provider</c> (tests/Laurel.Tests/node/oidc-provider.mjs) as a real process on loopback.</summary>
public sealed class OidcProviderProcess : IAsyncDisposable
{
    private readonly Process _process;

    public string Issuer { get; }

    private OidcProviderProcess(Process process, string issuer)
    {
        _process = process;
        Issuer = issuer;
    }

    /// <summary>A free loopback port, so Laurel can be configured with the provider's address before the provider starts.</summary>
    public static int FreePort() => TestPorts.Free();

    public static async Task<OidcProviderProcess> StartAsync(int port, string clientId, string clientSecret, IEnumerable<string> redirectUris)
    {
        var (process, issuer) = await NodeProcess.StartAsync("oidc-provider.mjs", "oidc-provider", new Dictionary<string, string>
        {
            ["PORT"] = port.ToString(), ["CLIENT_ID"] = clientId, ["CLIENT_SECRET"] = clientSecret, ["REDIRECT_URIS"] = string.Join(',', redirectUris),
        });
        return new OidcProviderProcess(process, issuer);
    }

    public static string RepositoryRoot() => TestPaths.RepositoryRoot;

    public async ValueTask DisposeAsync()
    {
        await NodeProcess.StopAsync(_process);
        _process.Dispose();
    }
}
