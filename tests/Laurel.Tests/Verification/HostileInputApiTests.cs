using System.Net;
using System.Text.Json.Nodes;

namespace Laurel.Tests.Verification;

/// <summary>
/// Issue 12 finding 3, second review, against the real app: credentials within the 2 MB VC-API body that cost minutes to
/// hours of CPU before (a relative @id of 600,000 "../" segments, a proofValue of a million base58 digits) are now judged
/// like any other forged credential: 400 with the failing proof check, answered quickly.
/// </summary>
public sealed class HostileInputApiTests(VerifyHost host) : IClassFixture<VerifyHost>
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(10);

    public static TheoryData<string> Attacks => ["600,000 dot segments", "a million base58 digits"];

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task The_VC_API_judges_the_attack_quickly_as_a_failed_proof(string attack)
    {
        var credential = JsonNode.Parse(attack == "600,000 dot segments" ? Attacks12.DotSegments() : Attacks12.LongProofValue())!;

        var (status, body, took) = await CpuExhaustionTests.PostAsync(host, "/credentials/verify", new JsonObject { ["verifiableCredential"] = credential });

        Assert.True(took < Quickly, $"took {took.TotalSeconds:F1} s");
        Assert.True(status == HttpStatusCode.BadRequest, body.ToJsonString()[..Math.Min(500, body.ToJsonString().Length)]);
        Assert.Contains(body["errors"]!.AsArray(), e => e!["check"]!.GetValue<string>() == "proof");
    }
}
