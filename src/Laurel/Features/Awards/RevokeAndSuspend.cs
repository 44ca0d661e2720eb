using System.Security.Claims;
using Laurel.Features.Awards.Events;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Publishing.Status;
using Laurel.Features.Wallets.Status;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards;

/// <summary>What staff can do to an issued credential (and, withdraw, to one still waiting for its claim).</summary>
public enum AwardStatusAction { Revoke, Suspend, Reinstate, Withdraw }

/// <summary>
/// Revocation (final), suspension and reinstatement: the award, its status-list bit, its wallet copies' statuses, the audit entry and the learner's
/// e-mail change together in one request and one transaction, so the served status list says the same as the staff page.
/// The transitions themselves (and their checks) are on <see cref="Award"/>.
/// The awarder's Award right on the definition is checked here too (<see cref="AwardPolicy.MayChangeAsync"/>): a refusal answers only
/// <see cref="AwardPolicy.RightKey"/> and changes nothing.
/// </summary>
public sealed class RevokeAndSuspend(LaurelDb db, TimeProvider clock, StatusListService statusLists, AwardEvents events,
    IStringLocalizer<AwardsText> t, AwardPolicy policy, WalletCopyStatus walletCopies)
{
    public const int MaxReasonLength = Award.MaxReasonLength;

    /// <summary>The award with its definition (Issuer → Faculty → Institution) and learner, or null.</summary>
    public Task<Award?> FindAsync(Guid awardId, CancellationToken ct) =>
        db.Awards.Include(a => a.Achievement!).ThenInclude(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
            .FirstOrDefaultAsync(a => a.Id == awardId, ct);

    /// <summary>
    /// Applies the action; returns every problem (field → messages) or none when it was done. When another transition changed the
    /// award after it was read, nothing is written and the only problem is under <see cref="ConflictField"/> (answer 409); the
    /// award then holds its current values again.
    /// </summary>
    public Task<Dictionary<string, List<string>>> ApplyAsync(ClaimsPrincipal actor, Award award, AwardStatusAction action, string? reason,
        string client, CancellationToken ct) => ApplyAsync(Awarder.Of(actor), award, action, reason, client, ct);

    /// <inheritdoc cref="ApplyAsync(ClaimsPrincipal, Award, AwardStatusAction, string?, string, CancellationToken)"/>
    public async Task<Dictionary<string, List<string>>> ApplyAsync(Awarder awarder, Award award, AwardStatusAction action, string? reason,
        string client, CancellationToken ct)
    {
        if (!await policy.MayChangeAsync(awarder, award, ct)) return policy.Refused();
        var actor = awarder.Principal;
        var now = clock.GetUtcNow().UtcDateTime;
        var wasSuspended = award.State == AwardState.Suspended;
        var problems = action switch
        {
            AwardStatusAction.Revoke => award.Revoke(now, reason),
            AwardStatusAction.Suspend => award.Suspend(now, reason),
            AwardStatusAction.Withdraw => award.Withdraw(now, reason),
            _ => award.Reinstate(now),
        };
        if (problems.Count > 0) return Localize(problems);
        var text = reason?.Trim();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The award first: its UPDATE is conditional on the version it was decided on (and takes the row lock on PostgreSQL),
        // so of two simultaneous changes the second writes nothing, no status bit included, and is told so.
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(ct);
            await db.Entry(award).ReloadAsync(ct);
            return new() { [ConflictField] = [t["Status_Conflict"].Value] };
        }
        switch (action)
        {
            case AwardStatusAction.Revoke:
                // A revoked credential stays revoked (Bitstring "revocation" is final); a suspension no longer matters.
                await statusLists.SetAsync(award.RevocationListId, award.StatusIndex, true, ct);
                if (wasSuspended) await statusLists.SetAsync(award.SuspensionListId, award.StatusIndex, false, ct);
                break;
            case AwardStatusAction.Withdraw:
                // The unclaimed credential was signed at award time: a copy of it must never verify (as after a decline or expiry).
                await statusLists.SetAsync(award.RevocationListId, award.StatusIndex, true, ct);
                break;
            case AwardStatusAction.Suspend:
                await statusLists.SetAsync(award.SuspensionListId, award.StatusIndex, true, ct);
                break;
            case AwardStatusAction.Reinstate:
                await statusLists.SetAsync(award.SuspensionListId, award.StatusIndex, false, ct);
                break;
        }
        // Every wallet copy (Token Status List and Bitstring entries) in the same transaction: no form says otherwise.
        await walletCopies.ApplyAwardChangeAsync(award.Id, action, ct);
        await events.RecordAsync(new AwardChange(award, action switch
        {
            AwardStatusAction.Revoke => AwardEventType.Revoked,
            AwardStatusAction.Suspend => AwardEventType.Suspended,
            AwardStatusAction.Withdraw => AwardEventType.Withdrawn,
            _ => AwardEventType.Reinstated,
        })
        {
            Actor = actor, Client = client, Details = new { reason = text, award.StatusIndex }, Achievement = award.Achievement, Reason = text,
        }, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return [];
    }

    /// <summary>The key under which <see cref="ApplyAsync"/> reports a lost race.</summary>
    public const string ConflictField = "Conflict";

    private Dictionary<string, List<string>> Localize(List<AwardProblem> problems) =>
        problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => t[p.TextKey, p.Args].Value).ToList());
}
