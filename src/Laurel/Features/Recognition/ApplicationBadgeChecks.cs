using Laurel.Features.Presentations;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Recognition;

/// <summary>
/// Re-checks the badges of an application when its page is viewed (a badge revoked or suspended after the decision must show): an
/// award or import through the backpack, a wallet credential as it was presented. The answer is live; nothing is written.
/// </summary>
public sealed class ApplicationBadgeChecks(LaurelDb db, BackpackCredentials backpack, IPresentedCredentialChecks checks)
{
    /// <summary>The current checks of one badge of the application's learner; a backpack entry that is gone is one failed check.</summary>
    public async Task<IReadOnlyList<PresentedCheck>> RecheckAsync(ApplicationBadge badge, Guid personId, CancellationToken ct)
    {
        PresentedCredential? now = badge.Source switch
        {
            ApplicationBadgeSource.Award when badge.AwardId is { } id => await backpack.FromAwardAsync(personId, id, [], ct),
            ApplicationBadgeSource.Import when badge.ImportId is { } id => await backpack.FromImportAsync(personId, id, [], ct),
            _ => null,
        };
        if (now is not null) return now.Checks;
        if (badge.Source == ApplicationBadgeSource.Wallet && badge.Format is { } format && badge.Presented is { } presented)
            return (await checks.CheckAsync(format, presented, ct)).Checks;
        return [new PresentedCheck("format", false, "badge.gone", "The badge is no longer in the learner's backpack.")];
    }

    /// <summary>Current checks for every badge of an application, by badge id.</summary>
    public async Task<Dictionary<Guid, IReadOnlyList<PresentedCheck>>> RecheckAllAsync(Guid applicationId, CancellationToken ct)
    {
        var application = await db.Set<ExemptionApplication>().AsNoTracking().Include(a => a.Badges).SingleAsync(a => a.Id == applicationId, ct);
        var result = new Dictionary<Guid, IReadOnlyList<PresentedCheck>>();
        foreach (var badge in application.Badges) result[badge.Id] = await RecheckAsync(badge, application.PersonId, ct);
        return result;
    }
}
