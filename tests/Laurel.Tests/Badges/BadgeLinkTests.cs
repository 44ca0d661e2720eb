using System.Net;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;
using Laurel.Features.Backpack.Imports;
using Laurel.Tests.Imports;
using Laurel.Tests.Verification;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Badges;

/// <summary>
/// Issue 14 finding 2: the public badge link (the one on LinkedIn and CVs) is also a credential link. The page answers
/// machines by content negotiation and <c>rel="alternate"</c>; a public credential file exists for both learner choices and
/// verifies; /verify and import by URL accept the page address; what is private stays private.
/// </summary>
public abstract class BadgeLinkTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Words, not digits alone: "9.25" also turned up inside an issuance timestamp ("…T16:04:39.2591078Z") and failed a run.
    private const string Grade = "9.25 cum laude";
    private const string Narrative = "Built a data dashboard for the municipality";
    private const string EvidenceUrl = "https://portfolio.example.org/sanne/dashboard";

    private BadgeLinkAddOn Links => host.AddOn<BadgeLinkAddOn>();

    private string PageUrl(Guid awardId) => $"{Links.Origin}/badges/{awardId}";

    /// <summary>An award made by the real award service (the institution's did:web key, a status entry) with grade and evidence.</summary>
    private async Task<Award> AwardAsync(bool isPublic, bool showGrade, bool showEvidence)
    {
        var awarder = await host.StaffAsync("a.bakker@uu.example");
        var person = await host.AddPersonAsync(TestData.Learner($"sanne-{Guid.NewGuid():N}@example.org", "Sanne Jansen"));
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Laurel.Infrastructure.Database.LaurelDb>();
        var achievementId = await db.Achievements.Where(a => a.Name == "Data Literacy for Professionals").Select(a => a.Id).FirstAsync(Ct);
        var outcome = await scope.ServiceProvider.GetRequiredService<AwardService>().AwardAsync(awarder, new AwardRequest
        {
            AchievementId = achievementId, RecipientPersonId = person.Id, RecipientIdentity = person.Email,
            CompletedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), Grade = Grade, Narrative = Narrative,
            Evidence = [new AwardEvidence { Url = EvidenceUrl, Name = "Dashboard portfolio" }],
        }, CancellationToken.None);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.SelectMany(e => e.Value)));
        await host.SetAsync(outcome.Award!.Id, a => { a.IsPublic = isPublic; a.ShowGrade = showGrade; a.ShowEvidence = showEvidence; });
        return await host.DbAsync(d => d.Awards.AsNoTracking().SingleAsync(a => a.Id == outcome.Award.Id));
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        return await client.SendAsync(request, Ct);
    }

    [Theory]
    [InlineData("application/vc+ld+json")]
    [InlineData("application/vc")]
    [InlineData("application/ld+json")]
    [InlineData("application/json")]
    public async Task The_badge_page_answers_a_machine_with_the_credential_and_varies_by_accept(string mediaType)
    {
        var award = await AwardAsync(isPublic: true, showGrade: true, showEvidence: true);
        using var anonymous = host.CreateClient();
        using var response = await GetAsync(anonymous, $"/badges/{award.Id}", $"{mediaType}, text/html;q=0.5");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Accept", response.Headers.Vary);
        // Everything is shown, so a machine gets the credential exactly as issued.
        Assert.Equal(award.CredentialJson, await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")] // a browser
    [InlineData("*/*")]
    [InlineData(null)]
    [InlineData("application/json;q=0.5, text/html")]
    public async Task The_badge_page_stays_html_for_browsers(string? accept)
    {
        var award = await AwardAsync(isPublic: true, showGrade: false, showEvidence: false);
        using var anonymous = host.CreateClient();
        using var response = await GetAsync(anonymous, $"/badges/{award.Id}?culture=en", accept);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Accept", response.Headers.Vary);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains($"<link rel=\"alternate\" type=\"application/vc+ld+json\" href=\"{Links.Origin}/badges/{award.Id}/credential.json\" />", html);
        Assert.Contains("id=\"holder\">Sanne Jansen</strong>", html);
    }

    [Fact]
    public async Task A_learner_who_shows_grade_and_evidence_shares_the_signed_file_as_issued()
    {
        var award = await AwardAsync(isPublic: true, showGrade: true, showEvidence: true);
        using var anonymous = host.CreateClient();
        var json = await anonymous.GetStringAsync($"/badges/{award.Id}/credential.json", Ct);
        Assert.Equal(award.CredentialJson, json);
        Assert.Contains(Grade, json);
        var report = await host.VerifyWithLaurelAsync(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.Equal(Verdict.Valid, report.Verdict);
    }

    [Fact]
    public async Task A_learner_who_hides_grade_and_evidence_still_has_a_signed_public_file_that_verifies_without_them()
    {
        var award = await AwardAsync(isPublic: true, showGrade: false, showEvidence: false);
        using var anonymous = host.CreateClient();
        using var response = await anonymous.GetAsync($"/badges/{award.Id}/credential.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync(Ct);
        foreach (var hidden in new[] { Grade, Narrative, EvidenceUrl, "Dashboard portfolio" }) Hidden.AssertAbsent(hidden, json);
        var variant = JsonNode.Parse(json)!.AsObject();
        var original = JsonNode.Parse(award.CredentialJson)!.AsObject();
        Assert.NotEqual(original["id"]!.GetValue<string>(), variant["id"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(original["issuer"], variant["issuer"]));
        Assert.True(JsonNode.DeepEquals(original["credentialStatus"], variant["credentialStatus"]));
        Assert.True(JsonNode.DeepEquals(original["credentialSubject"]!["identifier"], variant["credentialSubject"]!["identifier"]));
        Assert.True(JsonNode.DeepEquals(original["credentialSubject"]!["achievement"], variant["credentialSubject"]!["achievement"]));

        var report = await host.VerifyWithLaurelAsync(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.Equal(Verdict.Valid, report.Verdict);
        Assert.Equal(CheckOutcome.Passed, report.Check(CheckIds.Proof)?.Outcome);
        Assert.Equal(CheckOutcome.Passed, report.Check("status")?.Outcome);

        // Issued once: the same bytes again, by content negotiation and in the baked image too.
        Assert.Equal(json, await anonymous.GetStringAsync($"/badges/{award.Id}/credential.json", Ct));
        using var negotiated = await GetAsync(anonymous, $"/badges/{award.Id}", "application/vc+ld+json");
        Assert.Equal(json, await negotiated.Content.ReadAsStringAsync(Ct));
        var png = await anonymous.GetByteArrayAsync($"/badges/{award.Id}/badge.png", Ct);
        Assert.Equal(Verdict.Valid, (await host.VerifyWithLaurelAsync(png)).Verdict);
        Hidden.AssertAbsent(Grade, System.Text.Encoding.Latin1.GetString(png));

        // The issued credential itself is unchanged (the learner's own downloads, BadgePageTests).
        Assert.Contains(Grade, (await host.DbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.Id == award.Id))).CredentialJson);

        // The variant shares the award's status entry: revoking the award revokes the public file too.
        await host.RevokeAsync(award.Id, "Issued to the wrong person");
        var revoked = await host.VerifyWithLaurelAsync(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.Equal(CheckOutcome.Failed, revoked.Check("status")?.Outcome);
    }

    [Fact]
    public async Task A_private_badge_stays_not_found_for_machines_too()
    {
        var award = await AwardAsync(isPublic: false, showGrade: false, showEvidence: false);
        using var anonymous = host.CreateClient();
        foreach (var accept in new[] { "application/vc+ld+json", "application/json", "text/html" })
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(anonymous, $"/badges/{award.Id}", accept)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/badges/{award.Id}/credential.json", Ct)).StatusCode);
        var (_, html) = await VerifyPageTests.PostUrlAsync(host, PageUrl(award.Id));
        Assert.DoesNotContain("data-verdict=\"Valid\"", html);
        Assert.DoesNotContain("Sanne Jansen", html);
    }

    [Theory]
    [InlineData("en", "Valid", "Holder")]
    [InlineData("nl", "Geldig", "Houder")]
    public async Task Verify_by_badge_page_address_is_valid_and_names_the_holder(string culture, string valid, string holderLabel)
    {
        var award = await AwardAsync(isPublic: true, showGrade: false, showEvidence: false);
        var (status, html) = await VerifyPageTests.PostUrlAsync(host, PageUrl(award.Id), culture);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-verdict=\"Valid\"", html);
        Assert.Contains($"<strong>{valid}", html);
        Assert.Contains($"<dt>{holderLabel}</dt>", html);
        Assert.Contains("id=\"holder\" class=\"verify-who-holder\">Sanne Jansen</dd>", html);
        Assert.Contains($"src=\"/catalog/{award.AchievementId}/badge.png\"", html);
        // Who comes before the checks.
        Assert.True(html.IndexOf("id=\"verify-who\"", StringComparison.Ordinal) < html.IndexOf("class=\"verify-checks\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_follows_another_sites_badge_page_to_its_credential_over_the_network()
    {
        var award = await AwardAsync(isPublic: true, showGrade: false, showEvidence: false);
        using var anonymous = host.CreateClient();
        Links.SomeoneCredential = await anonymous.GetStringAsync($"/badges/{award.Id}/credential.json", Ct);
        var (status, html) = await VerifyPageTests.PostUrlAsync(host, Links.Pages.Url("/someone/badge.html").AbsoluteUri);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-verdict=\"Valid\"", html);
        Assert.Contains("id=\"holder\" class=\"verify-who-holder\">Sanne Jansen</dd>", html);
    }

    [Fact]
    public async Task The_holder_is_not_named_for_a_private_badge_whose_file_is_pasted()
    {
        var award = await AwardAsync(isPublic: false, showGrade: false, showEvidence: false);
        var (_, html) = await VerifyPageTests.PostTextAsync(host, award.CredentialJson, culture: "en");
        Assert.Contains("data-verdict=\"Valid\"", html);
        Assert.Contains("id=\"verify-who\"", html);
        Assert.DoesNotContain("Sanne Jansen", html);
    }

    [Fact]
    public async Task Import_by_badge_page_address_reads_the_credential_behind_the_page()
    {
        var award = await AwardAsync(isPublic: true, showGrade: false, showEvidence: false);
        await using var scope = host.Services.CreateAsyncScope();
        var reader = scope.ServiceProvider.GetRequiredService<ImportReader>();
        var (candidate, problem) = await reader.FromUrlAsync(new Uri(PageUrl(award.Id)), Ct);
        Assert.Null(problem);
        Assert.Equal(ImportSource.Url, candidate!.Source);
        Hidden.AssertAbsent(Grade, candidate.Text);
        Assert.Equal(Laurel.Features.Publishing.Badges.PublicCredentials.VariantId(award.Id), JsonNode.Parse(candidate.Text)!["id"]!.GetValue<string>());

        // Through the page: the badge is read and recognised as one of Laurel's own (not "could not be fetched").
        using var learner = await host.SignInAsDemoAsync("learner");
        using var response = await learner.ImportAsync(null, url: PageUrl(award.Id));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Deze badge is via Laurel zelf uitgegeven", html); // the import page speaks Dutch by default
    }

    [Fact]
    public async Task A_page_whose_credential_link_points_to_a_private_address_is_refused()
    {
        var url = Links.Pages.Url("/private-link.html").AbsoluteUri;
        var (_, html) = await VerifyPageTests.PostUrlAsync(host, url);
        Assert.Equal("Failed", VerifyPageTests.Outcome(html, "format"));
        Assert.Contains("10.0.0.5", html);
        Assert.Contains("does not fetch from it", html);

        await using var scope = host.Services.CreateAsyncScope();
        var (candidate, problem) = await scope.ServiceProvider.GetRequiredService<ImportReader>().FromUrlAsync(new Uri(url), Ct);
        Assert.Null(candidate);
        Assert.Contains("private or internal network", problem);
    }

    [Fact]
    public async Task A_web_page_without_a_credential_link_gives_a_clear_error()
    {
        var url = Links.Pages.Url("/plain.html").AbsoluteUri;
        var (_, html) = await VerifyPageTests.PostUrlAsync(host, url);
        Assert.Equal("Failed", VerifyPageTests.Outcome(html, "format"));
        Assert.Contains("is a web page that does not offer a credential", WebUtility.HtmlDecode(html));

        await using var scope = host.Services.CreateAsyncScope();
        var (candidate, problem) = await scope.ServiceProvider.GetRequiredService<ImportReader>().FromUrlAsync(new Uri(url), Ct);
        Assert.Null(candidate);
        Assert.Contains("does not offer its badge as a file", problem);
    }
}

public sealed class BadgeLinkTestsOnSqlite(BadgeLinkSqliteHost host) : BadgeLinkTests(host), IClassFixture<BadgeLinkSqliteHost>;

public sealed class BadgeLinkTestsOnPostgres(BadgeLinkPostgresHost host) : BadgeLinkTests(host), IClassFixture<BadgeLinkPostgresHost>;
