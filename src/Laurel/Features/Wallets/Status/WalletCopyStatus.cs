using Laurel.Credentials.TokenStatusList;
using Laurel.Features.Awards;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Wallets.Status;

/// <summary>
/// Status of wallet copies. Each copy has its own entry: a Token Status List entry for SD-JWT VC copies, a Bitstring revocation +
/// suspension index for Data Integrity and VC-JWT copies, so stopping one copy touches nothing else, while a change to the award
/// (<see cref="ApplyAwardChangeAsync"/>) sets every copy in the award's own transaction.
/// </summary>
public sealed class WalletCopyStatus(LaurelDb db, TokenStatusListService tokenLists, StatusListService bitstringLists, TimeProvider clock)
    : IWalletStatus
{
    public static void Register(IServiceCollection services)
    {
        services.AddScoped<WalletCopyStatus>();
        services.AddScoped<IWalletStatus>(sp => sp.GetRequiredService<WalletCopyStatus>());
    }

    /// <inheritdoc />
    public async Task<CopyStatus> AllocateAsync(Guid institutionId, WalletCredentialFormat format, CancellationToken ct)
    {
        if (format == WalletCredentialFormat.SdJwtVc)
        {
            var entry = await tokenLists.AllocateAsync(institutionId, ct);
            return new CopyStatus(entry.ListId, entry.Index, entry.Uri, null, null, null);
        }
        var bits = await bitstringLists.AllocateAsync(institutionId, ct);
        return new CopyStatus(null, null, null, bits.RevocationListId, bits.SuspensionListId, bits.Index);
    }

    /// <inheritdoc />
    public async Task StopCopyAsync(Guid copyId, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            // Conditional, so a copy is stopped once (and the row is locked on PostgreSQL while its entries change).
            var stopped = await db.WalletCopies.Where(c => c.Id == copyId && c.StoppedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.StoppedAt, now), ct);
            if (stopped == 1)
            {
                var copy = await db.WalletCopies.AsNoTracking().SingleAsync(c => c.Id == copyId, ct);
                await SetAsync(copy, AwardStatusAction.Revoke, ct);
            }
            else if (!await db.WalletCopies.AnyAsync(c => c.Id == copyId, ct))
            {
                throw new KeyNotFoundException($"Wallet copy {copyId} does not exist.");
            }
            if (own is not null) await own.CommitAsync(ct);
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// <summary>
    /// Sets the status of every copy of the award after <paramref name="action"/>: suspend → SUSPENDED / suspension bit;
    /// reinstate → VALID / bit cleared (a stopped copy stays INVALID); revoke and withdraw → INVALID / revocation bit.
    /// Call it inside the award's transaction: it joins it, so the award and all its copies change together or not at all.
    /// </summary>
    public async Task ApplyAwardChangeAsync(Guid awardId, AwardStatusAction action, CancellationToken ct)
    {
        // Lock the copies first (row locks on PostgreSQL; SQLite's write lock is already held): a copy stopped at this moment is either
        // stopped before we read it, or its stop waits for us and sets it INVALID after us — a reinstate never makes it VALID again.
        await db.WalletCopies.Where(c => c.AwardId == awardId).ExecuteUpdateAsync(s => s.SetProperty(c => c.StoppedAt, c => c.StoppedAt), ct);
        var copies = await db.WalletCopies.AsNoTracking().Where(c => c.AwardId == awardId).OrderBy(c => c.Id).ToListAsync(ct);
        foreach (var copy in copies)
            await SetAsync(copy, copy.StoppedAt is null ? action : AwardStatusAction.Revoke, ct);
    }

    private async Task SetAsync(WalletCopy copy, AwardStatusAction action, CancellationToken ct)
    {
        if (copy.TokenStatusListId is { } listId && copy.TokenStatusIndex is { } tokenIndex)
        {
            var status = action switch
            {
                AwardStatusAction.Suspend => TokenStatus.Suspended,
                AwardStatusAction.Reinstate => TokenStatus.Valid,
                _ => TokenStatus.Invalid,
            };
            await tokenLists.SetAsync(listId, checked((int)tokenIndex), status, ct);
        }
        if (copy.RevocationListId is { } revocation && copy.SuspensionListId is { } suspension && copy.StatusIndex is { } index)
        {
            switch (action)
            {
                case AwardStatusAction.Suspend:
                    await bitstringLists.SetAsync(suspension, index, true, ct);
                    break;
                case AwardStatusAction.Reinstate:
                    await bitstringLists.SetAsync(suspension, index, false, ct);
                    break;
                default:
                    // Revocation is final; a suspension no longer matters (as for the award's own bits).
                    await bitstringLists.SetAsync(revocation, index, true, ct);
                    await bitstringLists.SetAsync(suspension, index, false, ct);
                    break;
            }
        }
    }
}
