using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Issuing;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Claims.ClaimsTestKit;

namespace Laurel.Tests.Claims;

/// <summary>Each award rule refuses with the right field and a Dutch message, all problems at once, and duplicates never slip through.</summary>
public abstract class AwardPolicyTests(LaurelHost host)
{
    [Fact]
    public async Task Every_problem_is_reported_at_once_per_field_in_Dutch()
    {
        var id = await host.NewAchievementAsync(status: AchievementStatus.Draft);
        await host.SetAchievementAsync(id, a => { a.EvidenceRequired = true; a.NarrativeRequired = true; });
        var learner = await host.PrincipalAsync("learner");

        var verdict = await host.CheckAsync(learner, new AwardRequest
        {
            AchievementId = id, RecipientIdentity = "not-an-address", CompletedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2),
            ScheduledFor = new DateOnly(2020, 1, 1),
        });

        Assert.False(verdict.Allowed);
        Assert.Equal("Deze microcredential is nog niet gepubliceerd; publiceer hem voordat je hem toekent.", Assert.Single(verdict.Errors["Achievement"]));
        Assert.Equal("Je mag deze microcredential niet toekennen.", Assert.Single(verdict.Errors[AwardPolicy.RightKey]));
        Assert.StartsWith("Vul een geldig e-mailadres", Assert.Single(verdict.Errors["Recipient"]));
        Assert.Equal("De datum van afronding kan niet in de toekomst liggen.", Assert.Single(verdict.Errors["CompletedOn"]));
        Assert.StartsWith("Een geplande toekenningsdatum moet na vandaag liggen", Assert.Single(verdict.Errors["ScheduledFor"]));
        Assert.StartsWith("Vul het cijfer in", Assert.Single(verdict.Errors["Grade"]));
        Assert.StartsWith("Voeg bewijs toe", Assert.Single(verdict.Errors["Evidence"]));
        Assert.StartsWith("Schrijf een toelichting", Assert.Single(verdict.Errors["Narrative"]));
    }

    [Fact]
    public async Task Archived_definitions_and_completions_before_the_start_date_are_refused()
    {
        var archived = await host.NewAchievementAsync();
        await host.SetAchievementAsync(archived, a => a.ArchivedAt = DateTime.UtcNow);
        var awarder = await host.PrincipalAsync("awarder");
        var refused = await host.CheckAsync(awarder, Request(archived, $"a-{Key()}@example.org"));
        Assert.Equal(["Deze microcredential is gearchiveerd en kan niet meer worden toegekend."], refused.Errors["Achievement"]);
        Assert.Single(refused.Errors);

        var mc = await host.NewAchievementAsync();
        var early = await host.CheckAsync(awarder, Request(mc, $"b-{Key()}@example.org") with { CompletedOn = new DateOnly(2022, 12, 31) });
        Assert.StartsWith("Microcredentials kunnen alleen worden toegekend voor afrondingen op of na", Assert.Single(early.Errors["CompletedOn"]));
        // Not a micro-credential: the start date does not apply.
        var regular = await host.NewAchievementAsync(AchievementKind.Regular);
        Assert.True((await host.CheckAsync(awarder, Request(regular, $"c-{Key()}@example.org") with { CompletedOn = new DateOnly(2022, 12, 31) })).Allowed);
        Assert.False((await host.CheckAsync(awarder, Request(mc, $"d-{Key()}@example.org") with { CompletedOn = null })).Allowed);
    }

    [Fact]
    public async Task Continuing_education_only_institutions_refuse_initial_students()
    {
        await host.EnsureOtherInstitutionAdminAsync();
        var tudAdmin = await host.PrincipalAsync("tud-admin");
        var mc = await host.NewAchievementAsync(issuerNameEn: "TU Delft Extension School");
        var key = Key();
        var student = await host.NewSignInLearnerAsync(key, $"s-{key}@example.org", $"s{key}@student.tudelft.nl", "tudelft.nl", "student", "member");

        var refused = await host.CheckAsync(tudAdmin, Request(mc, $"s-{key}@example.org", personId: student));
        Assert.Equal(["TU Delft kent microcredentials alleen toe aan deelnemers aan een post-initiële opleiding; deze lerende staat ingeschreven als initiële (reguliere) student."
            .Replace("TU Delft", "Technische Universiteit Delft")], refused.Errors["Recipient"]);
        // The award row may say otherwise (e.g. the SIS knows this learner takes a continuing-education course).
        Assert.True((await host.CheckAsync(tudAdmin, Request(mc, $"s-{key}@example.org", personId: student) with { InitialStudent = false })).Allowed);
        // An unknown learner marked as initial student on the row is refused too; unmarked is allowed.
        Assert.False((await host.CheckAsync(tudAdmin, Request(mc, $"n-{key}@example.org") with { InitialStudent = true })).Allowed);
        Assert.True((await host.CheckAsync(tudAdmin, Request(mc, $"n-{key}@example.org"))).Allowed);
        // Regular badges are not affected.
        var regular = await host.NewAchievementAsync(AchievementKind.Regular, issuerNameEn: "TU Delft Extension School");
        Assert.True((await host.CheckAsync(tudAdmin, Request(regular, $"s-{key}@example.org", personId: student))).Allowed);
    }

    [Fact]
    public async Task EPPNs_must_match_the_institution_pattern()
    {
        var mc = await host.NewAchievementAsync();
        var awarder = await host.PrincipalAsync("awarder");
        var wrong = await host.CheckAsync(awarder, Request(mc, "someone@gmail.com", RecipientTypes.Eppn));
        Assert.StartsWith("Deze EPPN hoort niet bij Universiteit Utrecht", Assert.Single(wrong.Errors["Recipient"]));
        Assert.True((await host.CheckAsync(awarder, Request(mc, $"{Key()}@students.uu.nl", RecipientTypes.Eppn))).Allowed);
        Assert.True((await host.CheckAsync(awarder, Request(mc, $"{Key()}@UU.nl", RecipientTypes.Eppn))).Allowed);
    }

    [Fact]
    public async Task A_learner_holds_one_unrevoked_award_per_version_and_the_batch_form_sees_duplicates()
    {
        var mc = await host.NewAchievementAsync();
        var awarder = await host.PrincipalAsync("awarder");
        var email = $"dup-{Key()}@example.org";
        var first = await host.AwardAsync(awarder, Request(mc, email));
        Assert.True(first.Succeeded, string.Join("; ", first.Errors.SelectMany(e => e.Value)));

        var again = await host.AwardAsync(awarder, Request(mc, email.ToUpperInvariant()));
        Assert.Equal(["Deze lerende heeft deze versie van de microcredential al (en die is niet ingetrokken)."], again.Errors["Recipient"]);

        var other = $"new-{Key()}@example.org";
        var rows = new[] { Request(mc, email), Request(mc, other), Request(mc, " " + other + " "), Request(mc, "x@y") with { Grade = null } };
        var verdicts = await host.WithAsync<AwardPolicy, IReadOnlyList<PolicyVerdict>>(p => p.CheckManyAsync(awarder, rows, Ct));
        Assert.Contains("al", verdicts[0].Errors["Recipient"][0]);
        Assert.True(verdicts[1].Allowed);
        Assert.StartsWith("Deze lerende komt in deze reeks meer dan eens voor", verdicts[2].Errors["Recipient"][0]);
        Assert.Equal(["Grade"], verdicts[3].Errors.Keys);

        // Once revoked, the same version may be awarded again.
        await host.DbAsync(db => db.Awards.Where(a => a.Id == first.Award!.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AwardState.Revoked), Ct));
        Assert.True((await host.AwardAsync(awarder, Request(mc, email))).Succeeded);
    }

    [Fact]
    public async Task Concurrent_duplicate_awards_store_exactly_one()
    {
        var mc = await host.NewAchievementAsync();
        var awarder = await host.PrincipalAsync("awarder");
        var email = $"race-{Key()}@example.org";

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => host.AwardAsync(awarder, Request(mc, email)), Ct)));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Contains("heeft deze versie", o.Errors["Recipient"][0]));
        Assert.Equal(1, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == mc, Ct)));
    }
}

public sealed class AwardPolicyTestsOnSqlite(SqliteHost host) : AwardPolicyTests(host), IClassFixture<SqliteHost>;

public sealed class AwardPolicyTestsOnPostgres(PostgresHost host) : AwardPolicyTests(host), IClassFixture<PostgresHost>;
