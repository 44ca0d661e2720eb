using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Features.Demo;

namespace Laurel.Tests.Conformance;

/// <summary>One failing suite test: its full mocha title and why it failed (run.sh's reason, with the HTTP exchange).</summary>
public sealed record SuiteFailure(string Title, string Reason);

/// <summary>One suite's mocha counts and failures.</summary>
public sealed record SuiteResult(string Suite, int Passing, int Failing, int Pending, IReadOnlyList<SuiteFailure> Failures);

/// <summary>
/// Runs <c>$LAUREL_SHARED/testsuites/w3c-vc-suites/run.sh</c> (the suites are read where they are, never copied into the
/// repository) against a started Laurel, once, and reads each suite's mocha JSON report from <c>WORKDIR/results/</c>.
/// The work dir (<c>LAUREL_W3C_SUITES_WORKDIR</c>, default <c>~/.cache/laurel-w3c-suites</c>) keeps the suites'
/// node_modules (~230 MB, 2–5 minutes of npm install the first time) between runs; it is outside the repository.
/// </summary>
public sealed class W3cSuiteRun
{
    /// <summary>The suites kept in the shared folder; the test runs exactly these (scripts/w3c-suites.sh runs any present).</summary>
    public static readonly string[] KeptSuites = ["vc-data-model-2.0-test-suite", "vc-di-eddsa-test-suite"];

    /// <summary>First run: npm install (2–5 min on 2 cores) plus about a minute of mocha per suite; far below this.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(18);

    private readonly SemaphoreSlim _once = new(1, 1);
    private IReadOnlyDictionary<string, SuiteResult>? _results;

    public static string SuitesFolder => TestPaths.SharedFile("testsuites", "w3c-vc-suites");

    public static string WorkDir =>
        Environment.GetEnvironmentVariable("LAUREL_W3C_SUITES_WORKDIR") is { Length: > 0 } dir ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? Path.Combine(home, ".cache")
                : Path.GetTempPath(), "laurel-w3c-suites");

    /// <summary>The suites' results, running them the first time it is asked.</summary>
    public async Task<IReadOnlyDictionary<string, SuiteResult>> ResultsAsync(W3cSuiteHost laurel, CancellationToken ct)
    {
        await _once.WaitAsync(ct);
        try
        {
            return _results ??= await RunAsync(laurel, ct);
        }
        finally
        {
            _once.Release();
        }
    }

    private static async Task<IReadOnlyDictionary<string, SuiteResult>> RunAsync(W3cSuiteHost laurel, CancellationToken ct)
    {
        var runner = Path.Combine(SuitesFolder, "run.sh");
        // Fail, not skip: a conformance run that silently does nothing would let CI pass without it.
        Assert.True(File.Exists(runner), $"The W3C suites' runner is missing at {runner} (set LAUREL_SHARED to the shared folder).");
        foreach (var tool in new[] { "node", "npm", "openssl", "bash" })
            Assert.True(OnPath(tool), $"{tool} is not installed; ./test.sh installs it (apt) before the tests.");

        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { runner, "--base", laurel.Origin, "--client-id", DemoData.DemoApiClientId, "--workdir", WorkDir })
            start.ArgumentList.Add(arg);
        foreach (var suite in KeptSuites) start.ArgumentList.Add(suite);
        start.Environment["VC_SUITES_CLIENT_SECRET"] = DemoData.DemoApiClientSecret; // the public demo secret, kept off the command line
        // The runner's proxy and the suites (status list fetches) talk to Laurel's https origin: trust its test CA.
        start.Environment["NODE_EXTRA_CA_CERTS"] = laurel.Certificates.CaPemPath;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start bash.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"run.sh did not finish (cancelled, or over {Timeout.TotalMinutes} minutes). Its progress:\n{Tail(await stderr)}");
        }
        var output = await stdout;
        // 0: all passed; 1: a test failed (read below); 2 (or anything else): the run itself could not be set up.
        Assert.True(process.ExitCode is 0 or 1, $"run.sh failed to run (exit {process.ExitCode}):\n{Tail(await stderr)}\n{output}");

        var reasons = Reasons(output);
        var results = new Dictionary<string, SuiteResult>();
        foreach (var suite in KeptSuites) results[suite] = Read(suite, reasons);
        return results;
    }

    private static SuiteResult Read(string suite, IReadOnlyDictionary<string, string> reasons)
    {
        var report = Path.Combine(WorkDir, "results", suite + ".json");
        Assert.True(File.Exists(report), $"{suite}: mocha wrote no report (see {Path.Combine(WorkDir, "results", suite + ".log")}).");
        var json = JsonNode.Parse(File.ReadAllText(report))!.AsObject();
        int Stat(string name) => json["stats"]?[name]?.GetValue<int>() ?? 0;
        var failures = (json["failures"]?.AsArray() ?? []).Select(f =>
        {
            var title = OneLine((string?)f?["fullTitle"] ?? "");
            return new SuiteFailure(title, reasons.GetValueOrDefault(title) ?? OneLine((string?)f?["err"]?["message"] ?? ""));
        }).ToList();
        return new SuiteResult(suite, Stat("passes"), Stat("failures"), Stat("pending"), failures);
    }

    // run.sh prints "  FAIL <title>" and then the reason on the next line, naming the HTTP status and what Laurel said.
    private static Dictionary<string, string> Reasons(string output)
    {
        var lines = output.Split('\n');
        var reasons = new Dictionary<string, string>();
        for (var i = 0; i + 1 < lines.Length; i++)
            if (lines[i].StartsWith("  FAIL ", StringComparison.Ordinal)) reasons.TryAdd(lines[i][7..].Trim(), lines[i + 1].Trim());
        return reasons;
    }

    /// <summary>Whitespace collapsed, as run.sh prints titles (so a title matches however mocha wrapped it).</summary>
    public static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, tool)));

    private static string Tail(string text)
    {
        var lines = text.Split('\n');
        return new StringBuilder().AppendJoin('\n', lines.Skip(Math.Max(0, lines.Length - 40))).ToString();
    }
}
