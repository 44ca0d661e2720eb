using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Laurel.Features.Demo;

namespace Laurel.Tests.Awards;

/// <summary>
/// Issue 13: simultaneous revoke, suspend and reinstate requests (VC-API and staff page) apply one at a time. Each request either
/// applies, is refused for the state it finds, or loses the race with a 409; afterwards every award's state agrees with its bits
/// in the public status lists, decoded as a verifier decodes them.
/// </summary>
public abstract class StatusRaceTests(LaurelHost host)
{
    private const int Awards = 24;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Simultaneous_status_changes_leave_every_award_and_its_status_bits_in_agreement()
    {
        var achievementId = await host.NewAchievementAsync();
        using var api = host.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await host.TokenAsync(DemoData.DemoApiClientId, DemoData.DemoApiClientSecret));
        using var staff = await host.SignInAsDemoAsync("awarder");

        var credentials = new List<(Guid AwardId, JsonObject Credential)>();
        for (var i = 0; i < Awards; i++)
        {
            var issued = await api.PostAsJsonAsync("/credentials/issue", CredentialsApiTests.IssueBody(achievementId, (await host.NewLearnerAsync()).Email), Ct);
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
            var vc = JsonNode.Parse(await issued.Content.ReadAsStringAsync(Ct))!["verifiableCredential"]!.AsObject();
            credentials.Add((Guid.Parse(((string)vc["id"]!)["urn:uuid:".Length..]), vc));
            // Suspended first, so a revoke (sets one bit, clears the other) and a reinstate (clears one) really compete.
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/credentials/status", Change(vc, "suspended", "Under review"), Ct)).StatusCode);
        }

        var requests = credentials.SelectMany(c => new Func<Task<HttpStatusCode>>[]
        {
            async () => (await api.PostAsJsonAsync("/credentials/status", Change(c.Credential, "revoked", "Fraud"), Ct)).StatusCode,
            async () => (await staff.PostFormAsync($"/manage/awards/{c.AwardId}", [], "Reinstate")).StatusCode,
            async () => (await api.PostAsJsonAsync("/credentials/status", Change(c.Credential, "active", null), Ct)).StatusCode,
            async () => (await staff.PostFormAsync($"/manage/awards/{c.AwardId}", [new("reason", "Check again")], "Suspend")).StatusCode,
            async () => (await api.PostAsJsonAsync("/credentials/status", Change(c.Credential, "suspended", "Check again"), Ct)).StatusCode,
            async () => (await staff.PostFormAsync($"/manage/awards/{c.AwardId}", [new("reason", "Fraud")], "Revoke")).StatusCode,
        }).ToList();
        var answers = await Task.WhenAll(requests.Select(r => Task.Run(r, Ct)));

        // Applied (200, or the page's redirect), refused for the state found (400/422) or lost the race (409); never an error.
        Assert.All(answers, a => Assert.Contains(a, new[]
        {
            HttpStatusCode.OK, HttpStatusCode.Redirect, HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity, HttpStatusCode.Conflict,
        }));

        using var verifier = host.CreateClient();
        var lists = new Dictionary<string, byte[]>();
        foreach (var (awardId, credential) in credentials)
        {
            var award = await host.AwardAsync(awardId);
            var state = award.State;
            // The credential embeds the revocation entry; the suspension list (same index) is served beside it.
            var embedded = credential["credentialStatus"] switch { JsonArray many => many[0]!, var one => one! };
            Assert.EndsWith($"/status/{award.RevocationListId}", (string)embedded["statusListCredential"]!);
            var bits = new Dictionary<string, bool>();
            foreach (var (purpose, listId) in new[] { ("revocation", award.RevocationListId), ("suspension", award.SuspensionListId) })
            {
                var url = $"/status/{listId}";
                if (!lists.TryGetValue(url, out var list)) lists[url] = list = await FetchListAsync(verifier, url);
                bits[purpose] = (list[award.StatusIndex / 8] & (0x80 >> (award.StatusIndex % 8))) != 0;
            }
            Assert.True((state == AwardState.Revoked) == bits["revocation"], $"award {awardId} is {state} but its revocation bit is {bits["revocation"]}");
            Assert.True((state == AwardState.Suspended) == bits["suspension"], $"award {awardId} is {state} but its suspension bit is {bits["suspension"]}");
        }
    }

    private static JsonObject Change(JsonObject credential, string status, string? reason)
    {
        var entry = new JsonObject { ["type"] = "BitstringStatusListCredential", ["status"] = status };
        if (reason is not null) entry["reason"] = reason;
        return new JsonObject { ["credentialId"] = (string)credential["id"]!, ["credentialStatus"] = new JsonArray(entry) };
    }

    // As a verifier: GET the list credential and decode encodedList (multibase base64url, GZIP; bit 0 is the first byte's high bit).
    private static async Task<byte[]> FetchListAsync(HttpClient client, string url)
    {
        var listCredential = JsonNode.Parse(await client.GetStringAsync(url, Ct))!;
        var encoded = (string)listCredential["credentialSubject"]!["encodedList"]!;
        Assert.StartsWith("u", encoded);
        var base64 = encoded[1..].Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        await using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(base64)), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        await gzip.CopyToAsync(bits, Ct);
        return bits.ToArray();
    }
}

public sealed class StatusRaceTestsOnSqlite(SqliteHost host) : StatusRaceTests(host), IClassFixture<SqliteHost>;

public sealed class StatusRaceTestsOnPostgres(PostgresHost host) : StatusRaceTests(host), IClassFixture<PostgresHost>;
