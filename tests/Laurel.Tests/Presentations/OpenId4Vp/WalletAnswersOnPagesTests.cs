using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Features.Presentations;
using Laurel.Features.Recognition;
using Laurel.Features.Wallets;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Presentations.OpenId4Vp.OpenId4VpKit;
using static Laurel.Tests.Recognition.Applications.ApplicantKit;

namespace Laurel.Tests.Presentations.OpenId4Vp;

/// <summary>
/// A real wallet answer (the independent OpenID4VP reference holder, SD-JWT VC with key binding) where people look for it: on the
/// employer's result page, and as a wallet badge of an exemption application that grounds a proposal.
/// </summary>
public abstract class WalletAnswersOnPagesTests(LaurelHost host)
{
    private static async Task<JsonObject> SdJwtInputAsync(LaurelHost host, Guid awardId)
    {
        using var holder = P256Key.Generate();
        var (credential, _) = await CopyAsync(host, awardId, WalletCredentialFormat.SdJwtVc, P256Holder(holder));
        using var other = P256Key.Generate();
        return new JsonObject
        {
            ["format"] = "sd-jwt", ["mode"] = "ok", ["sdJwt"] = credential.GetValue<string>(),
            ["holderJwk"] = P256Jwk.Export(holder, includePrivateKey: true), ["otherJwk"] = P256Jwk.Export(other, includePrivateKey: true),
            ["disclose"] = new JsonArray("recipient_name"),
        };
    }

    [Fact]
    public async Task The_employer_sees_a_wallet_answer_with_its_checks_and_what_was_not_disclosed()
    {
        var employer = await host.SignInAsDemoAsync("employer");
        var employerId = await host.DbAsync(db => db.LinkedIdentities.Where(i => i.Subject == "employer").Select(i => i.PersonId).SingleAsync(Ct));
        var requestId = await host.DbAsync(async db =>
        {
            var request = new PresentationRequest
            {
                Id = Guid.CreateVersion7(), OwnerPersonId = employerId, Title = "Data analyst", PurposeNl = "Sollicitatie", PurposeEn = "Application",
                Criteria = new BadgeCriteria { MinEqfLevel = 6 }, RequiredFacts = [DisclosedFact.RecipientName, DisclosedFact.Grade],
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.Add(request);
            await db.SaveChangesAsync(Ct);
            return request.Id;
        });
        var award = await Laurel.Tests.Wallets.WalletTestKit.AwardWithPersonalClaimsAsync(host);
        var input = await SdJwtInputAsync(host, award);
        input["disclose"] = new JsonArray("recipient_name", "grade");

        var output = await HolderAsync(host, requestId, input);
        Assert.Equal(200, (int)output["status"]!);

        var responseId = await host.DbAsync(db => db.Set<PresentationResponse>().Where(r => r.RequestId == requestId).Select(r => r.Id).SingleAsync(Ct));
        var page = await employer.PageAsync(PresentationRoutes.Response(requestId, responseId) + "?culture=en");
        Assert.Contains("Lotte de Vries", page);
        Assert.Contains("Data Literacy for Professionals", page);
        Assert.Contains("Wallet (OpenID4VP)", page);
        Assert.Contains("meets: EQF 6 ≥ 6", page);
        var csv = await employer.GetStringAsync($"/presentations/{requestId}/responses.csv", Ct);
        Assert.Contains("Lotte de Vries", csv);
    }

    [Fact]
    public async Task A_badge_from_a_real_wallet_joins_an_exemption_application_and_grounds_a_proposal()
    {
        var (personId, learner) = await host.NewApplicantAsync();
        var delft = await host.AwardToAsync(personId, Solar);
        var energy = await host.CourseIdAsync("INFOSE");
        var id = await learner.StartAsync(await host.InstitutionIdAsync("uu"));
        await learner.PostDraftAsync(id, "Wallet", Form([], [energy]));
        var requestId = (await host.ApplicationAsync(id)).PresentationRequestId!.Value;

        var output = await HolderAsync(host, requestId, await SdJwtInputAsync(host, delft));
        Assert.Equal(200, (int)output["status"]!);

        await learner.PageAsync(DraftUrl(id));
        var badge = Assert.Single((await host.ApplicationAsync(id)).Badges);
        Assert.Equal((ApplicationBadgeSource.Wallet, PresentationFormats.SdJwtVc, "Solar Energy Systems"), (badge.Source, badge.Format, badge.Facts.AchievementName));
        await learner.PostDraftAsync(id, "Review", Form([$"wallet:{badge.Id}"], [energy]));
        var item = Assert.Single((await host.ApplicationAsync(id)).Items);
        Assert.Equal((ExemptionOutcome.Grant, badge.Id), (item.ProposedOutcome, item.ProposedBadgeId!.Value));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await learner.PostFormAsync(DraftUrl(id) + "&step=review", [], handler: "Submit")).StatusCode);
        // The kept SD-JWT (no key binding) is re-checked live on the application page.
        Assert.Contains($"data-badge=\"{badge.Id}\" data-valid-now=\"true\"", await learner.PageAsync(RecognitionRoutes.MyApplication(id)));
    }
}

public sealed class WalletAnswersOnPagesSqliteTests(WalletSqliteHost host) : WalletAnswersOnPagesTests(host), IClassFixture<WalletSqliteHost>;

public sealed class WalletAnswersOnPagesPostgresTests(WalletPostgresHost host) : WalletAnswersOnPagesTests(host), IClassFixture<WalletPostgresHost>;
