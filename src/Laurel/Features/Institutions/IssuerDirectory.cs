using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Institutions;

/// <summary>Questions other features ask about the tree, e.g. whether an issuer may still receive new micro-credentials.</summary>
public sealed class IssuerDirectory(LaurelDb db)
{
    /// <summary>True when the issuer exists and neither it, its faculty nor its institution is archived.</summary>
    public Task<bool> IsActiveAsync(Guid issuerId, CancellationToken ct = default) =>
        db.Issuers.AnyAsync(i => i.Id == issuerId && i.ArchivedAt == null
            && i.Faculty!.ArchivedAt == null && i.Faculty.Institution!.ArchivedAt == null, ct);

    /// <summary>True when the faculty exists and neither it nor its institution is archived.</summary>
    public Task<bool> IsFacultyActiveAsync(Guid facultyId, CancellationToken ct = default) =>
        db.Faculties.AnyAsync(f => f.Id == facultyId && f.ArchivedAt == null && f.Institution!.ArchivedAt == null, ct);
}
