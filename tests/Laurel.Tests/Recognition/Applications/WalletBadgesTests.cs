using System.Net;
using Laurel.Features.Presentations;
using Laurel.Features.Recognition;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Recognition.Applications.ApplicantKit;

namespace Laurel.Tests.Recognition.Applications;

/// <summary>
/// "Add badges from a wallet": the draft gets a single-use Recognition presentation request with a QR code; once an answer is
/// recorded, its credentials become wallet badges of the application and ground proposals like backpack badges.
/// The wallet here is <see cref="WalletAnswerStandIn"/> (it records the answer through <see cref="IPresentationAnswers"/> as the
/// OpenID4VP/VC-API channels do); the OpenID4VP reference-holder tests should replace it once the channels are merged.
/// </summary>
public abstract class WalletBadgesTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Badges_shared_from_a_wallet_join_the_application_and_ground_a_proposal()
    {
        var (personId, learner) = await host.NewApplicantAsync();
        var delft = await host.AwardToAsync(personId, Solar);
        var energy = await host.CourseIdAsync("INFOSE");
        var id = await learner.StartAsync(await host.InstitutionIdAsync("uu"));

        // The learner's choices so far are kept when they ask for the wallet code.
        var asked = await learner.PostDraftAsync(id, "Wallet", Form([], [energy], "From my wallet."));
        Assert.Equal(DraftUrl(id) + "#wallet", asked.Headers.Location!.ToString());
        var application = await host.ApplicationAsync(id);
        Assert.Equal("From my wallet.", application.Motivation);
        var request = await host.DbAsync(db => db.Set<PresentationRequest>().AsNoTracking().SingleAsync(r => r.Id == application.PresentationRequestId, Ct));
        Assert.Equal((PresentationPurpose.Recognition, personId, false), (request.Purpose, request.OwnerPersonId, request.Reusable));
        Assert.Equal(await host.InstitutionIdAsync("uu"), request.InstitutionId);
        Assert.True(request.RetentionDays <= 7);
        var page = await learner.PageAsync(DraftUrl(id));
        Assert.Contains($"data-url=\"{host.Services.GetRequiredService<Laurel.Infrastructure.Web.PublicOrigin>().Url(PresentationRoutes.Interaction(request.Id))}\"", page);
        Assert.Contains("href=\"openid4vp://?client_id=", page);

        var credential = await host.DbAsync(db => db.Awards.Where(a => a.Id == delft).Select(a => a.CredentialJson).SingleAsync(Ct));
        var outcome = await WalletAnswerStandIn.AnswerAsync(host, request.Id, credential);
        Assert.True(outcome.Accepted, outcome.RefusalMessage);

        var withWallet = await learner.PageAsync(DraftUrl(id) + "&culture=en");
        Assert.Contains("id=\"wallet-added\"", withWallet);
        var badge = Assert.Single((await host.ApplicationAsync(id)).Badges);
        Assert.Equal((ApplicationBadgeSource.Wallet, PresentationFormats.LdpVc, "Solar Energy Systems"), (badge.Source, badge.Format, badge.Facts.AchievementName));
        Assert.NotNull(badge.Presented);
        Assert.Contains($"data-choice=\"wallet:{badge.Id}\"", withWallet);
        // Copied once: the answer is gone from the presentation responses, a reload adds nothing.
        Assert.False(await host.DbAsync(db => db.Set<PresentationResponse>().AnyAsync(r => r.RequestId == request.Id, Ct)));
        Assert.DoesNotContain("id=\"wallet-added\"", await learner.PageAsync(DraftUrl(id)));
        Assert.Single((await host.ApplicationAsync(id)).Badges);

        Assert.Equal(HttpStatusCode.Redirect, (await learner.PostDraftAsync(id, "Review", Form([$"wallet:{badge.Id}"], [energy]))).StatusCode);
        var item = Assert.Single((await host.ApplicationAsync(id)).Items);
        Assert.Equal((ExemptionOutcome.Grant, badge.Id), (item.ProposedOutcome, item.ProposedBadgeId!.Value));
        Assert.Equal(HttpStatusCode.Redirect, (await learner.PostFormAsync(DraftUrl(id) + "&step=review", [], handler: "Submit")).StatusCode);

        // The application page re-checks the presented credential itself: valid now.
        Assert.Contains($"data-badge=\"{badge.Id}\" data-valid-now=\"true\"", await learner.PageAsync(RecognitionRoutes.MyApplication(id)));
    }

    [Fact]
    public async Task A_second_answer_to_the_single_use_request_is_refused_and_another_learner_cannot_start_one()
    {
        var (personId, learner) = await host.NewApplicantAsync();
        var delft = await host.AwardToAsync(personId, Solar);
        var id = await learner.StartAsync(await host.InstitutionIdAsync("uu"));
        await learner.PostDraftAsync(id, "Wallet", Form([], []));
        var requestId = (await host.ApplicationAsync(id)).PresentationRequestId!.Value;
        var credential = await host.DbAsync(db => db.Awards.Where(a => a.Id == delft).Select(a => a.CredentialJson).SingleAsync(Ct));
        Assert.True((await WalletAnswerStandIn.AnswerAsync(host, requestId, credential)).Accepted);
        var second = await WalletAnswerStandIn.AnswerAsync(host, requestId, credential, holder: "did:example:someone-else");
        Assert.False(second.Accepted);

        var (_, other) = await host.NewApplicantAsync();
        var tampered = await other.PostFormAsync(RecognitionRoutes.Apply, Form([], []), postUrl: DraftUrl(id) + "&handler=Wallet");
        Assert.Equal(HttpStatusCode.NotFound, tampered.StatusCode);
        Assert.Equal(requestId, (await host.ApplicationAsync(id)).PresentationRequestId);
    }
}

/// <summary>
/// Test stand-in for a wallet answering over OpenID4VP: a session is started as the request_uri fetch would, the ldp_vc is checked
/// by Laurel's presented-credential checks, and the answer is recorded through <see cref="IPresentationAnswers"/>.
/// </summary>
public static class WalletAnswerStandIn
{
    public static async Task<AnswerOutcome> AnswerAsync(LaurelHost host, Guid requestId, string credentialJson, string holder = "did:example:wallet-holder")
    {
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var session = await services.GetRequiredService<PresentationSessions>().StartAsync(requestId, PresentationChannel.OpenId4Vp, CancellationToken.None);
        var (checks, facts) = await services.GetRequiredService<IPresentedCredentialChecks>().CheckAsync(PresentationFormats.LdpVc, credentialJson, CancellationToken.None);
        return await services.GetRequiredService<IPresentationAnswers>().RecordAsync(new PresentationAnswer
        {
            RequestId = requestId, SessionId = session?.Id ?? Guid.NewGuid(), Channel = PresentationChannel.OpenId4Vp, HolderKey = holder,
            PresentationChecks = [new PresentedCheck("holder", true, "holder.ok")],
            Credentials =
            [
                new PresentedCredential
                {
                    Format = PresentationFormats.LdpVc, Checks = checks, Facts = facts!, BoundToHolder = true, BindingCode = "holder.subject_id",
                    Presented = credentialJson,
                },
            ],
        }, CancellationToken.None);
    }
}

public sealed class WalletBadgesTestsOnSqlite(SqliteHost host) : WalletBadgesTests(host), IClassFixture<SqliteHost>;

public sealed class WalletBadgesTestsOnPostgres(PostgresHost host) : WalletBadgesTests(host), IClassFixture<PostgresHost>;
