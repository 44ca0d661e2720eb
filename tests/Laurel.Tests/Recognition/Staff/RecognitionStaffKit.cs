using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Features.Notifications.Webhooks;
using Laurel.Features.Presentations;
using Laurel.Features.Recognition;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Recognition.Staff;

/// <summary>A submitted application as the learner side stores it: a learner who can sign in, two real awards, two courses with proposals.</summary>
internal sealed record SeededApplication(Guid Id, Guid LearnerId, string LearnerPersona, string LearnerName, Guid[] AwardIds, Guid[] ItemIds,
    string[] CourseCodes, Guid FacultyId);

/// <summary>
/// Seeds recognition data straight into the database for the staff tests (the learner side — applying and the proposal engine —
/// is another part of issue 17): courses of UU's Faculty of Science, awards made by the real award service, applications.
/// </summary>
internal static class RecognitionStaffKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<Guid> ScienceFacultyAsync(this LaurelHost host) =>
        host.DbAsync(db => db.Faculties.Where(f => f.NameEn == "Faculty of Science").Select(f => f.Id).SingleAsync(Ct));

    /// <summary>A course of the faculty with one rule (micro-credential, EQF ≥ 1).</summary>
    public static Task<RecognitionCourse> NewCourseAsync(this LaurelHost host, Guid facultyId, string code, decimal ec = 5) => host.DbAsync(async db =>
    {
        var institutionId = await db.Faculties.Where(f => f.Id == facultyId).Select(f => f.InstitutionId).SingleAsync(Ct);
        var course = new RecognitionCourse
        {
            Id = Guid.CreateVersion7(), InstitutionId = institutionId, FacultyId = facultyId, Code = code, NameNl = "Vak " + code, NameEn = "Course " + code,
            Programme = "BSc Informatica", ProgrammeCode = "56981", Ec = ec, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            Rules = [new RecognitionRule { Criteria = new BadgeCriteria { MicroCredentialOnly = true, MinEqfLevel = 1 } }],
        };
        db.Add(course);
        await db.SaveChangesAsync(Ct);
        return course;
    });

    /// <summary>An award to the person by the real award service (did:web key, status list entry), as the demo awarder.</summary>
    public static async Task<Guid> AwardToAsync(this LaurelHost host, Guid personId, string achievement)
    {
        var awarder = await host.StaffAsync("a.bakker@uu.example");
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Laurel.Infrastructure.Database.LaurelDb>();
        var email = await db.Persons.Where(p => p.Id == personId).Select(p => p.Email!).SingleAsync(Ct);
        var achievementId = await db.Achievements.Where(a => a.Name == achievement).OrderByDescending(a => a.Version).Select(a => a.Id).FirstAsync(Ct);
        var outcome = await scope.ServiceProvider.GetRequiredService<AwardService>().AwardAsync(awarder, new AwardRequest
        {
            AchievementId = achievementId, RecipientPersonId = personId, RecipientIdentity = email, CompletedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), Grade = "8",
        }, CancellationToken.None);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.SelectMany(e => e.Value)));
        return outcome.Award!.Id;
    }

    /// <summary>
    /// A submitted application of a new learner (with an EPPN at UU, language <paramref name="language"/>) to UU for two new courses of
    /// <paramref name="facultyId"/> (Science by default), on two awards; proposals as the rules say, with reasons.
    /// </summary>
    public static async Task<SeededApplication> SubmittedApplicationAsync(this LaurelHost host, string? language = "en", Guid? facultyId = null,
        DateTime? submittedAt = null)
    {
        var faculty = facultyId ?? await host.ScienceFacultyAsync();
        var key = TestData.Key();
        var name = "Sanne Learner " + key;
        var learner = await host.AddPersonAsync(TestData.Learner($"sanne-{key}@example.org", name, givenName: "Sanne", language: language,
            provider: SignInModel.DemoProvider, subject: "rl-" + key));
        var awards = new[] { await host.AwardToAsync(learner.Id, "Data Literacy for Professionals"), await host.AwardToAsync(learner.Id, "Responsible AI in Practice") };
        var courses = new[] { await host.NewCourseAsync(faculty, "DS1-" + key, 5), await host.NewCourseAsync(faculty, "AI2-" + key, 7.5m) };
        return await host.DbAsync(async db =>
        {
            var uu = await db.Institutions.SingleAsync(i => i.Slug == "uu", Ct);
            db.LinkedIdentities.Add(new LinkedIdentity
            {
                Id = Guid.CreateVersion7(), PersonId = learner.Id, Provider = "surfconext", Subject = "uu-" + key, Eppn = $"s{key}@students.uu.nl",
                HomeOrganisation = "uu.nl", LinkedAt = DateTime.UtcNow,
            });
            var application = new ExemptionApplication
            {
                Id = Guid.CreateVersion7(), InstitutionId = uu.Id, PersonId = learner.Id, State = ExemptionApplicationState.Submitted,
                Motivation = "I followed both courses elsewhere.", CreatedAt = DateTime.UtcNow.AddHours(-2), SubmittedAt = submittedAt ?? DateTime.UtcNow.AddHours(-1),
            };
            foreach (var awardId in awards)
            {
                var json = await db.Awards.Where(a => a.Id == awardId).Select(a => a.CredentialJson).SingleAsync(Ct);
                application.Badges.Add(new ApplicationBadge
                {
                    Id = Guid.CreateVersion7(), Source = ApplicationBadgeSource.Award, AwardId = awardId, Format = PresentationFormats.LdpVc,
                    Facts = BadgeFacts.FromOpenBadge(JsonNode.Parse(json)!.AsObject()), Checks = [new PresentedCheck("proof", true, "proof.valid")],
                    VerifiedAt = DateTime.UtcNow,
                });
            }
            for (var i = 0; i < courses.Length; i++)
            {
                var badge = application.Badges[i];
                var results = courses[i].Rules[0].Criteria.Evaluate(badge.Facts);
                application.Items.Add(new ExemptionItem
                {
                    Id = Guid.CreateVersion7(), CourseId = courses[i].Id, ProposedOutcome = results.All(r => r.Met) ? ExemptionOutcome.Grant : ExemptionOutcome.Refuse,
                    ProposedBadgeId = badge.Id, ProposalReasons = [new ProposalReason(badge.Id, 0, results)],
                });
            }
            db.Add(application);
            await db.SaveChangesAsync(Ct);
            return new SeededApplication(application.Id, learner.Id, "rl-" + key, name, awards, [.. application.Items.Select(i => i.Id)],
                [.. courses.Select(c => c.Code)], faculty);
        });
    }

    /// <summary>A new staff member of UU with <paramref name="role"/> at the faculty; returns the persona to sign in with.</summary>
    public static Task<string> NewFacultyStaffAsync(this LaurelHost host, Guid facultyId, StaffRole role) => host.DbAsync(async db =>
    {
        var key = "rs-" + TestData.Key();
        var uu = await db.Faculties.Where(f => f.Id == facultyId).Select(f => f.InstitutionId).SingleAsync(Ct);
        var person = TestData.Learner($"{key}@uu.example", "Staff " + key, provider: SignInModel.DemoProvider, subject: key, identityEmail: false);
        db.Persons.Add(person);
        db.StaffMemberships.Add(TestData.Staff(person.Id, role, ScopeLevel.Faculty, facultyId, uu));
        await db.SaveChangesAsync(Ct);
        return key;
    });

    /// <summary>Another faculty of UU (its staff have no rights at Science).</summary>
    public static Task<Guid> NewUuFacultyAsync(this LaurelHost host) => host.DbAsync(async db =>
    {
        var uu = await db.Institutions.SingleAsync(i => i.Slug == "uu", Ct);
        var faculty = new Faculty { Id = Guid.CreateVersion7(), InstitutionId = uu.Id, NameNl = "Geesteswetenschappen " + TestData.Key(), NameEn = "Humanities", CreatedAt = DateTime.UtcNow };
        db.Faculties.Add(faculty);
        await db.SaveChangesAsync(Ct);
        return faculty.Id;
    });

    /// <summary>An active webhook endpoint of UU subscribed to recognition.decided.</summary>
    public static async Task<Guid> RecognitionWebhookAsync(this LaurelHost host)
    {
        var secret = await host.InScopeAsync(sp => Task.FromResult(sp.GetRequiredService<WebhookSecrets>().Create().Protected));
        return await host.DbAsync(async db =>
    {
        var uu = await db.Institutions.SingleAsync(i => i.Slug == "uu", Ct);
        var endpoint = new WebhookEndpoint
        {
            Id = Guid.CreateVersion7(), InstitutionId = uu.Id, Url = "https://sis.uu.example/hooks/" + TestData.Key(), ProtectedSecret = secret,
            Events = [WebhookEventTypes.RecognitionDecided], IsActive = true, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, SecretRotatedAt = DateTime.UtcNow,
        };
        db.Add(endpoint);
        await db.SaveChangesAsync(Ct);
        return endpoint.Id;
    });
    }

    public static List<KeyValuePair<string, string>> Decision(Guid itemId, int version, string outcome, string? reason = null, string? grantedEc = null) =>
    [
        new("itemId", itemId.ToString()), new("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("outcome", outcome),
        new("reason", reason ?? ""), new("grantedEc", grantedEc ?? ""),
    ];

    public static Task<ExemptionApplication> ApplicationAsync(this LaurelHost host, Guid id) =>
        host.DbAsync(db => db.Set<ExemptionApplication>().AsNoTracking().Include(a => a.Items).SingleAsync(a => a.Id == id, Ct));
}
