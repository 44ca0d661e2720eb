using System.Security.Claims;
using System.Text.Json;
using Laurel.Infrastructure.Database;

namespace Laurel.Infrastructure.Auditing;

/// <summary>Adds audit entries to the current unit of work, so they commit together with the change they describe.</summary>
public sealed class AuditLog(LaurelDb db, TimeProvider clock)
{
    public void Add(ClaimsPrincipal? actor, string action, string entityType, Guid entityId, Guid? institutionId,
        object? details = null, string client = "web")
    {
        var personId = Guid.TryParse(actor?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : (Guid?)null;
        db.AuditEntries.Add(new AuditEntry
        {
            Id = Guid.CreateVersion7(),
            At = clock.GetUtcNow().UtcDateTime,
            ActorPersonId = personId,
            ActorName = actor?.Identity?.Name ?? "system",
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            InstitutionId = institutionId,
            Client = client,
            Details = details is null ? null : JsonSerializer.Serialize(details),
        });
    }
}
