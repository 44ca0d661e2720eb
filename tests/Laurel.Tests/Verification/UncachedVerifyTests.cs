using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Tests.Completions;

namespace Laurel.Tests.Verification;

/// <summary>
/// An uncached <c>POST /credentials/verify</c> of one of Laurel's own credentials (issue 18): the request reads the heads of the
/// credential's status list pair once, for the cache key, and the verifier takes the signed lists of exactly those versions from
/// memory instead of querying each list again in a scope of its own. A status change still shows on the very next request.
/// </summary>
public abstract class UncachedVerifyTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(JsonObject credential, string? traceParent = null, string padding = "")
    {
        using var client = host.CreateClient();
        // Whitespace inside the credential object changes its bytes, not its meaning: the per-bytes result cache never answers.
        var body = "{\"verifiableCredential\":{" + padding + credential.ToJsonString()[1..] + "}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/credentials/verify") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (traceParent is not null) request.Headers.Add("traceparent", traceParent);
        using var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject());
    }

    [Fact]
    public async Task An_uncached_verification_reads_the_status_lists_in_one_statement()
    {
        using var counter = new SqlCommandCounter();
        // Warm up: the institution's key is resolved and its status list signed once.
        var (warm, warmBody) = await PostAsync((await LaurelIssuing.IssueAsync(host)).Credential);
        Assert.True(warm == HttpStatusCode.OK, warmBody.ToJsonString());
        var (credential, _) = await LaurelIssuing.IssueAsync(host);
        await counter.ReadyAsync();
        counter.Reset();

        var (status, body) = await PostAsync(credential, counter.TraceParent);

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Contains(body["details"]!.AsArray(), d => d!["code"]!.GetValue<string>() == "status.ok");
        var command = Assert.Single(counter.Commands);
        Assert.Contains("StatusLists", command);
    }

    [Fact]
    public async Task A_revocation_and_a_reinstatement_show_on_the_next_uncached_request()
    {
        var (credential, status) = await LaurelIssuing.IssueAsync(host);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(credential)).Status);

        await LaurelIssuing.SetStatusAsync(host, status.RevocationListId, status.Index, true);
        // The first request after the change has the publisher sign the new version; the later ones find it in memory.
        foreach (var padding in new[] { " ", "  ", "   " })
        {
            var (revoked, body) = await PostAsync(credential, padding: padding);
            Assert.Equal(HttpStatusCode.BadRequest, revoked);
            Assert.Equal("status.revoked", body["errors"]![0]!["code"]!.GetValue<string>());
        }

        await LaurelIssuing.SetStatusAsync(host, status.RevocationListId, status.Index, false);
        foreach (var padding in new[] { "\n", "\n\n" })
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(credential, padding: padding)).Status);
    }
}

public sealed class UncachedVerifyTestsOnSqlite(SqliteHost host) : UncachedVerifyTests(host), IClassFixture<SqliteHost>;

public sealed class UncachedVerifyTestsOnPostgres(PostgresHost host) : UncachedVerifyTests(host), IClassFixture<PostgresHost>;
