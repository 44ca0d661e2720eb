using System.Security.Claims;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Pathways;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Demo;

/// <summary>
/// Sample content for the demo learner so <c>dotnet run</c> opens on a backpack with something in it: two signed credentials from
/// two institutions (awarded through the normal policy and service, so they verify like any other) and a public pathway that
/// they are halfway along. Off with <c>Laurel:Demo:SampleAwards=false</c> (the test hosts start from an empty backpack).
/// </summary>
internal static class DemoAwards
{
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

        foreach (var (achievement, grade, daysAgo) in new[] { (dataLiteracy, "8", 40), (solar, "7,5", 12) })
        {
            var request = new AwardRequest
            {
                AchievementId = achievement.Id, RecipientPersonId = learner.Id, RecipientIdentity = learner.Email,
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

        var pathway = new Pathway
        {
            Id = Guid.CreateVersion7(), InstitutionId = dataLiteracy.InstitutionId, Status = PathwayStatus.Published,
            NameNl = "Data & AI voor professionals", NameEn = "Data & AI for professionals",
            DescriptionNl = "Twee microcredentials die samen laten zien dat je data verantwoord inzet, ook met AI.",
            DescriptionEn = "Two micro-credentials that together show you use data responsibly, AI included.",
            MinItems = 2, MinCredits = 8, CreatedAt = now, UpdatedAt = now, PublishedAt = now,
        };
        pathway.Items.AddRange([
            new PathwayItem { Id = Guid.CreateVersion7(), PathwayId = pathway.Id, Position = 0, AchievementId = dataLiteracy.Id, LineageId = dataLiteracy.LineageId },
            new PathwayItem { Id = Guid.CreateVersion7(), PathwayId = pathway.Id, Position = 1, AchievementId = responsibleAi.Id, LineageId = responsibleAi.LineageId },
        ]);
        db.Pathways.Add(pathway);
        await db.SaveChangesAsync(ct);
    }
}
