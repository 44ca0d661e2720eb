using System.Diagnostics;
using System.Text.Json.Nodes;
using Laurel.Credentials.Canonicalization;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Limits;
using Laurel.Credentials.Rdf;
using Laurel.Credentials.Verification;

namespace Laurel.Credentials.Tests.Limits;

/// <summary>
/// Issue 12 finding 3: the reported attacks are refused quickly with a check that names the exceeded limit, the
/// algorithms behind them are linear where the spec allows, and cancellation stops the work.
/// Bounds are generous wall-clock times (a slow shared machine), not benchmarks.
/// </summary>
public sealed class CpuExhaustionTests
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(10);

    private static async Task<(VerificationReport Report, TimeSpan Took)> VerifyAsync(byte[] input)
    {
        var watch = Stopwatch.StartNew();
        // WaitAsync: without the fix the work neither ends nor listens to cancellation; the test must fail, not hang.
        var report = await Task.Run(() => new Verifier().VerifyAsync(input, null, TestContext.Current.CancellationToken))
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return (report, watch.Elapsed);
    }

    private static void AssertRefused(VerificationReport report, TimeSpan took, string limit)
    {
        Assert.True(took < Quickly, $"took {took.TotalSeconds:F1} s");
        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal(limit, report.ExceededLimit);
        var check = Assert.Single(report.Checks, c => c.Code == "limit.exceeded");
        Assert.Equal(CheckOutcome.Failed, check.Outcome);
        Assert.Contains(limit, check.Detail);
    }

    [Fact]
    public async Task A_46_KB_credential_of_nested_lists_is_refused_quickly_naming_the_limit()
    {
        var input = HostileInputs.NestedLists();
        Assert.InRange(input.Length, 40_000, 50_000);

        var (report, took) = await VerifyAsync(input);

        AssertRefused(report, took, nameof(ProcessingLimits.MaxBlankNodes));
    }

    [Fact]
    public async Task A_smaller_list_chain_is_stopped_by_the_Hash_N_Degree_recursion_limit()
    {
        var (report, took) = await VerifyAsync(HostileInputs.NestedLists(3_000));

        AssertRefused(report, took, nameof(ProcessingLimits.MaxHashNDegreeDepth));
    }

    [Fact]
    public async Task A_1_3_MB_credential_with_a_100000_item_array_is_refused_quickly_naming_the_limit()
    {
        var input = HostileInputs.HugeArray();
        Assert.InRange(input.Length, 1_250_000, 1_400_000);

        var (report, took) = await VerifyAsync(input);

        AssertRefused(report, took, nameof(ProcessingLimits.MaxArrayLength));
    }

    [Fact]
    public async Task An_SVG_with_200000_nested_elements_is_refused_quickly_naming_the_limit()
    {
        var (report, took) = await VerifyAsync(HostileInputs.DeepSvg());

        AssertRefused(report, took, nameof(ProcessingLimits.MaxSvgDepth));
        Assert.Equal(BakedContainer.Svg, report.Container);
    }

    [Fact]
    public async Task Below_the_limits_a_large_array_is_verified_normally_and_fast()
    {
        var (report, took) = await VerifyAsync(HostileInputs.HugeArray(9_000));

        Assert.True(took < Quickly, $"took {took.TotalSeconds:F1} s");
        Assert.Null(report.ExceededLimit);
        Assert.Equal("proof.invalid", report.Check(CheckIds.Proof)?.Code); // the work was done: only the signature is wrong
    }

    [Fact]
    public async Task The_time_limit_stops_verification_and_names_itself()
    {
        var verifier = new Verifier(new VerifierOptions { Limits = ProcessingLimits.Default with { TimeLimit = TimeSpan.FromTicks(1) } });

        var report = await verifier.VerifyAsync(HostileInputs.HugeArray(9_000), null, TestContext.Current.CancellationToken);

        Assert.Equal(nameof(ProcessingLimits.TimeLimit), report.ExceededLimit);
    }

    [Fact]
    public void Node_map_de_duplication_is_linear_and_keeps_first_seen_order()
    {
        // 100,000 values, every value twice: a uniqueness scan over a list makes this 10^10 comparisons.
        var values = new JsonArray();
        for (var i = 0; i < 100_000; i++) values.Add($"v{i}");
        for (var i = 0; i < 100_000; i++) values.Add($"v{i}");
        var document = new JsonObject { ["@id"] = "urn:s", ["urn:p"] = values };
        var budget = new WorkBudget(Unbounded, TestContext.Current.CancellationToken);

        var watch = Stopwatch.StartNew();
        var quads = JsonLdProcessor.ToRdf(document, null, budget);

        Assert.True(watch.Elapsed < Quickly, $"took {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(100_000, quads.Count);
        Assert.Equal("v0", quads[0].Object.Value);
        Assert.Equal("v99999", quads[^1].Object.Value);
    }

    [Fact]
    public void Cancellation_stops_canonicalization_of_a_poison_graph()
    {
        // A 10-node clique needs millions of Hash N-Degree Quads calls when nothing else limits it.
        var clique = new List<RdfQuad>();
        for (var a = 0; a < 10; a++)
            for (var b = 0; b < 10; b++)
                if (a != b) clique.Add(new RdfQuad(RdfTerm.Blank("n" + a), RdfTerm.Iri("urn:p"), RdfTerm.Blank("n" + b), RdfTerm.Default));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));
        var options = new RdfcOptions { MaxDeepIterations = long.MaxValue, MaxPermutations = long.MaxValue };
        var watch = Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            Rdfc10.HashCanonical(clique, System.Security.Cryptography.HashAlgorithmName.SHA256, new byte[32], options, new WorkBudget(Unbounded, cancel.Token)));
        Assert.True(watch.Elapsed < Quickly, $"took {watch.Elapsed.TotalSeconds:F1} s");
    }

    private static readonly ProcessingLimits Unbounded = new()
    {
        TimeLimit = Timeout.InfiniteTimeSpan, MaxArrayLength = int.MaxValue, MaxExpansionSteps = int.MaxValue, MaxQuads = int.MaxValue,
        MaxBlankNodes = int.MaxValue, MaxHashNDegreeCalls = long.MaxValue, MaxPermutations = long.MaxValue,
    };
}
