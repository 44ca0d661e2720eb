namespace Laurel.Infrastructure.Auditing;

/// <summary>
/// Typed audit actions for award transitions. The strings are what the audit log has always stored (audit pages and filters
/// read them), so they never change once released.
/// </summary>
public static class AuditActions
{
    public const string AwardIssued = "award.issued";
    public const string AwardScheduled = "award.scheduled";
    public const string AwardExpired = "award.expired";
    public const string AwardScheduledRefused = "award.scheduled-refused";
    public const string AwardRevoked = "award.revoked";
    public const string AwardSuspended = "award.suspended";
    public const string AwardReinstated = "award.reinstated";
    public const string AwardClaimed = "award.claimed";
    public const string AwardDeclined = "award.declined";
    public const string AwardScheduledCancelled = "award.scheduled-cancelled";
    public const string AwardWithdrawn = "award.withdrawn";

    /// <summary>
    /// Every action Laurel records, for the audit page's filter: a fixed list instead of a DISTINCT over millions of entries per
    /// view (issue 18). A new action belongs here; one missing still shows in the trail and still filters by URL.
    /// </summary>
    public static readonly IReadOnlyList<string> Known = [.. new[]
    {
        AwardIssued, AwardScheduled, AwardExpired, AwardScheduledRefused, AwardRevoked, AwardSuspended, AwardReinstated, AwardClaimed,
        AwardDeclined, AwardScheduledCancelled, AwardWithdrawn, "award.matched",
        "account.deleted", "achievement.archived", "achievement.copied", "achievement.created", "achievement.published",
        "achievement.unarchived", "achievement.unpublished", "achievement.updated", "achievement.versioned",
        "api-client.authentication-failed", "api-client.created", "api-client.revoked",
        "bulk.confirmed", "bulk.interrupted", "bulk.uploaded", "claims.settings.updated",
        "credential.issued", "credential.active", "credential.revoked", "credential.suspended",
        "email.verification-sent", "email.verified",
        "faculty.archived", "faculty.created", "faculty.unarchived", "faculty.updated",
        "identity.linked", "identity.unlinked", "institution.updated",
        "issuer-key.resigned", "issuer-key.rotated", "issuer.archived", "issuer.created", "issuer.unarchived", "issuer.updated",
        "mail.retried", "mail.retried-all",
        "pathway.archived", "pathway.completed", "pathway.created", "pathway.restored", "pathway.updated", "person.name-changed",
        "recognition.course.archived", "recognition.course.created", "recognition.course.restored", "recognition.course.updated",
        "recognition.decided", "recognition.item.decided",
        "request.approval-refused", "request.approved", "request.created", "request.denied",
        "staff.added", "staff.invitation-accepted", "staff.invited", "staff.revoked", "staff.role_changed",
        "wallet.copy-stopped", "wallet.offer-created",
        "webhook.archived", "webhook.created", "webhook.disabled", "webhook.enabled", "webhook.pinged", "webhook.redelivered",
        "webhook.secret-rotated",
    }.Order(StringComparer.Ordinal)];
}
