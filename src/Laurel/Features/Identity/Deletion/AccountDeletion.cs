using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity.Deletion;

/// <summary>
/// Deletes a person's account in one transaction: every registered <see cref="IPersonalDataEraser"/> runs, then the audit
/// trail loses the person's name and addresses (it keeps their id as actor), then the linked identities and the person go.
/// </summary>
public sealed class AccountDeletion(LaurelDb db, IEnumerable<IPersonalDataEraser> erasers, TimeProvider clock)
{
    public const string DeletedActorName = "deleted-account";

    public async Task<bool> DeleteAsync(Guid personId, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var footprint = await PersonalFootprint.LoadAsync(db, personId, ct);
        if (footprint is null) return false;
        foreach (var eraser in erasers) await eraser.EraseAsync(personId, ct);
        await db.SaveChangesAsync(ct);
        await ScrubAuditTrailAsync(footprint, ct);
        await db.LinkedIdentities.Where(i => i.PersonId == personId).ExecuteDeleteAsync(ct);
        await db.Persons.Where(p => p.Id == personId).ExecuteDeleteAsync(ct);
        // Only the id: the entry proves the deletion happened without keeping what was deleted.
        db.AuditEntries.Add(new AuditEntry
        {
            Id = Guid.CreateVersion7(), At = clock.GetUtcNow().UtcDateTime, ActorPersonId = personId, ActorName = DeletedActorName,
            Action = "account.deleted", EntityType = nameof(Person), EntityId = personId,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }

    private async Task ScrubAuditTrailAsync(PersonalFootprint footprint, CancellationToken ct)
    {
        // Actor ids stay, so staff actions remain attributable to "an account that was deleted".
        await db.AuditEntries.Where(a => a.ActorPersonId == footprint.PersonId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorName, DeletedActorName), ct);
        foreach (var form in footprint.SearchForms)
        {
            var entries = await db.AuditEntries.Where(a => (a.Details != null && a.Details.ToLower().Contains(form)) || a.ActorName.ToLower() == form).ToListAsync(ct);
            foreach (var entry in entries)
            {
                entry.Details = footprint.Scrub(entry.Details);
                if (footprint.SearchTexts.Contains(entry.ActorName, StringComparer.OrdinalIgnoreCase)) entry.ActorName = DeletedActorName;
            }
        }
        await db.SaveChangesAsync(ct);
    }
}

public static class AccountDeletionRegistration
{
    /// <summary>The deletion service and the erasers for the identity and awards data (awards erasure lives here so the
    /// Awards feature keeps no knowledge of account deletion).</summary>
    public static IServiceCollection AddAccountDeletion(this IServiceCollection services)
    {
        services.AddScoped<AccountDeletion>();
        services.AddScoped<IPersonalDataEraser, AwardDataEraser>();
        services.AddScoped<IPersonalDataEraser, StaffMembershipEraser>();
        return services;
    }
}
