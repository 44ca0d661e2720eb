using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Laurel.Tests.Interop;

/// <summary>Runs tests/Laurel.Tests/node/verify-issued.mjs (packages installed by ./test.sh with npm ci).</summary>
internal static class InteropNode
{
    public static string Folder { get; } = TestPaths.NodeFolder();

    /// <summary>Verifies the files with both npm verifiers, trusting <paramref name="caPemPath"/> for https.</summary>
    public static async Task<JsonObject> VerifyAsync(string origin, string caPemPath, params string[] files)
    {
        // Fail, not skip: an interop test that silently does nothing would hide a broken verifier setup.
        foreach (var package in new[] { "@digitalbazaar/vc", "@digitalbazaar/vc-bitstring-status-list", "@digitalcredentials/verifier-core" })
            Assert.True(Directory.Exists(Path.Combine(Folder, "node_modules", package)),
                $"Node package {package} is missing in {Folder}: run ./test.sh (it runs npm ci there).");

        var start = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("verify-issued.mjs");
        start.ArgumentList.Add(origin);
        foreach (var file in files) start.ArgumentList.Add(file);
        start.Environment["NODE_EXTRA_CA_CERTS"] = caPemPath;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start node.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        await process.WaitForExitAsync(timeout.Token);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var error = await stderr;
        Assert.True(process.ExitCode == 0 && lines.Length > 0, $"verify-issued.mjs failed (exit {process.ExitCode}): {error}");
        return JsonNode.Parse(lines[^1])!.AsObject();
    }
}
