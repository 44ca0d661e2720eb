using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Publishing.Keys;
using Laurel.Tests.Pathways;
using Laurel.Tests.Verification;

namespace Laurel.Tests.Standards;

/// <summary>
/// Issue 19, CLR 2.0 for pathways: a pathway completion is also a signed ClrCredential that holds the component credentials
/// exactly as issued; Laurel's verifier verifies it and each component, shows a revoked or tampered component as such, and only
/// the learner gets the full file (anyone else at most the public variant).
/// </summary>
public abstract class ClrTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_learner_downloads_the_CLR_from_the_backpack_and_it_holds_every_component_exactly_as_issued()
    {
        var done = await host.CompleteDemoPathwayAsync();
        using var learner = await host.SignInAsDemoAsync(done.Persona);

        // The link is on the completion's backpack page, not on a component's.
        var page = await learner.GetStringAsync($"/backpack/badges/{done.Completion}?culture=en", Ct);
        Assert.Contains($"href=\"/badges/{done.Completion}/clr.json\"", page);
        Assert.Contains("Download as CLR 2.0", page);
        Assert.DoesNotContain("clr.json", await learner.GetStringAsync($"/backpack/badges/{done.DataLiteracy}", Ct));
        Assert.Contains("Downloaden als CLR 2.0", await learner.GetStringAsync($"/backpack/badges/{done.Completion}?culture=nl", Ct));

        var (response, body) = await learner.GetClrAsync(done.Completion);
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/vc+ld+json", response.ContentType()!.MediaType);
            Assert.EndsWith("-clr.json", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        }
        var clr = JsonNode.Parse(body)!;
        Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"], clr["@context"]!.AsArray().Select(c => (string)c!));
        Assert.Contains("ClrCredential", clr["type"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("ClrSubject", (string)clr["credentialSubject"]!["type"]![0]!);
        Assert.Null(clr["partial"]);

        // Every component byte for byte as stored (and so as signed), and the completion's own achievement, identifier and status.
        var completion = await host.AwardAsync(done.Completion);
        var components = new[] { await host.AwardAsync(done.DataLiteracy), await host.AwardAsync(done.ResponsibleAi) };
        foreach (var component in components) Assert.Contains(component.CredentialJson, body);
        Assert.Equal(2, ClrTestKit.Components(clr).Count);
        var issued = JsonNode.Parse(completion.CredentialJson)!;
        Assert.Equal(issued["credentialSubject"]!["achievement"]!.ToJsonString(), clr["credentialSubject"]!["achievement"]![0]!.ToJsonString());
        Assert.Equal(issued["credentialSubject"]!["identifier"]!.ToJsonString(), clr["credentialSubject"]!["identifier"]!.ToJsonString());
        Assert.Equal(issued["credentialStatus"]!.ToJsonString(), clr["credentialStatus"]!.ToJsonString());
        Assert.Equal(issued["issuer"]!["id"]!.ToString(), clr["issuer"]!["id"]!.ToString());
        var associations = clr["credentialSubject"]!["association"]!.AsArray();
        Assert.Equal(2, associations.Count);
        Assert.All(associations, a =>
        {
            Assert.Equal("isPartOf", (string)a!["associationType"]!);
            Assert.Equal((string)issued["credentialSubject"]!["achievement"]!["id"]!, (string)a["targetId"]!);
        });

        var report = await host.VerifyAsync(body);
        Assert.True(report.Verdict == Verdict.Valid, ClrTestKit.Describe(report));
        Assert.Equal(CheckOutcome.Passed, report.Check(CheckIds.Components)!.Outcome);
        Assert.Equal(2, report.Components.Count);
        Assert.All(report.Components, c => Assert.Equal(Verdict.Valid, c.Verdict));
    }

    [Fact]
    public async Task The_VC_API_and_the_verify_page_show_the_result_of_each_component()
    {
        var done = await host.CompleteDemoPathwayAsync();
        using var learner = await host.SignInAsDemoAsync(done.Persona);
        var (response, body) = await learner.GetClrAsync(done.Completion);
        response.Dispose();

        using var anonymous = host.CreateClient();
        using var api = await anonymous.PostAsync("/credentials/verify", new StringContent(
            new JsonObject { ["verifiableCredential"] = JsonNode.Parse(body) }.ToJsonString(), Encoding.UTF8, "application/json"), Ct);
        var result = JsonNode.Parse(await api.Content.ReadAsStringAsync(Ct))!;
        Assert.True(api.StatusCode == HttpStatusCode.OK, result.ToJsonString());
        Assert.Equal("valid", (string)result["verdict"]!);
        Assert.Contains("components", result["checks"]!.AsArray().Select(c => (string)c!));
        var names = result["components"]!.AsArray().Select(c => (string)c!["achievementName"]!).ToList();
        Assert.Equal(["Data Literacy for Professionals", "Responsible AI in Practice"], names);
        Assert.All(result["components"]!.AsArray(), c => Assert.Equal("valid", (string)c!["verdict"]!));

        foreach (var (culture, heading) in new[] { ("en", "Credentials inside this CLR"), ("nl", "Credentials in deze CLR") })
        {
            var (status, html) = await VerifyPageTests.PostTextAsync(host, body, culture);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains(heading, html);
            Assert.Contains("Responsible AI in Practice", html);
            Assert.Equal(2, html.Split("class=\"verify-check clr-component outcome-passed\"").Length - 1);
        }
    }

    [Fact]
    public async Task A_component_revoked_after_the_completion_stays_in_the_CLR_and_shows_as_revoked()
    {
        var done = await host.CompleteDemoPathwayAsync();
        await host.RevokeAsync(done.ResponsibleAi, "Fraude bij de toets");
        using var learner = await host.SignInAsDemoAsync(done.Persona);
        var (response, body) = await learner.GetClrAsync(done.Completion);
        response.Dispose();
        Assert.Equal(2, ClrTestKit.Components(JsonNode.Parse(body)!).Count);

        var report = await host.VerifyAsync(body);
        // The CLR itself is what the institution signed and is not revoked; its component is.
        Assert.True(report.Verdict == Verdict.Valid, ClrTestKit.Describe(report));
        Assert.Equal(CheckOutcome.Warning, report.Check(CheckIds.Components)!.Outcome);
        var revoked = Assert.Single(report.Components, c => c.Verdict != Verdict.Valid);
        Assert.Equal("revoked", revoked.StatusReason);
        Assert.Equal("Responsible AI in Practice", revoked.AchievementName);

        var (_, html) = await VerifyPageTests.PostTextAsync(host, body, "nl");
        Assert.Contains("Ingetrokken door de uitgever.", html);
    }

    [Fact]
    public async Task A_tampered_component_fails_its_own_proof_and_the_CLR_proof_covers_it_too()
    {
        var done = await host.CompleteDemoPathwayAsync();
        using var learner = await host.SignInAsDemoAsync(done.Persona);
        var (response, body) = await learner.GetClrAsync(done.Completion);
        response.Dispose();

        // Someone edits a grade inside the downloaded CLR: both the component's proof and the CLR's own proof fail.
        var tampered = JsonNode.Parse(body)!;
        var inner = ClrTestKit.Components(tampered)[0]!;
        inner["name"] = "Data Literacy for Professionals (cum laude)";
        var report = await host.VerifyAsync(tampered.ToJsonString());
        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal(CheckOutcome.Failed, report.Check(CheckIds.Proof)!.Outcome);
        Assert.Equal(CheckOutcome.Failed, report.Components[0].Check(CheckIds.Proof)!.Outcome);
        Assert.Equal(Verdict.Valid, report.Components[1].Verdict);

        // A CLR whose issuer signed over a tampered component: the outer proof decides the CLR; the component is still reported.
        var resigned = JsonNode.Parse(tampered.ToJsonString())!.AsObject();
        resigned.Remove("proof");
        var institution = (await host.AwardAsync(done.Completion)).InstitutionId;
        var signed = await host.InScopeAsync(sp => sp.GetRequiredService<IssuerSigner>().SignAsync(institution, resigned, Ct));
        var again = await host.VerifyAsync(signed.Credential.ToJsonString());
        Assert.True(again.Verdict == Verdict.Valid, ClrTestKit.Describe(again));
        Assert.Equal(CheckOutcome.Warning, again.Check(CheckIds.Components)!.Outcome);
        Assert.Equal(CheckOutcome.Failed, again.Components[0].Check(CheckIds.Proof)!.Outcome);
    }

    [Fact]
    public async Task Only_the_learner_gets_the_full_CLR_and_the_public_variant_holds_only_what_the_learner_made_public()
    {
        var done = await host.CompleteDemoPathwayAsync();
        using var anonymous = host.CreateClient();
        var other = await host.NewSignInLearnerAsync();
        using var otherLearner = await host.SignInAsDemoAsync(other.Persona);

        // Private completion: no one else sees that it exists.
        foreach (var client in new[] { anonymous, otherLearner })
        {
            var (response, _) = await client.GetClrAsync(done.Completion);
            using (response) Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // Public completion, one public component with its grade hidden, one private component.
        await host.SetAsync(done.Completion, a => a.IsPublic = true);
        await host.SetAsync(done.DataLiteracy, a => { a.IsPublic = true; a.ShowGrade = false; });
        var (publicResponse, publicBody) = await anonymous.GetClrAsync(done.Completion);
        using (publicResponse) Assert.Equal(HttpStatusCode.OK, publicResponse.StatusCode);
        var clr = JsonNode.Parse(publicBody)!;
        Assert.True((bool)clr["partial"]!);
        var only = Assert.Single(ClrTestKit.Components(clr));
        Assert.Equal(Laurel.Features.Publishing.Badges.PublicCredentials.VariantId(done.DataLiteracy), (string)only!["id"]!);
        Assert.DoesNotContain((await host.AwardAsync(done.ResponsibleAi)).CredentialJson, publicBody);
        Hidden.AssertAbsent("\"8\"", only.ToJsonString());
        Assert.Contains("clr-download", await anonymous.GetStringAsync($"/badges/{done.Completion}", Ct));

        var report = await host.VerifyAsync(publicBody);
        Assert.True(report.Verdict == Verdict.Valid, ClrTestKit.Describe(report));
        Assert.Equal(Verdict.Valid, Assert.Single(report.Components).Verdict);

        // The other learner sees the public variant, never the learner's own file.
        var (otherResponse, otherBody) = await otherLearner.GetClrAsync(done.Completion);
        using (otherResponse) Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
        Assert.True((bool)JsonNode.Parse(otherBody)!["partial"]!);

        // A badge that completes no pathway has no CLR.
        using var learner = await host.SignInAsDemoAsync(done.Persona);
        var (none, _) = await learner.GetClrAsync(done.DataLiteracy);
        using (none) Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task Importing_Laurels_own_CLR_into_the_backpack_unpacks_it_and_finds_both_components_there_as_awards()
    {
        var done = await host.CompleteDemoPathwayAsync();
        using var learner = await host.SignInAsDemoAsync(done.Persona);
        var (response, body) = await learner.GetClrAsync(done.Completion);
        response.Dispose();
        var outcome = await host.InScopeAsync(sp => sp.GetRequiredService<Laurel.Features.Backpack.Imports.ImportService>()
            .ImportFileAsync(done.LearnerId, Encoding.UTF8.GetBytes(body), "record-clr.json", Ct));
        Assert.Null(outcome.Imported);
        Assert.Empty(outcome.Problems);
        Assert.Equal(2, outcome.Unpacked!.Count);
        Assert.All(outcome.Unpacked, row => Assert.True(row.LaurelsOwn && row.Imported is null, string.Join(" ", row.Problems)));
        Assert.Equal(["Data Literacy for Professionals", "Responsible AI in Practice"], outcome.Unpacked.Select(r => r.Name));
    }

    [Fact]
    public async Task A_CLR_with_more_credentials_than_the_budget_is_refused_before_any_is_verified()
    {
        var done = await host.CompleteDemoPathwayAsync();
        using var learner = await host.SignInAsDemoAsync(done.Persona);
        var (response, body) = await learner.GetClrAsync(done.Completion);
        response.Dispose();
        var clr = JsonNode.Parse(body)!;
        var items = ClrTestKit.Components(clr);
        var small = new JsonObject { ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"), ["type"] = new JsonArray("VerifiableCredential") };
        while (items.Count < 5000) items.Add(small.DeepClone());

        using var anonymous = host.CreateClient();
        using var api = await anonymous.PostAsync("/credentials/verify", new StringContent(
            new JsonObject { ["verifiableCredential"] = clr }.ToJsonString(), Encoding.UTF8, "application/json"), Ct);
        var text = await api.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, api.StatusCode);
        Assert.Contains("MaxClrCredentials", text);

        // Deep nesting inside a component is refused by the JSON depth budget, not by a crash.
        var deep = JsonNode.Parse(body)!;
        JsonNode nest = new JsonObject();
        for (var i = 0; i < 200; i++) nest = new JsonObject { ["n"] = nest };
        ClrTestKit.Components(deep)[0]!["credentialSubject"]!["nested"] = nest;
        using var deepApi = await anonymous.PostAsync("/credentials/verify", new StringContent(
            "{\"verifiableCredential\":" + deep.ToJsonString(new System.Text.Json.JsonSerializerOptions { MaxDepth = 512 }) + "}", Encoding.UTF8, "application/json"), Ct);
        Assert.True(deepApi.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, deepApi.StatusCode.ToString());
    }
}

public sealed class ClrTestsOnSqlite(SqliteHost host) : ClrTests(host), IClassFixture<SqliteHost>;

public sealed class ClrTestsOnPostgres(PostgresHost host) : ClrTests(host), IClassFixture<PostgresHost>;
