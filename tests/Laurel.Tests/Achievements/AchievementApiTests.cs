using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Laurel.Tests.Achievements;

/// <summary>The JSON API: public catalog reads and staff creation with ProblemDetails on bad input.</summary>
public abstract class AchievementApiTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object ValidJson(string name) => new
    {
        kind = "micro_credential", name, description = "Made through the API.", criteriaMarkdown = "Pass the test.",
        learningOutcomes = "- Do things", language = "en", eqfLevel = 7, studyLoadUnit = "ec", studyLoad = 3.5,
        assessmentTypes = new[] { "testing" }, participationForms = new[] { "online" }, supervision = "supervised_online",
        identityChecked = true, qualityAssuranceName = "Kwaliteitskader microcredentials HO", qualityAssuranceUrl = AchievementTestKit.QaUrl,
        alignments = new[] { new { targetName = "ESCO data analysis", targetUrl = "https://esco.ec.europa.eu/" } },
    };

    [Fact]
    public async Task Creating_requires_a_signed_in_staff_member_with_rights_on_the_issuer()
    {
        var utrecht = await host.UtrechtIssuerAsync();
        var anonymous = await host.CreateClient().PostAsJsonAsync($"/api/v1/issuers/{utrecht}/achievements", ValidJson("Anon"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Sign in first.", (await anonymous.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());

        using var awarder = await host.SignInAsDemoAsync("awarder");
        Assert.Equal(HttpStatusCode.Forbidden, (await awarder.PostAsJsonAsync($"/api/v1/issuers/{utrecht}/achievements", ValidJson("Awarder"), Ct)).StatusCode);
        using var admin = await host.SignInAsDemoAsync("issuer-admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync($"/api/v1/issuers/{await host.DelftIssuerAsync()}/achievements", ValidJson("Delft"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/v1/issuers/{Guid.NewGuid()}/achievements", ValidJson("Nowhere"), Ct)).StatusCode);
    }

    [Fact]
    public async Task Bad_input_returns_a_validation_problem_naming_every_field()
    {
        using var admin = await host.SignInAsDemoAsync("issuer-admin");
        var response = await admin.PostAsJsonAsync($"/api/v1/issuers/{await host.UtrechtIssuerAsync()}/achievements?culture=en",
            new { kind = "micro_credential", studyLoadUnit = "ec", studyLoad = 0.5, alignments = new[] { new { targetName = "x", targetUrl = "nope" } } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        string[] expected = ["name", "description", "criteriaMarkdown", "learningOutcomes", "language", "eqfLevel", "studyLoad",
            "assessmentTypes", "participationForms", "supervision", "identityChecked", "qualityAssuranceName", "qualityAssuranceUrl", "alignments[0].targetUrl"];
        Assert.Equal(expected.Order(), errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("between 1 and 30 EC", errors.GetProperty("studyLoad")[0].GetString());
    }

    [Fact]
    public async Task Malformed_json_is_a_validation_problem_not_a_crash()
    {
        using var admin = await host.SignInAsDemoAsync("issuer-admin");
        var response = await admin.PostAsync($"/api/v1/issuers/{await host.UtrechtIssuerAsync()}/achievements",
            new StringContent("{\"kind\": \"wizard\"}", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("kind", out _));
    }

    [Fact]
    public async Task Valid_input_creates_a_draft_at_its_location_that_the_public_cannot_see_until_published()
    {
        using var admin = await host.SignInAsDemoAsync("issuer-admin");
        var name = AchievementTestKit.Unique("Api made");
        var response = await admin.PostAsJsonAsync($"/api/v1/issuers/{await host.UtrechtIssuerAsync()}/achievements", ValidJson(name), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("draft", created.GetProperty("status").GetString());
        Assert.Equal("micro_credential", created.GetProperty("kind").GetString());
        Assert.Equal(98m, created.GetProperty("studyLoad").GetProperty("hours").GetDecimal());
        var location = response.Headers.Location!.OriginalString;
        Assert.Equal($"/api/v1/achievements/{created.GetProperty("id").GetString()}", location);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(location, Ct)).StatusCode);
        using var visitor = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(location, Ct)).StatusCode);

        var id = AchievementTestKit.IdFromLocation(response);
        await admin.ActAsync(id, "Publish");
        var one = await visitor.GetFromJsonAsync<JsonElement>(location, Ct);
        Assert.Equal("supervised_online", one.GetProperty("supervision").GetString());
        Assert.Equal("uu", one.GetProperty("institution").GetProperty("slug").GetString());

        async Task<bool> Listed(string filters) => (await visitor.GetFromJsonAsync<JsonElement>($"/api/v1/achievements?q={Uri.EscapeDataString(name)}&{filters}", Ct))
            .GetProperty("items").EnumerateArray().Any(item => item.GetProperty("id").GetString() == id.ToString());
        Assert.True(await Listed("institution=uu&eqf=7&minEc=3.5&maxEc=3.5&kind=micro_credential&language=en"));
        Assert.False(await Listed("institution=tudelft"));
        Assert.False(await Listed("minEc=4"));
        Assert.False(await Listed("language=nl"));
    }

    [Fact]
    public async Task The_api_is_described_in_the_openapi_document()
    {
        var document = await host.CreateClient().GetStringAsync("/openapi/v1.json", Ct);
        Assert.Contains("/api/v1/achievements", document);
        Assert.Contains("/api/v1/issuers/{issuerId}/achievements", document);
        Assert.Contains("CreateAchievement", document);
    }
}

public sealed class AchievementApiTestsOnSqlite(SqliteHost host) : AchievementApiTests(host), IClassFixture<SqliteHost>;

public sealed class AchievementApiTestsOnPostgres(PostgresHost host) : AchievementApiTests(host), IClassFixture<PostgresHost>;
