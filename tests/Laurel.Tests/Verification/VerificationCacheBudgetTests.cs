using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Verification;

namespace Laurel.Tests.Verification;

/// <summary>
/// The verification cache is bounded by the bytes its reports hold, not by their number: a stream of distinct credentials (the
/// public verify endpoint, badge pages of a million awards) cannot grow the app's memory past the budget, and what the cache
/// answers is still the report stored under that key.
/// </summary>
public sealed class VerificationCacheBudgetTests
{
    private static readonly ManualClock Clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    // A credential shaped like Laurel's (contexts, issuer, achievement with criteria and image, proof), ≈ 4 kB of JSON.
    private static VerificationReport Report(int n) => new()
    {
        Checks = [new(CheckIds.Proof, CheckOutcome.Passed, "proof.valid", "Data Integrity proof eddsa-rdfc-2022 verified")],
        IssuerId = "did:web:laurel.example:institutions:uu",
        Credential = JsonNode.Parse(Template.Replace("__N__", n.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))!.AsObject(),
    };

    private static readonly string Template = Shape.Replace("__A__", new string('a', 64), StringComparison.Ordinal)
        .Replace("__D__", new string('d', 1500), StringComparison.Ordinal).Replace("__C__", new string('c', 1200), StringComparison.Ordinal)
        .Replace("__P__", new string('5', 86), StringComparison.Ordinal);

    private const string Shape = """
            {"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
             "id":"https://laurel.example/badges/__N__","type":["VerifiableCredential","OpenBadgeCredential"],
             "issuer":{"id":"did:web:laurel.example:institutions:uu","type":["Profile"],"name":"Universiteit Utrecht","url":"https://www.uu.nl"},
             "validFrom":"2026-01-01T00:00:00Z","name":"Data Science __N__",
             "credentialSubject":{"type":["AchievementSubject"],"identifier":[{"type":"IdentityObject","hashed":true,"identityHash":"sha256$__A__","identityType":"emailAddress","salt":"__N__"}],
               "achievement":{"id":"https://laurel.example/achievements/__N__","type":["Achievement"],"name":"Data Science","description":"__D__",
                 "criteria":{"narrative":"__C__"},"image":{"id":"https://laurel.example/achievements/__N__/image","type":"Image"}}},
             "credentialStatus":[{"id":"https://laurel.example/status/1#__N__","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"__N__","statusListCredential":"https://laurel.example/status/1"}],
             "proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","created":"2026-01-01T00:00:00Z","verificationMethod":"did:web:laurel.example:institutions:uu#key-1","proofPurpose":"assertionMethod","proofValue":"z__P__"}}
            """;

    [Fact]
    public void Inserting_more_than_the_byte_budget_keeps_the_cache_under_it_and_it_still_answers_correctly()
    {
        const long budget = 1024 * 1024;
        using var cache = new VerificationCache(Clock, budget);
        var perReport = VerificationCache.EstimateBytes("key-0", Report(0));
        var count = (int)(10 * budget / perReport); // ten times what fits

        for (var n = 0; n < count; n++)
        {
            cache.Set("key-" + n, Report(n));
            Assert.True(cache.EstimatedBytes <= budget, $"after {n + 1} reports the cache holds ≈ {cache.EstimatedBytes} bytes, over its budget of {budget}");
        }

        // Whatever it still answers is the report stored under that key.
        var hits = 0;
        for (var n = 0; n < count; n++)
            if (cache.TryGet("key-" + n, out var cached))
            {
                hits++;
                Assert.Equal($"https://laurel.example/badges/{n}", (string?)cached.Credential?["id"]);
            }
        Assert.InRange(hits, 1, (int)(budget / perReport));

        // After the background compaction it takes new reports again (the bound refuses, it does not stop the cache).
        var fresh = Report(count);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!cache.TryGet("fresh", out _) && DateTime.UtcNow < deadline)
        {
            cache.Set("fresh", fresh);
            if (!cache.TryGet("fresh", out _)) Thread.Sleep(20);
        }
        Assert.True(cache.TryGet("fresh", out var answer));
        Assert.Same(fresh, answer);
        Assert.True(cache.EstimatedBytes <= budget);
    }

    [Fact]
    public void The_estimate_is_at_least_the_memory_a_parsed_credential_keeps()
    {
        // What parsing and walking a credential allocates on this thread bounds what its tree can keep alive.
        var json = Report(1).Credential!.ToJsonString();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var report = new VerificationReport { Checks = [], Credential = JsonNode.Parse(json)!.AsObject() };
        _ = report.Credential.ToJsonString(); // materializes every node, as verification does
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before - 2L * json.Length; // less the string just made

        var estimate = VerificationCache.EstimateBytes("k", report);
        Assert.True(estimate >= allocated / 2, $"estimate {estimate} bytes for a credential whose parse allocated {allocated}");
        Assert.True(estimate >= 2L * json.Length, $"estimate {estimate} bytes is less than the {json.Length} characters of its JSON as text");
    }
}
