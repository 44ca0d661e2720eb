using System.Security.Claims;
using Laurel.Features.Awards.Policy;
using Laurel.Features.Notifications;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Laurel.Features.Notifications.Webhooks;

namespace Laurel.Features.Awards;

/// <summary>What staff can do to an issued credential.</summary>
public enum AwardStatusAction { Revoke, Suspend, Reinstate }

/// <summary>
/// Revocation (final), suspension and reinstatement: the award, its status-list bit, the audit entry and the learner's
/// e-mail change together in one request and one transaction, so the served status list says the same as the staff page.
/// The awarder's Award right on the definition is checked here too (<see cref="AwardPolicy.MayChangeAsync"/>): a refusal answers only
/// <see cref="AwardPolicy.RightKey"/> and changes nothing.
/// </summary>
public sealed class RevokeAndSuspend(LaurelDb db, TimeProvider clock, AuditLog audit, StatusListService statusLists,
    NotificationService notifications, IStringLocalizer<AwardsText> t, Laurel.Features.Backpack.BackpackChanges backpack, AwardPolicy policy)
{
    public const int MaxReasonLength = 1_000;

    /// <summary>The award with its definition (Issuer → Faculty → Institution) and learner, or null.</summary>
    public Task<Award?> FindAsync(Guid awardId, CancellationToken ct) =>
        db.Awards.Include(a => a.Achievement!).ThenInclude(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
            .FirstOrDefaultAsync(a => a.Id == awardId, ct);

    /// <summary>Applies the action; returns every problem (field → messages) or none when it was done.</summary>
    public Task<Dictionary<string, List<string>>> ApplyAsync(ClaimsPrincipal actor, Award award, AwardStatusAction action, string? reason,
        string client, CancellationToken ct) => ApplyAsync(Awarder.Of(actor), award, action, reason, client, ct);

    /// <inheritdoc cref="ApplyAsync(ClaimsPrincipal, Award, AwardStatusAction, string?, string, CancellationToken)"/>
    public async Task<Dictionary<string, List<string>>> ApplyAsync(Awarder awarder, Award award, AwardStatusAction action, string? reason,
        string client, CancellationToken ct)
    {
        if (!await policy.MayChangeAsync(awarder, award, ct)) return policy.Refused();
        var actor = awarder.Principal;
        var errors = Check(award, action, reason);
        if (errors.Count > 0) return errors;
        var now = clock.GetUtcNow().UtcDateTime;
        var text = reason?.Trim();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        switch (action)
        {
            case AwardStatusAction.Revoke:
                // A revoked credential stays revoked (Bitstring "revocation" is final); a suspension no longer matters.
                await statusLists.SetAsync(award.RevocationListId, award.StatusIndex, true, ct);
                if (award.State == AwardState.Suspended) await statusLists.SetAsync(award.SuspensionListId, award.StatusIndex, false, ct);
                award.State = AwardState.Revoked;
                award.RevokedAt = now;
                award.RevocationReason = text;
                break;
            case AwardStatusAction.Suspend:
                await statusLists.SetAsync(award.SuspensionListId, award.StatusIndex, true, ct);
                award.State = AwardState.Suspended;
                award.SuspendedAt = now;
                award.SuspensionReason = text;
                break;
            case AwardStatusAction.Reinstate:
                await statusLists.SetAsync(award.SuspensionListId, award.StatusIndex, false, ct);
                award.State = AwardState.Issued;
                break;
        }
        award.UpdatedAt = now;
        // SetAsync may have cleared the change tracker after a lost race; make sure the award's changes are saved.
        if (db.Entry(award).State == EntityState.Detached) db.Attach(award).State = EntityState.Modified;
        audit.Add(actor, action switch
        {
            AwardStatusAction.Revoke => "award.revoked",
            AwardStatusAction.Suspend => "award.suspended",
            _ => "award.reinstated",
        }, nameof(Award), award.Id, award.InstitutionId, new { reason = text, award.StatusIndex }, client);
        var learner = award.RecipientPersonId is { } pid ? await db.Persons.FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
        notifications.QueueAwardMessage(action switch
        {
            AwardStatusAction.Revoke => NotificationKind.AwardRevoked,
            AwardStatusAction.Suspend => NotificationKind.AwardSuspended,
            _ => NotificationKind.AwardReinstated,
        }, award, award.Achievement!, learner, text);
        await db.QueueWebhookAsync(award, action switch
        {
            AwardStatusAction.Revoke => WebhookEventTypes.AwardRevoked,
            AwardStatusAction.Suspend => WebhookEventTypes.AwardSuspended,
            _ => WebhookEventTypes.AwardReinstated,
        }, ct, award.Achievement!.Name);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        // Reinstatement can complete a pathway again; revocation and suspension change what the learner holds.
        if (award.RecipientPersonId is { } personId) await backpack.NotifyAsync(personId, ct);
        return [];
    }

    private Dictionary<string, List<string>> Check(Award award, AwardStatusAction action, string? reason)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string key, params object[] args) =>
            (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(t[key, args].Value);

        // Scheduled and cancelled awards have no signed credential and so no status-list bit; a scheduled one is cancelled instead.
        if (award.CredentialJson.Length == 0) Add("Action", "Status_NoCredential");
        else if (award.State == AwardState.Revoked) Add("Action", "Status_AlreadyRevoked");
        else if (action == AwardStatusAction.Suspend && award.State == AwardState.Suspended) Add("Action", "Status_AlreadySuspended");
        else if (action == AwardStatusAction.Reinstate && award.State != AwardState.Suspended) Add("Action", "Status_NotSuspended");
        if (action != AwardStatusAction.Reinstate)
        {
            if (string.IsNullOrWhiteSpace(reason)) Add("Reason", "Status_ReasonRequired");
            else if (reason.Trim().Length > MaxReasonLength) Add("Reason", "Check_TooLong", MaxReasonLength);
        }
        return errors;
    }
}
