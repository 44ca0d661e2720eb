using System.Text;

namespace Laurel.Tests.Conformance;

/// <summary>
/// The W3C suites kept in <c>../shared/testsuites/w3c-vc-suites</c> (issue 15, "Done means"), run by their own run.sh against
/// a Laurel started here over https, as an integrator would run them: every test passes, except a test listed in
/// <c>w3c-suite-exceptions.json</c> with the spec section that shows the suite is wrong. Both tests share one run.
/// </summary>
public sealed class W3cSuiteTests(W3cSuiteHost laurel) : IClassFixture<W3cSuiteHost>
{
    private const int TimeoutMs = 20 * 60 * 1000;

    [Fact(Timeout = TimeoutMs)]
    public Task Every_vc_data_model_2_0_suite_test_passes() => AssertSuitePasses("vc-data-model-2.0-test-suite", TestContext.Current.CancellationToken);

    [Fact(Timeout = TimeoutMs)]
    public Task Every_vc_di_eddsa_suite_test_passes() => AssertSuitePasses("vc-di-eddsa-test-suite", TestContext.Current.CancellationToken);

    private async Task AssertSuitePasses(string suite, CancellationToken ct)
    {
        var result = (await laurel.Run.ResultsAsync(laurel, ct))[suite];
        var exceptions = W3cSuiteExceptions.Load().Where(e => e.Suite == suite).ToList();
        var excepted = result.Failures.Where(f => exceptions.Any(e => e.Title == f.Title)).ToList();
        var unexcused = result.Failures.Except(excepted).ToList();
        var stale = exceptions.Where(e => result.Failures.All(f => f.Title != e.Title)).ToList();

        var summary = $"{suite}: {result.Passing} passing, {result.Failing} failing ({excepted.Count} of them listed exceptions), {result.Pending} pending";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Assert.True(result.Passing + result.Failing > 0, $"{summary}: the suite ran no test (see {Path.Combine(W3cSuiteRun.WorkDir, "results")}).");

        var message = new StringBuilder(summary).AppendLine();
        foreach (var f in unexcused) message.Append("  FAIL ").AppendLine(f.Title).Append("       ").AppendLine(f.Reason);
        foreach (var e in stale)
            message.Append("  LISTED BUT NOT FAILING (remove it from ").Append(Path.GetFileName(W3cSuiteExceptions.FilePath)).Append("): ").AppendLine(e.Title);
        message.Append("Every non-2xx exchange: ").Append(Path.Combine(W3cSuiteRun.WorkDir, "results", "proxy.log"));
        Assert.True(unexcused.Count == 0 && stale.Count == 0, message.ToString());
    }
}
