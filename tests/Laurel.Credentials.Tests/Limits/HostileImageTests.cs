using System.Diagnostics;
using Laurel.Credentials.Baking;
using Laurel.Credentials.Verification;

namespace Laurel.Credentials.Tests.Limits;

/// <summary>
/// Issue 12 finding 3, found again by the second review: badge images within the size limit that cost seconds of CPU.
/// A 2 MB PNG of 1,000 OB 2.0 iTXt chunks inflated every one of them (2 GB, 10–14 s of CPU); a 1.8 MB SVG of 49,000
/// foreign <c>credential</c> elements under 40,000 namespace declarations asked each element for its prefix (5.7 s).
/// </summary>
public sealed class HostileImageTests
{
    private static async Task<(VerificationReport Report, TimeSpan Cpu)> VerifyAsync(byte[] input)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var report = await Task.Run(() => new Verifier().VerifyAsync(input, null, TestContext.Current.CancellationToken))
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return (report, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    [Fact]
    public async Task A_PNG_of_a_thousand_compressed_badge_chunks_is_read_within_a_second_of_CPU()
    {
        var png = HostileInputs.RepeatedBadgeChunks();
        Assert.InRange(png.Length, 1_000_000, 2_097_152); // within the verifier's input limit

        var (report, cpu) = await VerifyAsync(png);

        // Bound on the whole process's CPU (other tests may run in parallel): before the fix this alone took 10–14 s.
        Assert.True(cpu < TimeSpan.FromSeconds(3), $"{cpu.TotalSeconds:F1} s of CPU");
        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal(BakedContainer.Png, report.Container);
    }

    [Fact]
    public void Only_the_first_OB_2_0_chunk_is_read()
    {
        var baked = PngBaker.Unbake(HostileInputs.RepeatedBadgeChunks(3));

        Assert.NotNull(baked);
        Assert.Equal(BadgeSpec.OpenBadges2, baked.Spec);
    }

    [Fact]
    public async Task An_SVG_of_foreign_credential_elements_under_many_namespaces_is_read_within_a_second_of_CPU()
    {
        var svg = HostileInputs.NamespacedSvg();
        Assert.InRange(svg.Length, 1_000_000, 2_097_152);

        var (report, cpu) = await VerifyAsync(svg);

        Assert.True(cpu < TimeSpan.FromSeconds(2), $"{cpu.TotalSeconds:F1} s of CPU");
        Assert.Equal("format.not_baked", report.Check(CheckIds.Format)?.Code); // none of them is an Open Badges element
    }

    [Fact]
    public void An_element_whose_namespace_the_document_binds_to_the_openbadges_prefix_is_still_found()
    {
        var svg = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="urn:other"><g><openbadges:assertion verify="https://example.org/a/1"/></g></svg>""";

        var baked = SvgBaker.Unbake(svg);

        Assert.NotNull(baked);
        Assert.Equal("https://example.org/a/1", baked.Content);
    }
}
