using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Laurel.Testing;

/// <summary>Runs a script of tests/Laurel.Tests/node (packages installed by ./test.sh with npm ci) that prints JSON lines.</summary>
public static class NodeScript
{
    /// <summary>
    /// Runs <paramref name="script"/> with <paramref name="args"/> and returns its last output line as JSON; fails (never skips)
    /// when a needed package is missing, the script exits non-zero or prints nothing. <paramref name="caPemPath"/> is trusted for https.
    /// </summary>
    public static async Task<JsonObject> RunAsync(string script, IEnumerable<string> args, string[] packages, string? caPemPath = null,
        TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var folder = TestPaths.NodeFolder();
        foreach (var package in packages)
            if (!Directory.Exists(Path.Combine(folder, "node_modules", package)))
                throw new InvalidOperationException($"Node package {package} is missing in {folder}: run ./test.sh (it runs npm ci there).");
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (caPemPath is not null) start.Environment["NODE_EXTRA_CA_CERTS"] = caPemPath;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start node.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(limit.Token);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (process.ExitCode != 0 || lines.Length == 0)
            throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}): {string.Join('\n', lines)} {await stderr}");
        return JsonNode.Parse(lines[^1])!.AsObject();
    }
}
