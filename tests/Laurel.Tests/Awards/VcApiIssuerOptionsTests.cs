using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Laurel.Features.Demo;

namespace Laurel.Tests.Awards;

/// <summary>
/// Issue 15, reopened: the options of <c>POST /credentials/issue</c> are honoured exactly or refused by name, on both paths — a
/// proof time in the future (which every verifier, Laurel's own included, refuses) is not signed, and the award path (an OB 3.0
/// credential for one of the institution's achievements) no longer ignores options it does not honour.
/// </summary>
public abstract class VcApiIssuerOptionsTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> ApiClientAsync()
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await host.TokenAsync(DemoData.DemoApiClientId, DemoData.DemoApiClientSecret, null));
        return client;
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient client, string path, JsonNode body)
    {
        var response = await client.PostAsJsonAsync(path + "?culture=en", body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject());
    }

    [Fact]
    public async Task A_proof_time_in_the_future_is_refused_by_name_and_a_past_one_is_signed_as_asked()
    {
        using var client = await ApiClientAsync();
        var future = DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var (status, body) = await PostAsync(client, "/credentials/issue", new JsonObject
        {
            ["credential"] = VcApiIssuerTests.Credential(), ["options"] = new JsonObject { ["created"] = future },
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("future", body["errors"]!["options.created"]![0]!.ToString());

        var (signed, signedBody) = await PostAsync(client, "/credentials/issue", new JsonObject
        {
            ["credential"] = VcApiIssuerTests.Credential(), ["options"] = new JsonObject { ["created"] = "2025-03-01T10:00:00Z" },
        });
        Assert.Equal(HttpStatusCode.Created, signed);
        var vc = signedBody["verifiableCredential"]!;
        Assert.Equal("2025-03-01T10:00:00Z", (string?)vc["proof"]!["created"]);
        // What Laurel signs, Laurel's verifier accepts.
        var (verified, report) = await PostAsync(client, "/credentials/verify", new JsonObject { ["verifiableCredential"] = vc.DeepClone() });
        Assert.True(verified == HttpStatusCode.OK, report.ToJsonString());
    }

    [Fact]
    public async Task The_award_path_refuses_options_it_does_not_honour_instead_of_ignoring_them()
    {
        var achievementId = await host.NewAchievementAsync();
        using var client = await ApiClientAsync();
        var request = CredentialsApiTests.IssueBody(achievementId, (await host.NewLearnerAsync()).Email);
        request["options"] = new JsonObject { ["created"] = "2020-01-01T00:00:00Z", ["mandatoryPointers"] = new JsonArray("/issuer") };
        var (status, body) = await PostAsync(client, "/credentials/issue", request);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["options.created", "options.mandatoryPointers"], body["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));

        // Without options (or with an empty object) the award is made as before.
        request["options"] = new JsonObject();
        var (awarded, awardedBody) = await PostAsync(client, "/credentials/issue", request);
        Assert.True(awarded == HttpStatusCode.Created, awardedBody.ToJsonString());
    }
}

public sealed class VcApiIssuerOptionsTestsOnSqlite(SqliteHost host) : VcApiIssuerOptionsTests(host), IClassFixture<SqliteHost>;

public sealed class VcApiIssuerOptionsTestsOnPostgres(PostgresHost host) : VcApiIssuerOptionsTests(host), IClassFixture<PostgresHost>;
