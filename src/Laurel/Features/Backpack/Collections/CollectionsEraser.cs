using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Backpack.Collections;

/// <summary>Account deletion: the person's collections (and their items) go; the credentials' own fate is up to their features.</summary>
public sealed class CollectionsEraser(LaurelDb db) : IPersonalDataEraser
{
    public async Task EraseAsync(Guid personId, CancellationToken ct) =>
        await db.Collections.Where(c => c.PersonId == personId).ExecuteDeleteAsync(ct);
}
