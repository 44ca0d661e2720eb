using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Backpack.Imports;

/// <summary>Account deletion: a person's imported credentials are theirs alone (nobody relies on Laurel's copy), so they go entirely.</summary>
public sealed class ImportEraser(LaurelDb db) : IPersonalDataEraser
{
    public Task EraseAsync(Guid personId, CancellationToken ct) =>
        db.ImportedCredentials.Where(i => i.PersonId == personId).ExecuteDeleteAsync(ct);
}
