using System.Security.Claims;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Features.Pathways;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Demo;

/// <summary>
/// Sample content for the demo learner so <c>dotnet run</c> opens on a backpack with something in it: two signed credentials from
/// two institutions (awarded through the normal policy and service, so they verify like any other) and a public pathway that
/// they are halfway along; and a second learner (<see cref="GraduatePersona"/>) who completed that pathway and so holds
/// its completion award and can download it as a CLR 2.0. Off with <c>Laurel:Demo:SampleAwards=false</c> (the test hosts start from an empty backpack).
/// </summary>
internal static class DemoAwards
{
    /// <summary>The demo sign-in key of the learner who completed the demo pathway (sample awards only).</summary>
    public const string GraduatePersona = "graduate";

    public static async Task AddAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var policy = scope.ServiceProvider.GetRequiredService<AwardPolicy>();
        var awards = scope.ServiceProvider.GetRequiredService<AwardService>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var learner = await db.LinkedIdentities.Where(i => i.Subject == "learner").Select(i => i.Person!).SingleAsync(ct);
        var achievements = await db.Achievements.AsNoTracking().OrderBy(a => a.CreatedAt).ToListAsync(ct);
        var dataLiteracy = achievements.Single(a => a.Name == "Data Literacy for Professionals");
        var responsibleAi = achievements.Single(a => a.Name == "Responsible AI in Practice");
        var solar = achievements.Single(a => a.Name == "Solar Energy Systems");

        // The pathway first, with its completion achievement: a learner who holds both items then receives the completion by
        // itself (award event → pathway evaluation), exactly as in production, and can download it as a CLR 2.0 (docs/clr.md).
        var completion = CompletionAchievement(dataLiteracy, now);
        db.Achievements.Add(completion);
        var pathway = new Pathway
        {
            Id = Guid.CreateVersion7(), InstitutionId = dataLiteracy.InstitutionId, Status = PathwayStatus.Published,
            NameNl = "Data & AI voor professionals", NameEn = "Data & AI for professionals",
            DescriptionNl = "Twee microcredentials die samen laten zien dat je data verantwoord inzet, ook met AI.",
            DescriptionEn = "Two micro-credentials that together show you use data responsibly, AI included.",
            MinItems = 2, MinCredits = 8, CompletionAchievementId = completion.Id, CreatedAt = now, UpdatedAt = now, PublishedAt = now,
        };
        pathway.Items.AddRange([
            new PathwayItem { Id = Guid.CreateVersion7(), PathwayId = pathway.Id, Position = 0, AchievementId = dataLiteracy.Id, LineageId = dataLiteracy.LineageId },
            new PathwayItem { Id = Guid.CreateVersion7(), PathwayId = pathway.Id, Position = 1, AchievementId = responsibleAi.Id, LineageId = responsibleAi.LineageId },
        ]);
        db.Pathways.Add(pathway);
        // A second learner who finished the pathway, so the completion and its CLR are there to look at after `dotnet run`.
        var graduate = new Person
        {
            Id = Guid.CreateVersion7(), DisplayName = "Sanne Mertens", ValidatedName = "Sanne Mertens", Email = "sanne@example.org",
            EmailVerification = EmailVerification.Provider, NameVerified = true, CreatedAt = now,
        };
        graduate.Identities.Add(new LinkedIdentity
        {
            Id = Guid.CreateVersion7(), Provider = SignInModel.DemoProvider, Subject = GraduatePersona, Email = graduate.Email,
            EmailVerification = EmailVerification.Provider, LinkedAt = now,
        });
        db.Persons.Add(graduate);
        await db.SaveChangesAsync(ct);

        // Lotte: two institutions, halfway along the pathway. Sanne: both items of the pathway, so its completion follows.
        foreach (var (person, achievement, grade, daysAgo) in new[]
        {
            (learner, dataLiteracy, "8", 40), (learner, solar, "7,5", 12), (graduate, dataLiteracy, "7", 90), (graduate, responsibleAi, "8,5", 30),
        })
        {
            var request = new AwardRequest
            {
                AchievementId = achievement.Id, RecipientPersonId = person.Id, RecipientIdentity = person.Email,
                RecipientIdentityType = RecipientTypes.EmailAddress, CompletedOn = DateOnly.FromDateTime(now.AddDays(-daysAgo)), Grade = grade,
                InitialStudent = false, Client = "demo",
            };
            var actor = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "demo data")], "demo"));
            var verdict = await policy.CheckAsync(actor, request, ct);
            // The demo seeder is nobody's staff member: the award right is the one rule it doesn't pass.
            var problems = verdict.Errors.Where(e => e.Key != AwardPolicy.RightKey).SelectMany(e => e.Value).ToList();
            if (problems.Count > 0 || verdict.Achievement is null)
                throw new InvalidOperationException($"Demo award of {achievement.Name} refused: {string.Join("; ", problems)}");
            await awards.StoreAsync(actor, request, verdict.Achievement, verdict.Recipient, ct);
        }
    }

    /// <summary>
    /// The pathway's completion: an ordinary (not micro-credential) achievement of the same issuer, awarded without a grade
    /// (the items carry the grades), stating the pathway's combined volume and level.
    /// </summary>
    private static Achievement CompletionAchievement(Achievement item, DateTime now)
    {
        var id = Guid.CreateVersion7();
        var completion = new Achievement
        {
            Id = id, LineageId = id, IssuerId = item.IssuerId, InstitutionId = item.InstitutionId,
            Kind = AchievementKind.Regular, Status = AchievementStatus.Published,
            Name = "Data & AI for Professionals (pathway)", Language = "en",
            Description = "Completed the pathway Data & AI for professionals: Data Literacy for Professionals and Responsible AI in Practice.",
            CriteriaMarkdown = "Hold both micro-credentials of the pathway **Data & AI for professionals**.",
            LearningOutcomes = "- Use data responsibly to support decisions at work\n- Assess AI systems against the EU AI Act",
            EqfLevel = 7, NlqfLevel = 7, StudyLoadUnit = StudyLoadUnit.Ec, StudyLoad = 8m,
            ParticipationForms = item.ParticipationForms, Stackable = true, GradeRequired = false, Tags = ["professional", "pathway"],
            CreatedAt = now, UpdatedAt = now, PublishedAt = now,
        };
        completion.Translations.Add(new AchievementTranslation
        {
            Language = "nl", Name = "Data & AI voor professionals (leerroute)",
            Description = "Leerroute Data & AI voor professionals afgerond: Data Literacy for Professionals en Responsible AI in Practice.",
            CriteriaMarkdown = "Beide microcredentials van de leerroute **Data & AI voor professionals** behaald.",
            LearningOutcomes = "- Data verantwoord inzetten om beslissingen in je werk te onderbouwen\n- AI-systemen toetsen aan de Europese AI-verordening",
        });
        return completion;
    }
}
