using System.Net;
using System.Text.RegularExpressions;
using Laurel.Features.Awards;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Badges;

/// <summary>What the public sees on /badges/{id}: the achievement, issuer, dates, MC details, live verification and sharing.</summary>
public abstract partial class BadgePageTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> PublicPageAsync(Guid awardId, string culture = "en")
    {
        using var anonymous = host.CreateClient();
        var response = await anonymous.GetAsync($"/badges/{awardId}?culture={culture}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    [Fact]
    public async Task Public_page_shows_the_achievement_with_its_micro_credential_details_and_issuer()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { IsPublic = true });
        var page = WebUtility.HtmlDecode(await PublicPageAsync(awardId));
        Assert.Contains("Data Literacy for Professionals", page);
        Assert.Contains("Interpret, clean and visualise data sets", page);
        Assert.Contains("EQF 6", page);
        Assert.Contains("Kwaliteitskader microcredentials HO", page);
        Assert.Contains("<strong>5.5</strong>", page);             // criteria rendered as Markdown
        Assert.Contains("Apply them to a case from your own work", page);
        Assert.Contains("href=\"/institutions/uu\"", page);
        // Issuer, faculty and institution link to their public profile pages, which exist.
        using var anonymous = host.CreateClient();
        foreach (var href in ProfileLinks().Matches(page).Select(m => m.Groups[1].Value).Distinct())
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(href, Ct)).StatusCode);
        Assert.Equal(3, ProfileLinks().Matches(page).Select(m => m.Groups[1].Value).Distinct().Count());
        Assert.Contains("Utrecht University", page);
        Assert.Contains("Faculty of Science", page);
        Assert.Contains("Computing Science", page);
        Assert.Contains("Lotte de Vries", page);
        Assert.Contains($"src=\"/catalog/", page);
    }

    [Fact]
    public async Task Public_page_shows_a_valid_live_verification_in_both_languages()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { IsPublic = true });
        Assert.Contains("id=\"verdict\"><strong>Valid:", await PublicPageAsync(awardId, "en"));
        Assert.Contains("id=\"verdict\"><strong>Geldig:", await PublicPageAsync(awardId, "nl"));
    }

    [Fact]
    public async Task Public_page_carries_OpenGraph_and_Twitter_tags_with_absolute_urls()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { IsPublic = true });
        var page = await PublicPageAsync(awardId);
        Assert.Equal("Data Literacy for Professionals", Meta(page, "og:title"));
        Assert.StartsWith("Interpret, clean and visualise", Meta(page, "og:description"));
        Assert.Equal($"http://localhost:5000/badges/{awardId}", Meta(page, "og:url"));
        Assert.Equal($"http://localhost:5000/badges/{awardId}/share.png", Meta(page, "og:image"));
        Assert.Equal("1200", Meta(page, "og:image:width"));
        Assert.Equal("627", Meta(page, "og:image:height"));
        Assert.Equal("summary_large_image", Meta(page, "twitter:card"));
        Assert.Equal($"http://localhost:5000/badges/{awardId}/share.png", Meta(page, "twitter:image"));
    }

    [Fact]
    public async Task LinkedIn_link_names_the_certification_organisation_date_and_page()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { IsPublic = true });
        var award = await host.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Awards, a => a.Id == awardId));
        var page = await PublicPageAsync(awardId);
        // The link goes through Laurel's counting redirect (insights: LinkedIn adds), which answers LinkedIn's address.
        var link = WebUtility.HtmlDecode(LinkedInHref().Match(page).Groups[1].Value);
        Assert.Equal($"/badges/{awardId}/linkedin?to=profile", link);
        using var anonymous = host.CreateClient();
        var redirect = await anonymous.GetAsync(link, Ct);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var href = redirect.Headers.Location!.ToString();
        Assert.StartsWith("https://www.linkedin.com/profile/add?", href);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(href).Query);
        Assert.Equal("CERTIFICATION_NAME", query["startTask"]);
        Assert.Equal("Data Literacy for Professionals", query["name"]);
        Assert.Equal("15096", query["organizationId"]);    // Utrecht's LinkedIn page (the faculty has none of its own)
        Assert.Equal(award.IssuedAt.Year.ToString(), query["issueYear"]);
        Assert.Equal(award.IssuedAt.Month.ToString(), query["issueMonth"]);
        Assert.Equal($"http://localhost:5000/badges/{awardId}", query["certUrl"]);
        Assert.Equal(awardId.ToString(), query["certId"]);
    }

    [Fact]
    public async Task Hidden_grade_is_absent_from_the_public_page_and_public_json()
    {
        var awardId = await host.AwardThroughServiceAsync(achievement: "Responsible AI in Practice", grade: "9.25", isPublic: true, showGrade: false, toDemoLearner: true);
        var page = await PublicPageAsync(awardId);
        Hidden.AssertAbsent("9.25", page);
        using var anonymous = host.CreateClient();
        Hidden.AssertAbsent("9.25", await anonymous.GetStringAsync($"/ob2/assertions/{awardId}", Ct));
        // The issued files carry the grade and cannot be redacted, so the public gets the signed public variant without it
        // (issue 14: a public badge always has a credential file; BadgeLinkTests checks that it verifies).
        var json = await anonymous.GetStringAsync($"/badges/{awardId}/credential.json", Ct);
        Hidden.AssertAbsent("9.25", json);
        foreach (var file in new[] { "badge.png", "badge.svg" })
        {
            using var response = await anonymous.GetAsync($"/badges/{awardId}/{file}", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // The baked credential is the same public variant (compressed image bytes could contain any text, so unbake).
            var baked = Laurel.Credentials.Baking.BadgeImage.Unbake(await response.Content.ReadAsByteArrayAsync(Ct));
            Assert.Equal(json, baked?.Content);
        }
        Assert.Contains("id=\"public-variant-note\"", page);
        // The learner still sees it and can download and share the signed files themselves.
        using var owner = await host.SignInAsDemoAsync("learner");
        Assert.Contains("9.25", await owner.GetStringAsync($"/badges/{awardId}", Ct));
        Assert.Contains("9.25", await owner.GetStringAsync($"/badges/{awardId}/credential.json", Ct));
    }

    [Fact]
    public async Task Shown_grade_appears_on_the_public_page()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { IsPublic = true, ShowGrade = true, Grade = "9.25" });
        Assert.Contains("9.25", await PublicPageAsync(awardId));
    }

    [Fact]
    public async Task Evidence_is_shown_only_when_the_learner_allows_it()
    {
        List<AwardEvidence> evidence = [new() { Url = "https://portfolio.example.org/lotte", Name = "Portfolio of Lotte" }];
        var hidden = await host.CreateAwardAsync(new AwardSpec { IsPublic = true, ShowGrade = true, Evidence = evidence });
        Assert.DoesNotContain("Portfolio of Lotte", await PublicPageAsync(hidden));
        using var anonymous = host.CreateClient();
        Assert.DoesNotContain("portfolio.example.org", await anonymous.GetStringAsync($"/ob2/assertions/{hidden}", Ct));
        var shown = await host.CreateAwardAsync(new AwardSpec { IsPublic = true, ShowGrade = true, ShowEvidence = true, Evidence = evidence });
        Assert.Contains("Portfolio of Lotte", await PublicPageAsync(shown));
        Assert.Contains("portfolio.example.org", await anonymous.GetStringAsync($"/ob2/assertions/{shown}", Ct));
    }

    [Fact]
    public async Task Revoked_award_page_shows_revoked_with_the_reason()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { IsPublic = true });
        await host.SetAsync(awardId, a =>
        {
            a.State = AwardState.Revoked;
            a.RevokedAt = DateTime.UtcNow;
            a.RevocationReason = "Fraud in the final assessment";
        });
        var page = await PublicPageAsync(awardId);
        Assert.Contains("Revoked", page);
        Assert.Contains("Fraud in the final assessment", page);
        Assert.DoesNotContain("linkedin-add", page);
    }

    private static string Meta(string page, string property)
    {
        var match = Regex.Match(page, $"<meta (?:property|name)=\"{Regex.Escape(property)}\" content=\"([^\"]*)\"");
        Assert.True(match.Success, $"no {property} meta tag");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("href=\"(/institutions/uu(?:/faculties/[0-9a-f-]+)?|/issuers/[0-9a-f-]+)\"")]
    private static partial Regex ProfileLinks();

    [GeneratedRegex("id=\"linkedin-add\" href=\"([^\"]+)\"")]
    private static partial Regex LinkedInHref();
}

public sealed class BadgePageTestsOnSqlite(SqliteHost host) : BadgePageTests(host), IClassFixture<SqliteHost>;

public sealed class BadgePageTestsOnPostgres(PostgresHost host) : BadgePageTests(host), IClassFixture<PostgresHost>;
