using Laurel.Features.Awards.Issuing;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards.VcApi;

/// <summary>The answer of <see cref="GenericStatus.ApplyAsync"/>: done, or why not (400 field problems, 403, or 409).</summary>
public sealed record GenericStatusOutcome(Dictionary<string, List<string>>? Errors = null, string? Forbidden = null, string? Conflict = null)
{
    public bool Done => Errors is null && Forbidden is null && Conflict is null;
}

/// <summary>
/// Revocation (final), suspension and reinstatement of a credential issued through the VC-API that is not an award: the state,
/// the status-list bit (StatusListService.SetAsync) and the audit entry change in one transaction, so the served list says the
/// same as Laurel. Asking for the state a credential is already in changes nothing and succeeds (a retried request is harmless).
/// </summary>
public sealed class GenericStatus(LaurelDb db, IssuerRights rights, StatusListService statusLists, AuditLog audit, TimeProvider clock,
    IStringLocalizer<VcApiText> t)
{
    public Task<IssuedCredential?> FindAsync(string credentialId, CancellationToken ct) =>
        db.Set<IssuedCredential>().FirstOrDefaultAsync(c => c.CredentialId == credentialId, ct);

    /// <param name="field">The request path problems are reported under (e.g. <c>credentialStatus[0].status</c>).</param>
    public async Task<GenericStatusOutcome> ApplyAsync(Awarder awarder, IssuedCredential credential, AwardStatusAction action, string? reason,
        string field, string reasonField, CancellationToken ct)
    {
        if (!await rights.MayIssueAsync(awarder, credential.InstitutionId, ct)) return new(Forbidden: t["Issue_NoRight"].Value);
        var text = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (text?.Length > IssuedCredential.MaxReasonLength)
            return new(new() { [reasonField] = [t["Status_ReasonTooLong", IssuedCredential.MaxReasonLength].Value] });
        var (listId, purpose) = action == AwardStatusAction.Revoke
            ? (credential.RevocationListId, "revocation")
            : (credential.SuspensionListId, "suspension");
        if (listId is null || credential.StatusIndex is not { } index) return new(new() { [field] = [t["Status_NotManaged", purpose].Value] });

        var state = credential.State;
        var target = action switch
        {
            AwardStatusAction.Revoke => IssuedCredentialStates.Revoked,
            AwardStatusAction.Suspend => IssuedCredentialStates.Suspended,
            _ => IssuedCredentialStates.Active,
        };
        if (state == target) return new();
        if (state == IssuedCredentialStates.Revoked) return new(new() { [field] = [t["Status_RevocationFinal"].Value] });

        var now = clock.GetUtcNow().UtcDateTime;
        credential.State = target;
        credential.Version++;
        switch (action)
        {
            case AwardStatusAction.Revoke:
                (credential.RevokedAt, credential.RevocationReason) = (now, text);
                break;
            case AwardStatusAction.Suspend:
                (credential.SuspendedAt, credential.SuspensionReason) = (now, text);
                break;
            default:
                (credential.SuspendedAt, credential.SuspensionReason) = (null, null);
                break;
        }
        audit.Add(awarder.Principal, "credential." + target, nameof(IssuedCredential), credential.Id, credential.InstitutionId,
            new { credential.CredentialId, reason = text, credential.StatusIndex }, awarder.Client);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // Conditional on the version the change was decided on: of two simultaneous changes the second writes nothing.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new(Conflict: t["Status_Conflict"].Value);
        }
        if (action == AwardStatusAction.Revoke)
        {
            // Revocation is final (SL-6.1 "revocation"); a suspension no longer matters.
            await statusLists.SetAsync(listId.Value, index, true, ct);
            if (state == IssuedCredentialStates.Suspended && credential.SuspensionListId is { } suspension)
                await statusLists.SetAsync(suspension, index, false, ct);
        }
        else await statusLists.SetAsync(listId.Value, index, action == AwardStatusAction.Suspend, ct);
        await transaction.CommitAsync(ct);
        return new();
    }
}
