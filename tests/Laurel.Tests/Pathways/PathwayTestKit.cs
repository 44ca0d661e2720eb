using Laurel.Features.Awards;
using Laurel.Features.Backpack;
using Laurel.Features.Backpack.Imports;
using Laurel.Features.Identity;
using Laurel.Features.Pathways;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Pathways;

/// <summary>Pathways, imports and learners who can sign in, straight in the database, for the pathway tests.</summary>
internal static class PathwayTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The issuer the kit's imports were proven to come from, and the domain the kit's external items accept.</summary>
    public const string KitIssuer = "did:web:badges.other.example", KitIssuerDomain = "other.example";

    /// <summary>
    /// A published pathway of UU with the given items (lineages or external URLs) and completion achievement. External items
    /// accept <paramref name="acceptedIssuers"/> (the kit's issuer domain unless a test says otherwise).
    /// </summary>
    public static Task<Guid> NewPathwayAsync(this LaurelHost host, IEnumerable<Guid> achievements, IEnumerable<string>? externalUrls = null,
        int? minItems = null, decimal? minCredits = null, Guid? completion = null, PathwayStatus status = PathwayStatus.Published,
        IEnumerable<string>? acceptedIssuers = null) =>
        host.DbAsync(async db =>
        {
            var uu = await db.Institutions.SingleAsync(i => i.Slug == "uu", Ct);
            var pathway = new Pathway
            {
                Id = Guid.CreateVersion7(), InstitutionId = uu.Id, NameNl = "Leerpad " + Guid.NewGuid().ToString("N")[..6],
                NameEn = "Pathway " + Guid.NewGuid().ToString("N")[..6], Status = status, MinItems = minItems, MinCredits = minCredits,
                CompletionAchievementId = completion, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            var position = 0;
            foreach (var id in achievements)
            {
                var lineage = await db.Achievements.Where(a => a.Id == id).Select(a => a.LineageId).SingleAsync(Ct);
                pathway.Items.Add(new PathwayItem { Id = Guid.CreateVersion7(), Position = position++, AchievementId = id, LineageId = lineage });
            }
            foreach (var url in externalUrls ?? [])
                pathway.Items.Add(new PathwayItem
                {
                    Id = Guid.CreateVersion7(), Position = position++, ExternalUrl = url, Label = "Elsewhere",
                    AcceptedIssuers = [.. acceptedIssuers ?? [KitIssuerDomain]],
                });
            db.Pathways.Add(pathway);
            await db.SaveChangesAsync(Ct);
            return pathway.Id;
        });

    /// <summary>A learner who can sign in through the demo page as <c>Subject</c>.</summary>
    public static async Task<(Guid Id, string Email, string Persona)> NewSignInLearnerAsync(this LaurelHost host)
    {
        var key = "pl-" + TestData.Key();
        var person = await host.AddPersonAsync(TestData.Learner(key + "@example.org", "Learner " + key, provider: SignInModel.DemoProvider, subject: key));
        return (person.Id, person.Email!, key);
    }

    /// <summary>
    /// An imported credential row as the import feature stores it after verification: by default proven to come from
    /// <see cref="KitIssuer"/> and naming the learner by a verified address.
    /// </summary>
    public static Task<Guid> ImportAsync(this LaurelHost host, Guid personId, string? achievementId, IEnumerable<string>? alignments = null,
        ImportStatus status = ImportStatus.Valid, decimal? credits = 5, int? eqf = 6, RecipientMatch recipient = RecipientMatch.Matched,
        string? provenIssuer = KitIssuer) => host.DbAsync(async db =>
    {
        var import = TestData.Import(personId, "{\"id\":\"urn:uuid:" + Guid.NewGuid() + "\"}", issuerId: provenIssuer, status: status,
            recipient: recipient, credits: credits, eqfLevel: eqf);
        (import.AchievementId, import.AlignmentTargets, import.ProvenIssuerId) = (achievementId, [.. alignments ?? []], provenIssuer);
        db.ImportedCredentials.Add(import);
        await db.SaveChangesAsync(Ct);
        return import.Id;
    });

    /// <summary>What the import feature calls after storing an import.</summary>
    public static async Task NotifyAsync(this LaurelHost host, Guid personId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BackpackChanges>().NotifyAsync(personId, Ct);
    }

    /// <summary>The learner's awards of any version of the achievement's definition.</summary>
    /// <summary>
    /// Waits (polling, up to 30 s) until the award event worker has processed every award event committed so far: pathway
    /// completion happens there, after the request that changed an award has answered.
    /// </summary>
    public static async Task AwardEventsProcessedAsync(this LaurelHost host)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await host.DbAsync(db => db.Set<Laurel.Features.Awards.Events.AwardEvent>().AnyAsync(e => e.ProcessedAt == null, Ct)))
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("Award events were not processed within 30 seconds.");
            await Task.Delay(50, Ct);
        }
    }

    public static Task<List<Award>> AwardsOfAsync(this LaurelHost host, Guid personId, Guid achievementId) => host.DbAsync(async db =>
    {
        var lineage = await db.Achievements.Where(a => a.Id == achievementId).Select(a => a.LineageId).SingleAsync(Ct);
        return await db.Awards.AsNoTracking().Where(a => a.RecipientPersonId == personId && a.Achievement!.LineageId == lineage).ToListAsync(Ct);
    });

    /// <summary>A completion achievement: UU, published, no grade required.</summary>
    public static Task<Guid> NewCompletionAchievementAsync(this LaurelHost host) => host.NewAchievementAsync(gradeRequired: false);

    /// <summary>A TU Delft definition (another institution than the pathway's).</summary>
    public static Task<Guid> NewDelftAchievementAsync(this LaurelHost host) =>
        host.NewAchievementAsync(gradeRequired: false, issuerNameEn: "TU Delft Extension School");
}
