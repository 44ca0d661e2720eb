using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Backpack.Collections;

/// <summary>What the learner types for a collection.</summary>
public sealed record CollectionForm(string? Name, string? Description, bool IsPublic);

/// <summary>A collection in the learner's list.</summary>
public sealed record CollectionSummary(Guid Id, string Name, bool IsPublic, int Count, DateTime UpdatedAt);

/// <summary>A refused field and the resource key of the reason (localized by the page).</summary>
public sealed record FieldError(string Field, string Key, params object[] Arguments);

/// <summary>The outcome of a change: not found (404), refused (errors per field) or done.</summary>
public sealed record CollectionChange(bool Found, IReadOnlyList<FieldError> Errors, Guid? Id = null)
{
    public static readonly CollectionChange NotFound = new(false, []);
    public bool Succeeded => Found && Errors.Count == 0;
}

/// <summary>
/// The learner's collections. Every method takes the signed-in person and only ever touches that person's collections
/// and credentials: someone else's collection or credential is "not found" (404), never "forbidden".
/// </summary>
public sealed class CollectionService(LaurelDb db, BackpackService backpack, TimeProvider time)
{
    public Task<List<CollectionSummary>> ListAsync(Guid personId, CancellationToken ct) =>
        db.Collections.AsNoTracking().Where(c => c.PersonId == personId).OrderByDescending(c => c.UpdatedAt)
            .Select(c => new CollectionSummary(c.Id, c.Name, c.IsPublic, c.Items.Count, c.UpdatedAt)).ToListAsync(ct);

    public Task<Collection?> FindOwnAsync(Guid personId, Guid id, CancellationToken ct) =>
        db.Collections.AsNoTracking().Include(c => c.Items).FirstOrDefaultAsync(c => c.Id == id && c.PersonId == personId, ct);

    /// <summary>Every problem with the form at once.</summary>
    public static List<FieldError> Validate(CollectionForm form)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(form.Name)) errors.Add(new("Name", "NameRequired"));
        else if (form.Name.Trim().Length > Collection.NameMaxLength) errors.Add(new("Name", "NameTooLong", Collection.NameMaxLength));
        if (form.Description is { } d && d.Trim().Length > Collection.DescriptionMaxLength)
            errors.Add(new("Description", "DescriptionTooLong", Collection.DescriptionMaxLength));
        return errors;
    }

    public async Task<CollectionChange> CreateAsync(Guid personId, CollectionForm form, CancellationToken ct)
    {
        var errors = Validate(form);
        if (errors.Count > 0) return new(true, errors);
        var now = time.GetUtcNow().UtcDateTime;
        var collection = new Collection
        {
            Id = Guid.CreateVersion7(), PersonId = personId, Name = form.Name!.Trim(), Description = Clean(form.Description),
            IsPublic = form.IsPublic, CreatedAt = now, UpdatedAt = now,
        };
        db.Collections.Add(collection);
        await db.SaveChangesAsync(ct);
        return new(true, [], collection.Id);
    }

    public async Task<CollectionChange> UpdateAsync(Guid personId, Guid id, CollectionForm form, CancellationToken ct)
    {
        var collection = await db.Collections.FirstOrDefaultAsync(c => c.Id == id && c.PersonId == personId, ct);
        if (collection is null) return CollectionChange.NotFound;
        var errors = Validate(form);
        if (errors.Count > 0) return new(true, errors, id);
        collection.Name = form.Name!.Trim();
        collection.Description = Clean(form.Description);
        collection.IsPublic = form.IsPublic;
        collection.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return new(true, [], id);
    }

    /// <summary>Deletes the collection (its items go with it); the credentials themselves stay in the backpack.</summary>
    public async Task<bool> DeleteAsync(Guid personId, Guid id, CancellationToken ct) =>
        await db.Collections.Where(c => c.Id == id && c.PersonId == personId).ExecuteDeleteAsync(ct) > 0;

    /// <summary>
    /// The learner's credentials that can go into a collection: awards in the backpack (claimed; revoked, declined or
    /// waiting ones are not) and every import.
    /// </summary>
    public async Task<List<BackpackEntry>> EligibleAsync(Guid personId, CancellationToken ct) =>
        (await backpack.ListAsync(personId, ct)).Where(IsEligible).OrderByDescending(e => e.Date).ToList();

    private static bool IsEligible(BackpackEntry e) => e.Imported || e.State is BackpackState.Issued or BackpackState.Expired;

    /// <summary>
    /// Adds credentials at the end. An id that is not one of the learner's own credentials means "not found" (they may be
    /// guessing); one of their own that cannot be shared (e.g. still waiting for a claim) is a validation error.
    /// </summary>
    public async Task<CollectionChange> AddAsync(Guid personId, Guid id, IReadOnlyCollection<Guid> credentialIds, CancellationToken ct)
    {
        var collection = await db.Collections.Include(c => c.Items).FirstOrDefaultAsync(c => c.Id == id && c.PersonId == personId, ct);
        if (collection is null) return CollectionChange.NotFound;
        if (credentialIds.Count == 0) return new(true, [new FieldError("Credentials", "ChooseCredential")], id);
        var own = (await backpack.ListAsync(personId, ct)).ToDictionary(e => e.Id);
        if (credentialIds.Any(c => !own.ContainsKey(c))) return CollectionChange.NotFound;
        var errors = credentialIds.Where(c => !IsEligible(own[c])).Select(c => new FieldError("Credentials", "NotEligible", own[c].Name)).ToList();
        if (errors.Count > 0) return new(true, errors, id);
        var now = time.GetUtcNow().UtcDateTime;
        var next = collection.Items.Count == 0 ? 0 : collection.Items.Max(i => i.Position) + 1;
        foreach (var credentialId in credentialIds.Distinct())
        {
            var entry = own[credentialId];
            if (collection.Items.Any(i => i.AwardId == credentialId || i.ImportedCredentialId == credentialId)) continue;
            // Added through the set: a new item with a preset key found via the navigation would be taken for an existing row.
            db.CollectionItems.Add(new CollectionItem
            {
                Id = Guid.CreateVersion7(), CollectionId = id, Position = next++, AddedAt = now,
                AwardId = entry.Imported ? null : credentialId, ImportedCredentialId = entry.Imported ? credentialId : null,
            });
        }
        collection.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return new(true, [], id);
    }

    public async Task<bool> RemoveAsync(Guid personId, Guid id, Guid itemId, CancellationToken ct)
    {
        var removed = await db.CollectionItems.Where(i => i.Id == itemId && i.CollectionId == id && db.Collections.Any(c => c.Id == id && c.PersonId == personId))
            .ExecuteDeleteAsync(ct);
        if (removed > 0) await TouchAsync(id, ct);
        return removed > 0;
    }

    /// <summary>Moves an item one place up or down (swapping positions with its neighbour).</summary>
    public async Task<bool> MoveAsync(Guid personId, Guid id, Guid itemId, bool up, CancellationToken ct)
    {
        var collection = await db.Collections.Include(c => c.Items).FirstOrDefaultAsync(c => c.Id == id && c.PersonId == personId, ct);
        var ordered = collection?.Items.OrderBy(i => i.Position).ToList();
        var index = ordered?.FindIndex(i => i.Id == itemId) ?? -1;
        if (collection is null || ordered is null || index < 0) return false;
        var other = up ? index - 1 : index + 1;
        if (other < 0 || other >= ordered.Count) return true;
        (ordered[index].Position, ordered[other].Position) = (ordered[other].Position, ordered[index].Position);
        collection.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return true;
    }

    private Task TouchAsync(Guid id, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.Collections.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, now), ct);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
