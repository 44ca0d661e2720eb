using System.Net;
using Laurel.Features.Backpack.Imports;
using Laurel.Features.Recognition;
using Laurel.Tests.Imports;
using Laurel.Tests.Pathways;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Recognition.Applications.ApplicantKit;

namespace Laurel.Tests.Recognition.Applications;

/// <summary>
/// Issue 12 finding 1 in the exemption flow: a badge anyone can sign at home (digitalbazaar's signer, a fresh did:key) that
/// calls itself a university, names the learner's own verified address and meets a course's rule (micro-credential, EQF 6,
/// 5 EC) must not ground an exemption proposal: its signature is valid and it is "theirs", but nobody Laurel trusts issued it.
/// </summary>
public abstract class ForgedBadgeApplicationTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_self_signed_badge_meeting_a_rule_cannot_ground_an_exemption_and_the_learner_is_told_its_issuer_is_unknown()
    {
        var (personId, learner) = await host.NewApplicantAsync();
        var email = await host.DbAsync(db => db.Persons.Where(p => p.Id == personId).Select(p => p.Email!).SingleAsync(Ct));
        var (forged, did) = await IndependentSigner.SignAsync($"https://www.uu.nl/achievements/{Guid.NewGuid():N}", email, "Universiteit Utrecht");
        var importId = ImportTestKit.ImportedId(await learner.ImportJsonAsync(forged));

        // The signature is real and names the learner: only the issuer is nobody Laurel knows.
        var stored = await host.ImportedAsync(importId);
        Assert.Equal((ImportStatus.Valid, RecipientMatch.Matched, did), (stored.Status, stored.Recipient, stored.ProvenIssuerId));

        var course = await host.CourseIdAsync("INFOB1DS");
        var id = await learner.StartAsync(await host.InstitutionIdAsync("uu"));
        var draft = WebUtility.HtmlDecode(await learner.PageAsync(DraftUrl(id) + "&culture=en"));
        Assert.Contains($"data-choice=\"import:{importId}\" data-usable=\"false\"", draft);
        Assert.Contains("its issuer is not known to this Laurel", draft);
        Assert.Contains($"data-course=\"{course}\" data-suggested=\"false\"", draft);

        var review = await learner.PostDraftAsync(id, "Review", Form([$"import:{importId}"], [course]));
        var message = Assert.Single(Errors(WebUtility.HtmlDecode(await review.Content.ReadAsStringAsync(Ct))));
        Assert.Equal("Badges", message.Field);
        Assert.True(message.Message.Contains("niet bekend") || message.Message.Contains("not known"), message.Message);
        var application = await host.ApplicationAsync(id);
        Assert.Equal(ExemptionApplicationState.Draft, application.State);
        Assert.Empty(application.Badges);
        Assert.DoesNotContain(application.Items, i => i.ProposedOutcome != ExemptionOutcome.Refuse);
    }
}

public sealed class ForgedBadgeApplicationTestsOnSqlite(SqliteHost host) : ForgedBadgeApplicationTests(host), IClassFixture<SqliteHost>;

public sealed class ForgedBadgeApplicationTestsOnPostgres(PostgresHost host) : ForgedBadgeApplicationTests(host), IClassFixture<PostgresHost>;
