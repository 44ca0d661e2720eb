using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Laurel.Features.Identity.ApiClients;
using Laurel.Features.Recognition;

namespace Laurel.Tests.Recognition.Staff;

/// <summary>The SIS reads decided exemptions of its own institution, in order, by cursor, with the recognition:read scope only.</summary>
public abstract class ExemptionsApiTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> ClientAsync(string slug, params string[] scopes)
    {
        var prefix = "sis" + TestData.Key(4);
        var clientId = await host.NewApiClientAsync(slug, prefix, "SIS", scopes);
        var token = await host.TokenAsync(clientId, prefix + "-secret");
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<SeededApplication> DecidedAsync()
    {
        var app = await host.SubmittedApplicationAsync();
        var page = RecognitionRoutes.Decide(await host.InstitutionIdAsync("uu"), app.Id);
        using var board = await host.SignInAsDemoAsync("exam-board");
        await board.PostFormAsync(page, RecognitionStaffKit.Decision(app.ItemIds[0], 0, "Partial", "Theory only.", "2.5"), handler: "Decide");
        await board.PostFormAsync(page, RecognitionStaffKit.Decision(app.ItemIds[1], 0, "Refuse", "Not at this level."), handler: "Decide");
        return app;
    }

    [Fact]
    public async Task The_SIS_pages_through_decided_exemptions_with_a_cursor_and_sees_identifiers_and_badges()
    {
        using var sis = await ClientAsync("uu", ApiScopes.RecognitionRead);
        // Start after everything decided before this test (other tests share the host).
        var start = JsonNode.Parse(await sis.GetStringAsync(RecognitionRoutes.ExemptionsApi + "?limit=200", Ct))!;
        var cursor = (string?)start["next"];
        while ((bool)start["more"]!)
        {
            start = JsonNode.Parse(await sis.GetStringAsync($"{RecognitionRoutes.ExemptionsApi}?limit=200&after={cursor}", Ct))!;
            cursor = (string?)start["next"] ?? cursor;
        }
        var waiting = await host.SubmittedApplicationAsync(); // not decided: never listed
        var app = await DecidedAsync();

        var after = cursor is null ? "" : $"&after={cursor}";
        var first = JsonNode.Parse(await sis.GetStringAsync($"{RecognitionRoutes.ExemptionsApi}?limit=1{after}", Ct))!;
        var item = Assert.Single(first["items"]!.AsArray())!;
        Assert.True((bool)first["more"]!);
        Assert.Equal(app.Id.ToString(), (string)item["applicationId"]!);
        var second = JsonNode.Parse(await sis.GetStringAsync($"{RecognitionRoutes.ExemptionsApi}?limit=5&after={(string)first["next"]!}", Ct))!;
        var rest = Assert.Single(second["items"]!.AsArray())!;
        Assert.False((bool)second["more"]!);
        var all = new[] { item, rest };
        var partial = all.Single(i => (string)i["outcome"]! == "partial");
        Assert.Equal((app.CourseCodes[0], "56981", 2.5m, "Theory only.", false), ((string)partial["courseCode"]!, (string)partial["programmeCode"]!,
            (decimal)partial["grantedEc"]!, (string)partial["reason"]!, (bool)partial["refused"]!));
        var refused = all.Single(i => (string)i["outcome"]! == "refuse");
        Assert.True((bool)refused["refused"]!);
        Assert.Equal($"s{app.LearnerPersona[3..]}@students.uu.nl", (string)partial["learner"]!["eppn"]!);
        Assert.StartsWith("sanne-", (string)partial["learner"]!["email"]!);
        Assert.Equal(2, partial["badges"]!.AsArray().Count);
        Assert.Contains(partial["badges"]!.AsArray(), b => (string)b!["achievementName"]! == "Data Literacy for Professionals" && ((string)b["credentialId"]!).StartsWith("urn:uuid:"));
        Assert.DoesNotContain(waiting.Id.ToString(), first.ToJsonString() + second.ToJsonString());

        var empty = JsonNode.Parse(await sis.GetStringAsync($"{RecognitionRoutes.ExemptionsApi}?after={(string)second["next"]!}", Ct))!;
        Assert.Empty(empty["items"]!.AsArray());
    }

    [Fact]
    public async Task Bad_parameters_missing_scope_and_other_institutions_are_refused_or_see_nothing()
    {
        var app = await DecidedAsync();
        using var sis = await ClientAsync("uu", ApiScopes.RecognitionRead);
        foreach (var query in new[] { "?limit=0", "?limit=201", "?limit=abc", "?after=not-a-cursor", "?after=" + new string('x', 500) })
        {
            var bad = await sis.GetAsync(RecognitionRoutes.ExemptionsApi + query, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        }
        using var awardsOnly = await ClientAsync("uu", ApiScopes.AwardsRead, ApiScopes.ResultsWrite);
        var forbidden = await awardsOnly.GetAsync(RecognitionRoutes.ExemptionsApi, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("recognition:read", await forbidden.Content.ReadAsStringAsync(Ct));
        using var delft = await ClientAsync("tudelft", ApiScopes.RecognitionRead);
        Assert.DoesNotContain(app.Id.ToString(), await delft.GetStringAsync(RecognitionRoutes.ExemptionsApi + "?limit=200", Ct));
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(RecognitionRoutes.ExemptionsApi, Ct)).StatusCode);
        using var staff = await host.SignInAsDemoAsync("institution-admin");
        Assert.NotEqual(HttpStatusCode.OK, (await staff.GetAsync(RecognitionRoutes.ExemptionsApi, Ct)).StatusCode);

        var openApi = await anonymous.GetStringAsync("/openapi/v1.json", Ct);
        Assert.Contains("\"/api/v1/recognition/exemptions\"", openApi);
        Assert.Contains("recognition:read", openApi);
    }
}

public sealed class ExemptionsApiTestsOnSqlite(SqliteHost host) : ExemptionsApiTests(host), IClassFixture<SqliteHost>;

public sealed class ExemptionsApiTestsOnPostgres(PostgresHost host) : ExemptionsApiTests(host), IClassFixture<PostgresHost>;
