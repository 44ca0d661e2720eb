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
}
