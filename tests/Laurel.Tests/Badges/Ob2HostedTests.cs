using System.Net;
using System.Text.Json.Nodes;
using Laurel.Credentials.Baking;
using Laurel.Credentials.OpenBadges2;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;
using Microsoft.EntityFrameworkCore;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Badges;

/// <summary>Hosted Open Badges 2.0 JSON (openbadges2-baking.md §1) and the OB 2.0 baked PNG.</summary>
public abstract class Ob2HostedTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Ids use the public base URL (http://localhost:5000); the test fetches them from the host's real loopback port.
    private string Local(string publicUrl) => host.BaseUrl.TrimEnd('/') + new Uri(publicUrl).PathAndQuery;

    private async Task<JsonObject> FetchAsync(HttpClient client, string publicUrl)
    {
        var response = await client.GetAsync(Local(publicUrl), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType!.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
    }

    [Fact]
    public async Task Hosted_assertion_badge_class_and_issuer_are_valid_and_link_to_each_other()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { IsPublic = true });
        using var anonymous = host.CreateClient();
        var assertionJson = await FetchAsync(anonymous, $"http://localhost:5000/ob2/assertions/{awardId}");
        var assertion = Ob2Json.FromJson<Assertion>(assertionJson);
        Assert.Empty(Ob2Validator.Validate(assertion));
        Assert.Equal(Ob2Json.Context, assertionJson["@context"]!.GetValue<string>());
        Assert.Equal($"http://localhost:5000/ob2/assertions/{awardId}", assertion.Id);
        Assert.True(assertion.Verification.IsHosted);
        Assert.True(assertion.Recipient.Hashed);
        Assert.Equal("email", assertion.Recipient.Type);
        Assert.True(assertion.Recipient.Matches(LearnerEmail));
        Assert.False(assertion.Recipient.Matches("someone.else@example.org"));
        Assert.Null(assertion.Revoked);

        var badge = Ob2Json.FromJson<BadgeClass>(await FetchAsync(anonymous, assertion.Badge.Id!));
        Assert.Empty(Ob2Validator.Validate(badge));
        Assert.Equal("Data Literacy for Professionals", badge.Name);
        Assert.NotNull(badge.Criteria.Value?.Narrative);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(Local(badge.Image!.Id!), Ct)).StatusCode);

        var issuer = Ob2Json.FromJson<Ob2Profile>(await FetchAsync(anonymous, badge.Issuer.Id!));
        Assert.Empty(Ob2Validator.Validate(issuer));
        Assert.Equal("badges@uu.example", issuer.Email);
        Assert.Equal("Informatica (Universiteit Utrecht)", issuer.Name);
        // OB2-1.2: the hosted assertion lies in the issuer's scope (same origin).
        Assert.True(Ob2Validator.IsInIssuerScope(assertion.Id, issuer));
    }

    [Fact]
    public async Task Plain_json_is_served_to_clients_that_accept_only_json()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { IsPublic = true });
        using var anonymous = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/ob2/assertions/{awardId}");
        request.Headers.Accept.ParseAdd("application/json");
        var response = await anonymous.SendAsync(request, Ct);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Ob2_baked_png_carries_the_hosted_assertion_and_passes_hosted_verification()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { IsPublic = true });
        using var anonymous = host.CreateClient();
        var png = await anonymous.GetByteArrayAsync($"/badges/{awardId}/badge-ob2.png", Ct);
        var baked = BadgeImage.Unbake(png);
        Assert.NotNull(baked);
        Assert.Equal(BadgeSpec.OpenBadges2, baked.Spec);
        var hosted = await FetchAsync(anonymous, $"http://localhost:5000/ob2/assertions/{awardId}");
        Assert.True(JsonNode.DeepEquals(hosted, JsonNode.Parse(baked.Content)));

        var verifier = new Verifier(new VerifierOptions
        {
            FetchHostedAssertion = async (url, ct) => JsonNode.Parse(await anonymous.GetStringAsync(Local(url.ToString()), ct))!.AsObject(),
        });
        var report = await verifier.VerifyAsync(png, ct: Ct);
        Assert.Equal("proof.hosted_match", report.Check(CheckIds.Proof)!.Code);
        Assert.Equal(CheckOutcome.Passed, report.Check(CheckIds.Proof)!.Outcome);
        // Laurel's verifier does not fetch OB 2.0 issuer profiles, so a hosted badge is at best "undetermined", never "invalid".
        Assert.DoesNotContain(report.Checks, c => c.Outcome == CheckOutcome.Failed);
    }

    [Fact]
    public async Task Revoked_award_is_marked_revoked_with_its_reason_in_the_hosted_assertion()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { IsPublic = true });
        await host.SetAsync(awardId, a =>
        {
            a.State = AwardState.Revoked;
            a.RevokedAt = DateTime.UtcNow;
            a.RevocationReason = "Issued to the wrong learner";
        });
        using var anonymous = host.CreateClient();
        var json = await FetchAsync(anonymous, $"http://localhost:5000/ob2/assertions/{awardId}");
        Assert.True(json["revoked"]!.GetValue<bool>());
        Assert.Equal("Issued to the wrong learner", json["revocationReason"]!.GetValue<string>());
        var report = await new Verifier().VerifyAsync(json, ct: Ct);
        Assert.Equal(CheckOutcome.Failed, report.Check(CheckIds.Status)!.Outcome);
    }

    // OB 2.0 requires the issuer's e-mail; an issuer whose staff set none (the demo's TU Delft Extension School, or a new issuer)
    // answers with the contact address another issuer of its faculty or institution publishes, never without one.
    [Fact]
    public async Task Hosted_issuer_without_its_own_e_mail_carries_the_institutions_published_contact()
    {
        var issuerId = await host.DbAsync(async db =>
        {
            var informatica = await db.Issuers.Where(i => i.Email == "badges@uu.example").FirstAsync(Ct);
            var issuer = new Laurel.Features.Institutions.Issuer
            {
                Id = Guid.CreateVersion7(), FacultyId = informatica.FacultyId, NameNl = $"Wiskunde {Guid.NewGuid():N}", NameEn = "Mathematics",
                CreatedAt = DateTime.UtcNow,
            };
            db.Issuers.Add(issuer);
            await db.SaveChangesAsync(Ct);
            return issuer.Id;
        });
        using var anonymous = host.CreateClient();
        var json = await FetchAsync(anonymous, $"http://localhost:5000/ob2/issuers/{issuerId}");
        Assert.Equal("badges@uu.example", (string?)json["email"]);
        Assert.Empty(Ob2Validator.Validate(Ob2Json.FromJson<Ob2Profile>(json)));
    }

    [Fact]
    public async Task Badge_class_of_a_draft_and_unknown_ids_are_not_found()
    {
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/ob2/badges/{Guid.NewGuid()}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/ob2/issuers/{Guid.NewGuid()}", Ct)).StatusCode);
    }
}

public sealed class Ob2HostedTestsOnSqlite(SqliteHost host) : Ob2HostedTests(host), IClassFixture<SqliteHost>;

public sealed class Ob2HostedTestsOnPostgres(PostgresHost host) : Ob2HostedTests(host), IClassFixture<PostgresHost>;
