using System.Net;
using System.Text.Json.Nodes;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Standards;

/// <summary>
/// The Europass ELM v3 export (issue 19) as a learner, an employer and Europass see it: the file of every demo micro-credential
/// passes the official EDC SHACL shapes in an independent validator (rdf-validate-shacl over jsonld's RDF, shapes vendored in
/// node/elm), a broken file fails them, hidden grades stay hidden, and the file is served only to whom the badge is visible.
/// </summary>
public abstract class ElmExportTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Url(Guid id) => $"/badges/{id}/europass.jsonld";

    /// <summary>Runs the EDC SHACL validation over the files; returns the validator's report.</summary>
    internal static async Task<JsonObject> ShaclAsync(string profile, params string[] jsonFiles) =>
        await NodeScript.RunAsync("elm-shacl.mjs", [profile, .. jsonFiles], ["rdf-validate-shacl", "@zazuko/env-node", "jsonld"],
            timeout: TimeSpan.FromSeconds(300), ct: Ct);

    private static string Failures(JsonObject report) => report.ToJsonString();

    private static async Task<string> SaveAsync(string json, string name)
    {
        var folder = Directory.CreateTempSubdirectory("laurel-elm-").FullName;
        var path = Path.Combine(folder, name);
        await File.WriteAllTextAsync(path, json, Ct);
        return path;
    }

    [Fact]
    public async Task Every_demo_micro_credential_exports_a_Europass_file_that_passes_the_official_EDC_shapes()
    {
        var names = await host.DbAsync(db => db.Achievements.Where(a => a.Kind == AchievementKind.MicroCredential && a.Status == AchievementStatus.Published)
            .Select(a => a.Name).Distinct().ToListAsync(Ct));
        Assert.True(names.Count >= 3, "the demo has three micro-credentials");
        var files = new List<string>();
        using var anonymous = host.CreateClient();
        foreach (var name in names)
        {
            var id = await host.CreateAwardAsync(new AwardSpec { Achievement = name, IsPublic = true, ShowGrade = true });
            using var response = await anonymous.GetAsync(Url(id), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/ld+json", response.Content.Headers.ContentType!.MediaType);
            Assert.EndsWith(".europass.jsonld", response.Content.Headers.ContentDisposition!.FileName, StringComparison.Ordinal);
            Assert.NotNull(response.Headers.ETag);
            var json = await response.Content.ReadAsStringAsync(Ct);
            var elm = JsonNode.Parse(json)!.AsObject();
            // What a reader of the file finds: the EU elements, mapped from the definition.
            var achievement = await host.DbAsync(db => db.Achievements.Include(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
                .Where(a => a.Name == name).OrderBy(a => a.Version).FirstAsync(Ct));
            var claim = elm["credentialSubject"]!["hasClaim"]!;
            var spec = claim["specifiedBy"]!;
            Assert.Equal(name, claim["title"]![achievement.Language]!.GetValue<string>());
            Assert.Equal($"http://data.europa.eu/snb/eqf/{achievement.EqfLevel}", spec["eqfLevel"]!["id"]!.GetValue<string>());
            Assert.Equal("http://data.europa.eu/snb/education-credit/6fcec5c5af", spec["creditPoint"]!["framework"]!["id"]!.GetValue<string>());
            Assert.Equal(achievement.StudyLoadEc!.Value, decimal.Parse(spec["creditPoint"]!["point"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal($"PT{achievement.StudyLoadHours!.Value:0}H", spec["volumeOfLearning"]!.GetValue<string>());
            Assert.NotEmpty(spec["learningOutcome"]!.AsArray());
            Assert.Equal(achievement.Issuer!.Faculty!.Institution!.NameEn, elm["issuer"]!["legalName"]!["en"]!.GetValue<string>());
            Assert.Equal(elm["issuer"]!["id"]!.GetValue<string>(), claim["awardedBy"]!["awardingBody"]!["id"]!.GetValue<string>());
            Assert.Equal("8.5", claim["provenBy"]!["grade"]!["noteLiteral"]!.AsObject().First().Value!.GetValue<string>());
            files.Add(await SaveAsync(json, $"{id:N}.json"));
        }
        foreach (var profile in new[] { "no-cv", "full" })
        {
            var report = await ShaclAsync(profile, [.. files]);
            Assert.True(report["conforms"]!.GetValue<bool>(), Failures(report));
            Assert.Equal(names.Count, report["files"]!.AsArray().Count);
        }
    }

    [Fact]
    public async Task A_file_missing_a_required_property_is_reported_by_the_validator()
    {
        var id = await host.CreateAwardAsync(new AwardSpec { IsPublic = true, ShowGrade = true });
        using var anonymous = host.CreateClient();
        var elm = JsonNode.Parse(await anonymous.GetStringAsync(Url(id), Ct))!.AsObject();
        elm["credentialSubject"]!["hasClaim"]!.AsObject().Remove("title");   // LearningAchievement dc:title, minCount 1
        elm["credentialSubject"]!["hasClaim"]!["awardedBy"]!.AsObject().Remove("awardingBody");   // AwardingProcess awardingBody, minCount 1
        var report = await ShaclAsync("full", await SaveAsync(elm.ToJsonString(), "broken.json"));
        Assert.False(report["conforms"]!.GetValue<bool>());
        var paths = report["files"]![0]!["results"]!.AsArray().Select(r => r!["path"]?.GetValue<string>()).ToList();
        Assert.Contains("http://purl.org/dc/terms/title", paths);
        Assert.Contains("http://data.europa.eu/snb/model/elm/awardingBody", paths);
    }

    [Fact]
    public async Task A_grade_the_learner_hides_is_not_in_the_public_file_but_is_in_the_file_staff_get()
    {
        // A real award (did:web key), so the public gets the signed public variant without the grade.
        var awarder = await host.StaffAsync("a.bakker@uu.example");
        var learner = await host.OtherLearnerIdAsync();
        var email = await host.DbAsync(db => db.Persons.Where(p => p.Id == learner).Select(p => p.Email!).SingleAsync(Ct));
        var id = await host.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<Laurel.Infrastructure.Database.LaurelDb>();
            var achievementId = await db.Achievements.Where(a => a.Name == "Data Literacy for Professionals").OrderByDescending(a => a.Version).Select(a => a.Id).FirstAsync(Ct);
            var outcome = await services.GetRequiredService<AwardService>().AwardAsync(awarder, new AwardRequest
            {
                AchievementId = achievementId, RecipientPersonId = learner, RecipientIdentity = email,
                CompletedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), Grade = "9.25",
            }, Ct);
            Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.SelectMany(e => e.Value)));
            return outcome.Award!.Id;
        });
        await host.SetAsync(id, a => { a.IsPublic = true; a.ShowGrade = false; });
        using var anonymous = host.CreateClient();
        var publicFile = await anonymous.GetStringAsync(Url(id), Ct);
        Assert.DoesNotContain("9.25", publicFile);
        Assert.Null(JsonNode.Parse(publicFile)!["credentialSubject"]!["hasClaim"]!["provenBy"]!["grade"]);
        using var staff = await host.SignInAsDemoAsync("awarder");
        var full = await staff.GetStringAsync(Url(id), Ct);
        Assert.Equal("9.25", JsonNode.Parse(full)!["credentialSubject"]!["hasClaim"]!["provenBy"]!["grade"]!["noteLiteral"]!.AsObject().First().Value!.GetValue<string>());
    }

    [Fact]
    public async Task A_private_award_is_downloadable_by_its_learner_and_staff_only()
    {
        var id = await host.CreateAwardAsync(new AwardSpec { IsPublic = false });
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(Url(id), Ct)).StatusCode);
        using var employer = await host.SignInAsDemoAsync("employer");
        Assert.Equal(HttpStatusCode.NotFound, (await employer.GetAsync(Url(id), Ct)).StatusCode);
        await host.EnsureOtherInstitutionAdminAsync();
        using var otherInstitution = await host.SignInAsDemoAsync("tud-admin");
        Assert.Equal(HttpStatusCode.NotFound, (await otherInstitution.GetAsync(Url(id), Ct)).StatusCode);
        using var learner = await host.SignInAsDemoAsync("learner");
        Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync(Url(id), Ct)).StatusCode);
        using var awarder = await host.SignInAsDemoAsync("awarder");
        using var staffResponse = await awarder.GetAsync(Url(id), Ct);
        Assert.Equal(HttpStatusCode.OK, staffResponse.StatusCode);
        Assert.Contains("private", staffResponse.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_or_suspended_award_has_no_Europass_file_and_no_link()
    {
        foreach (var state in new[] { AwardState.Revoked, AwardState.Suspended })
        {
            var id = await host.AwardInStateAsync(state, reason: "Fraud found");
            using var learner = await host.SignInAsDemoAsync("learner");
            using var response = await learner.GetAsync(Url(id), Ct);
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var page = await learner.GetStringAsync($"/backpack/badges/{id}?culture=en", Ct);
            Assert.DoesNotContain("europass-download", page);
        }
    }

    [Fact]
    public async Task The_badge_page_and_the_backpack_offer_the_Europass_file_in_both_languages()
    {
        var id = await host.CreateAwardAsync(new AwardSpec { IsPublic = true, ShowGrade = true });
        using var anonymous = host.CreateClient();
        var en = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/badges/{id}?culture=en", Ct));
        Assert.Contains($"href=\"{Url(id)}\" download>Europass (ELM) file</a>", en);
        var nl = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/badges/{id}?culture=nl", Ct));
        Assert.Contains($"href=\"{Url(id)}\" download>Europass-bestand (ELM)</a>", nl);
        using var learner = await host.SignInAsDemoAsync("learner");
        var backpack = WebUtility.HtmlDecode(await learner.GetStringAsync($"/backpack/badges/{id}?culture=en", Ct));
        Assert.Contains($"href=\"{Url(id)}\"", backpack);
    }

    [Fact]
    public async Task Only_micro_credentials_have_a_Europass_file()
    {
        var regular = await host.NewAchievementAsync(AchievementKind.Regular);
        var id = await host.CreateAwardAsync(new AwardSpec { IsPublic = true, ShowGrade = true });
        await host.SetAsync(id, a => a.AchievementId = regular);
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(Url(id), Ct)).StatusCode);
        Assert.DoesNotContain("europass-download", await anonymous.GetStringAsync($"/badges/{id}?culture=en", Ct));
    }

    [Fact]
    public async Task The_download_is_described_in_the_OpenAPI_document()
    {
        using var anonymous = host.CreateClient();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json", Ct))!;
        var operation = document["paths"]!["/badges/{id}/europass.jsonld"]!["get"]!;
        Assert.False(string.IsNullOrWhiteSpace(operation["summary"]!.GetValue<string>()));
        Assert.NotNull(operation["responses"]!["200"]!["content"]!["application/ld+json"]);
        Assert.NotNull(operation["responses"]!["410"]);
    }
}

public sealed class ElmExportTestsOnSqlite(SqliteHost host) : ElmExportTests(host), IClassFixture<SqliteHost>;

public sealed class ElmExportTestsOnPostgres(PostgresHost host) : ElmExportTests(host), IClassFixture<PostgresHost>;
