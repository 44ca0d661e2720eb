using System.Diagnostics;

namespace Laurel.Testing.Peers;

/// <summary>Starts one of the Node scripts in tests/Laurel.Tests/node and waits until it says it listens.</summary>
internal static class NodeProcess
{
    /// <summary>Starts <paramref name="script"/> and returns the process and the rest of its "listening …" line.</summary>
    public static async Task<(Process Process, string Listening)> StartAsync(string script, string requiredPackage, IReadOnlyDictionary<string, string> environment)
    {
        var folder = TestPaths.NodeFolder();
        if (!Directory.Exists(Path.Combine(folder, "node_modules", requiredPackage)))
            throw new InvalidOperationException($"Run `npm ci` in {folder} first (./test.sh does this).");
        var start = new ProcessStartInfo("node", script)
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            if (line.StartsWith("listening ")) return (process, line["listening ".Length..].Trim());
        throw new InvalidOperationException($"{script} exited with code {(process.HasExited ? process.ExitCode : -1)}.");
    }

    /// <summary>Kills the process (and its children) if it still runs.</summary>
    public static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
