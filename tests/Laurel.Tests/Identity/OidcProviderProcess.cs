using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Laurel.Tests.Identity;

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
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<OidcProviderProcess> StartAsync(int port, string clientId, string clientSecret, IEnumerable<string> redirectUris)
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "Laurel.Tests", "node");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
            throw new InvalidOperationException($"Run `npm ci` in {folder} first (./test.sh does this).");
        var start = new ProcessStartInfo("node", "oidc-provider.mjs")
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["PORT"] = port.ToString();
        start.Environment["CLIENT_ID"] = clientId;
        start.Environment["CLIENT_SECRET"] = clientSecret;
        start.Environment["REDIRECT_URIS"] = string.Join(',', redirectUris);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("listening ")) return new OidcProviderProcess(process, line["listening ".Length..].Trim());
        }
        throw new InvalidOperationException($"The OIDC provider exited with code {(process.HasExited ? process.ExitCode : -1)}.");
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Laurel.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Laurel.slnx not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
