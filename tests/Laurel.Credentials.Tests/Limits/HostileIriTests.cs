using System.Diagnostics;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Verification;

namespace Laurel.Credentials.Tests.Limits;

/// <summary>
/// Issue 12 finding 3, found again by the second review: relative IRI resolution was quadratic in the path length (a
/// 1.8 MB credential with 600,000 <c>../</c> segments ran for more than ten minutes of CPU). Resolution is linear and still
/// follows RFC 3986 §5.2.4 exactly.
/// </summary>
public sealed class HostileIriTests
{
    [Fact]
    public async Task A_relative_id_of_600000_dot_dot_segments_is_judged_within_a_second_of_CPU()
    {
        var input = HostileInputs.DotSegments();
        Assert.InRange(input.Length, 1_700_000, 1_900_000); // fits the 2 MB VC-API body
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();

        // WaitAsync: before the fix the work ran for minutes; the test must fail, not hang.
        var report = await Task.Run(() => new Verifier().VerifyAsync(input, null, TestContext.Current.CancellationToken))
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(Process.GetCurrentProcess().TotalProcessorTime - cpu < TimeSpan.FromSeconds(5), "CPU time (all test threads included)");
        Assert.Null(report.ExceededLimit);
        Assert.Equal("proof.invalid", report.Check(CheckIds.Proof)?.Code); // fully processed: only the made-up signature fails
    }

    // RFC 3986 §5.4.1 (normal) and §5.4.2 (abnormal) examples, base http://a/b/c/d;p?q.
    [Theory]
    [InlineData("g:h", "g:h")]
    [InlineData("g", "http://a/b/c/g")]
    [InlineData("./g", "http://a/b/c/g")]
    [InlineData("g/", "http://a/b/c/g/")]
    [InlineData("/g", "http://a/g")]
    [InlineData("//g", "http://g")]
    [InlineData("?y", "http://a/b/c/d;p?y")]
    [InlineData("g?y", "http://a/b/c/g?y")]
    [InlineData("#s", "http://a/b/c/d;p?q#s")]
    [InlineData("g#s", "http://a/b/c/g#s")]
    [InlineData(";x", "http://a/b/c/;x")]
    [InlineData("", "http://a/b/c/d;p?q")]
    [InlineData(".", "http://a/b/c/")]
    [InlineData("./", "http://a/b/c/")]
    [InlineData("..", "http://a/b/")]
    [InlineData("../", "http://a/b/")]
    [InlineData("../g", "http://a/b/g")]
    [InlineData("../..", "http://a/")]
    [InlineData("../../", "http://a/")]
    [InlineData("../../g", "http://a/g")]
    [InlineData("../../../g", "http://a/g")]
    [InlineData("../../../../g", "http://a/g")]
    [InlineData("/./g", "http://a/g")]
    [InlineData("/../g", "http://a/g")]
    [InlineData("g.", "http://a/b/c/g.")]
    [InlineData(".g", "http://a/b/c/.g")]
    [InlineData("g..", "http://a/b/c/g..")]
    [InlineData("..g", "http://a/b/c/..g")]
    [InlineData("./../g", "http://a/b/g")]
    [InlineData("./g/.", "http://a/b/c/g/")]
    [InlineData("g/./h", "http://a/b/c/g/h")]
    [InlineData("g/../h", "http://a/b/c/h")]
    [InlineData("g;x=1/./y", "http://a/b/c/g;x=1/y")]
    [InlineData("g;x=1/../y", "http://a/b/c/y")]
    [InlineData("g?y/./x", "http://a/b/c/g?y/./x")]
    [InlineData("g#s/../x", "http://a/b/c/g#s/../x")]
    [InlineData("http:g", "http:g")]
    [InlineData("http://a/b/../c/./d/..", "http://a/c/")]
    public void Relative_references_resolve_as_RFC_3986_section_5_4_says(string reference, string expected) =>
        Assert.Equal(expected, IriResolver.Resolve("http://a/b/c/d;p?q", reference));
}
