using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity.Deletion;

/// <summary>
/// Staff roles of a deleted person are revoked and detached (the rows stay for the audit trail, without person or e-mail);
/// open invitations to their addresses are withdrawn. A sole institution admin is not a reason to refuse deletion: the person
/// decides about their own data, and the platform admin (CLI) can grant the role to someone else.
/// </summary>
public sealed class StaffMembershipEraser(LaurelDb db, TimeProvider clock, StaffAccess access) : IPersonalDataEraser
{
    public async Task EraseAsync(Guid personId, CancellationToken ct)
    {
        var footprint = await PersonalFootprint.LoadAsync(db, personId, ct);
        if (footprint is null) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var emails = footprint.Emails;
        var memberships = await db.StaffMemberships
            .Where(m => m.PersonId == personId || (m.InvitedEmail != null && emails.Contains(m.InvitedEmail.ToLower())))
            .ToListAsync(ct);
        foreach (var membership in memberships)
        {
            membership.PersonId = null;
            membership.InvitedEmail = null;
            membership.RevokedAt ??= now;
        }
        await db.SaveChangesAsync(ct);
        access.Forget();
    }
}
