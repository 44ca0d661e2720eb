using System.Security.Claims;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Wallets.Offers;

/// <summary>
/// "Stop this copy": the learner revokes one wallet copy of their badge (its own status index, through
/// <see cref="IWalletStatus"/>); the award and the other copies stay as they are.
/// </summary>
public sealed class WalletCopyStopper(LaurelDb db, IWalletStatus status, AuditLog audit, TimeProvider clock)
{
    public const string CopyStoppedAction = "wallet.copy-stopped";

    /// <summary>False when the copy is unknown or not of an award the learner holds; stopping a stopped copy changes nothing.</summary>
    public async Task<bool> StopAsync(ClaimsPrincipal learner, Guid awardId, Guid copyId, CancellationToken ct)
    {
        if (StaffAccess.PersonId(learner) is not { } personId) return false;
        var copy = await db.WalletCopies.AsNoTracking()
            .Where(c => c.Id == copyId && c.AwardId == awardId && db.Awards.Any(a => a.Id == awardId && a.RecipientPersonId == personId))
            .Select(c => new { c.InstitutionId, c.StoppedAt, c.Format })
            .FirstOrDefaultAsync(ct);
        if (copy is null) return false;
        if (copy.StoppedAt is not null) return true;
        await status.StopCopyAsync(copyId, ct);
        // The status part may already have stamped the copy; the page reads StoppedAt either way.
        var now = clock.GetUtcNow().UtcDateTime;
        await db.WalletCopies.Where(c => c.Id == copyId && c.StoppedAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.StoppedAt, now), ct);
        audit.Add(learner, CopyStoppedAction, nameof(WalletCopy), copyId, copy.InstitutionId, new { awardId, format = copy.Format.ToString() });
        await db.SaveChangesAsync(ct);
        return true;
    }
}
