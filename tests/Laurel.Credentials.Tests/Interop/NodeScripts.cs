using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Laurel.Credentials.Tests.Interop;

/// <summary>Runs the interop scripts in tests/Laurel.Credentials.Tests/node (installed by ./test.sh with npm ci).</summary>
internal static class NodeScripts
{
    public static string Folder { get; } = Path.Combine(RepoRoot(), "tests", "Laurel.Credentials.Tests", "node");

    /// <summary>Runs <c>node script args</c> and returns its exit code and the JSON object on its last stdout line.</summary>
    public static async Task<(int ExitCode, JsonObject Output, string Stderr)> RunAsync(string script, params string[] args)
    {
        var modules = Path.Combine(Folder, "node_modules", "@digitalbazaar", "vc");
        // Fail, not skip: an interop test that silently does nothing would hide a broken verifier setup.
        Assert.True(Directory.Exists(modules), $"Node packages are missing in {Folder}: run ./test.sh (it runs npm ci there).");

        var start = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start node (is Node.js installed? run ./test.sh).");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var error = await stderr;
        Assert.True(lines.Length > 0, $"node {script} printed nothing (exit {process.ExitCode}): {error}");
        return (process.ExitCode, JsonNode.Parse(lines[^1])!.AsObject(), error);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Laurel.slnx"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("Cannot find the repository root (Laurel.slnx).");
    }
}
