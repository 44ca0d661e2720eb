using System.Net;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Backpack;

/// <summary>/backpack/badges/{id}: owner only; micro-credential details, live verification, sharing, share targets, downloads, QR.</summary>
public abstract class BadgeDetailTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> SaveSharingAsync(HttpClient client, Guid awardId, bool isPublic, bool showGrade, bool showEvidence = false)
    {
        var fields = new List<(string, string)> { ("awardId", awardId.ToString()) };
        if (isPublic) fields.Add(("isPublic", "true"));
        if (showGrade) fields.Add(("showGrade", "true"));
        if (showEvidence) fields.Add(("showEvidence", "true"));
        return client.PostFormAsync($"/backpack/badges/{awardId}", $"/backpack/badges/{awardId}?handler=Sharing", [.. fields]);
    }

    [Fact]
    public async Task Owner_sees_achievement_micro_credential_details_verification_and_every_download()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { Achievement = "Solar Energy Systems" });
        using var learner = await host.SignInAsDemoAsync("learner");
        var page = await learner.PageAsync($"/backpack/badges/{awardId}?culture=en");
        Assert.Contains("Solar Energy Systems", page);
        Assert.Contains("Delft University of Technology", page);
        Assert.Contains("EQF", page);
        Assert.Contains("Design and evaluate photovoltaic systems", page);
        Assert.Matches("id=\"verdict\"><strong>[^<]+</strong>", page);
        Assert.Contains("class=\"grade\">8.5<", page);
        foreach (var download in new[] { "credential.json", "badge.png", "badge.svg", "badge-ob2.png", "certificate.pdf" })
            Assert.Contains($"href=\"/badges/{awardId}/{download}\"", page);
        Assert.DoesNotContain($"/badges/{awardId}/credential.jwt", page); // no subject DID: no VC-JWT
        // The page offers the VC-JWT once the credential names its subject (the learner brought a DID); the file itself is publishing's.
        await host.SetAsync(awardId, a =>
        {
            var credential = System.Text.Json.Nodes.JsonNode.Parse(a.CredentialJson)!;
            credential["credentialSubject"]!["id"] = "did:example:learner";
            a.CredentialJson = credential.ToJsonString();
        });
        Assert.Contains($"href=\"/badges/{awardId}/credential.jwt\"", await learner.PageAsync($"/backpack/badges/{awardId}"));
    }

    [Fact]
    public async Task Private_badge_has_share_buttons_disabled_with_the_reason()
    {
        var awardId = await host.CreateAwardAsync();
        using var learner = await host.SignInAsDemoAsync("learner");
        var page = await learner.PageAsync($"/backpack/badges/{awardId}?culture=en");
        Assert.Contains("id=\"share-disabled\"", page);
        Assert.Contains("this badge is private", page);
        Assert.DoesNotContain("linkedin.com", page);
        Assert.DoesNotContain("mailto:", page);
        Assert.DoesNotContain($"/backpack/badges/{awardId}/qr.png", page);
    }

    [Fact]
    public async Task Making_a_badge_public_without_grade_persists_enables_sharing_and_hides_the_grade_on_the_public_page()
    {
        var awardId = await host.CreateAwardAsync();
        using var learner = await host.SignInAsDemoAsync("learner");
        var saved = await SaveSharingAsync(learner, awardId, isPublic: true, showGrade: false);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var award = await host.DbAsync(db => Task.FromResult(db.Awards.Single(a => a.Id == awardId)));
        Assert.True(award.IsPublic);
        Assert.False(award.ShowGrade);

        var page = await learner.PageAsync($"/backpack/badges/{awardId}?saved=true&culture=en");
        Assert.Contains("Your choices are saved.", page);
        Assert.Matches("id=\"public-[^\"]+\" name=\"isPublic\" value=\"true\" checked=\"checked\"", page);
        // Both LinkedIn buttons go through Laurel's counting redirect (insights: LinkedIn adds) to LinkedIn's addresses.
        Assert.Contains($"id=\"linkedin-add\" href=\"/badges/{awardId}/linkedin?to=profile\"", page);
        Assert.Contains($"id=\"linkedin-feed\" href=\"/badges/{awardId}/linkedin?to=feed\"", page);
        var profile = (await learner.GetAsync($"/badges/{awardId}/linkedin?to=profile", Ct)).Headers.Location!.ToString();
        Assert.Contains($"certId={awardId}", profile);
        Assert.StartsWith("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME", profile);
        Assert.Contains("issueYear=" + award.IssuedAt.Year, profile);
        var publicUrl = System.Text.RegularExpressions.Regex.Match(page, "id=\"share-url\" class=\"share-url\" type=\"url\" readonly value=\"([^\"]+)\"").Groups[1].Value;
        Assert.EndsWith($"/badges/{awardId}", publicUrl);
        var feed = (await learner.GetAsync($"/badges/{awardId}/linkedin?to=feed", Ct)).Headers.Location!.ToString();
        Assert.Equal("https://www.linkedin.com/sharing/share-offsite/?url=" + Uri.EscapeDataString(publicUrl), feed);
        Assert.Contains("mailto:?subject=My%20badge%3A%20Data%20Literacy%20for%20Professionals", page);
        Assert.Contains("mailto:?subject=Mijn%20badge", await learner.PageAsync($"/backpack/badges/{awardId}?culture=nl"));
        Assert.Contains($"src=\"/backpack/badges/{awardId}/qr.png\"", page);

        using var anonymous = host.CreateClient();
        var publicPage = await anonymous.PageAsync($"/badges/{awardId}");
        Assert.Contains("Data Literacy for Professionals", publicPage);
        Hidden.AssertAbsent("8.5", publicPage);
        Assert.DoesNotContain("class=\"grade\"", publicPage);

        await SaveSharingAsync(learner, awardId, isPublic: true, showGrade: true);
        Assert.Contains("class=\"grade\">8.5<", await anonymous.PageAsync($"/badges/{awardId}"));
    }

    [Fact]
    public async Task Evidence_shows_on_the_public_page_only_when_the_learner_chooses_it()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec
        {
            Achievement = "Responsible AI in Practice", Evidence = [new() { Name = "Risk assessment of a chatbot", Url = "https://example.org/portfolio/1" }],
        });
        using var learner = await host.SignInAsDemoAsync("learner");
        Assert.Contains("Risk assessment of a chatbot", await learner.PageAsync($"/backpack/badges/{awardId}"));
        await SaveSharingAsync(learner, awardId, isPublic: true, showGrade: true, showEvidence: false);
        using var anonymous = host.CreateClient();
        var hidden = await anonymous.PageAsync($"/badges/{awardId}");
        Assert.Contains("Responsible AI in Practice", hidden);
        Assert.DoesNotContain("Risk assessment of a chatbot", hidden);
        await SaveSharingAsync(learner, awardId, isPublic: true, showGrade: true, showEvidence: true);
        Assert.True(await host.DbAsync(db => Task.FromResult(db.Awards.Single(a => a.Id == awardId).ShowEvidence)));
        Assert.Contains("Risk assessment of a chatbot", await anonymous.PageAsync($"/badges/{awardId}"));
    }

    [Fact]
    public async Task Qr_code_is_for_the_owner_and_for_everyone_only_once_public()
    {
        var awardId = await host.CreateAwardAsync();
        using var learner = await host.SignInAsDemoAsync("learner");
        using var anonymous = host.CreateClient();
        var own = await learner.GetAsync($"/backpack/badges/{awardId}/qr.png", Ct);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("image/png", own.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await own.Content.ReadAsByteArrayAsync(Ct))[..4]);
        Assert.Contains("no-store", own.Headers.CacheControl!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/backpack/badges/{awardId}/qr.png", Ct)).StatusCode);
        await host.SetAsync(awardId, a => a.IsPublic = true);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/backpack/badges/{awardId}/qr.png", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/backpack/badges/{Guid.NewGuid()}/qr.png", Ct)).StatusCode);
    }

    [Fact]
    public async Task Another_learner_and_staff_get_404_for_someone_elses_badge_detail_sharing_and_qr()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { RecipientPersonId = await host.OtherLearnerIdAsync() });
        using var learner = await host.SignInAsDemoAsync("learner");
        Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync($"/backpack/badges/{awardId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync($"/backpack/badges/{awardId}/qr.png", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync($"/badges/{awardId}", Ct)).StatusCode);
        var backpack = await learner.GetStringAsync("/backpack", Ct);
        var post = await learner.PostAsync($"/backpack/badges/{awardId}?handler=Sharing", new FormUrlEncodedContent(
            [new("awardId", awardId.ToString()), new("isPublic", "true"), new("__RequestVerificationToken", LaurelHost.AntiforgeryToken(backpack))]), Ct);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.False(await host.DbAsync(db => Task.FromResult(db.Awards.Single(a => a.Id == awardId).IsPublic)));
        // Staff may see the award on the staff pages, but the backpack detail is the learner's own.
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/backpack/badges/{awardId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync($"/backpack/badges/{Guid.NewGuid()}", Ct)).StatusCode);
    }
}

public sealed class BadgeDetailTestsOnSqlite(SqliteHost host) : BadgeDetailTests(host), IClassFixture<SqliteHost>;

public sealed class BadgeDetailTestsOnPostgres(PostgresHost host) : BadgeDetailTests(host), IClassFixture<PostgresHost>;
