using Laurel.Credentials.OpenBadges;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Awards.Issuing;

/// <summary>A known learner and the identity to hash into their credential.</summary>
public sealed record FoundLearner(Person Person, string Identity, string IdentityType);

/// <summary>
/// Finds a learner among people who have signed in, by verified e-mail address or eduID subject. Learners who never signed
/// in, or whose address nobody verified, are not found here: awarding to them becomes a claim (awarding-flows issue).
/// </summary>
public sealed class LearnerLookup(LaurelDb db, IdentityProviders providers)
{
    public async Task<FoundLearner?> FindAsync(string? emailOrSubject, CancellationToken ct)
    {
        var value = emailOrSubject?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        if (AwardService.LooksLikeEmail(value))
        {
            var email = IdentityHash.NormalizeEmail(value);
            // Verified addresses only: an address someone merely typed at their provider never finds them (issue 12).
            // Two lookups served by the lower(Email) indexes of Persons and LinkedIdentities (migration I18_PerformanceIndexes),
            // joined by id: an OR with EXISTS over both tables cannot use an index and read every person on every award (≈ 150 ms
            // of PostgreSQL per results-API award at 33k learners).
            var direct = db.Persons.Where(p => p.Email != null && p.Email.ToLower() == email
                && (p.EmailVerification == EmailVerification.Provider || p.EmailVerification == EmailVerification.Laurel)).Select(p => p.Id);
            var linked = db.LinkedIdentities.Where(i => i.Email != null && i.Email.ToLower() == email
                && (i.EmailVerification == EmailVerification.Provider || i.EmailVerification == EmailVerification.Laurel)).Select(i => i.PersonId);
            var person = await db.Persons.Where(p => p.ArchivedAt == null && direct.Concat(linked).Contains(p.Id))
                .OrderBy(p => p.CreatedAt).FirstOrDefaultAsync(ct);
            return person is null ? null : new FoundLearner(person, email, RecipientTypes.EmailAddress);
        }
        return await FindBySubjectAsync(value, ct);
    }

    /// <summary>
    /// <see cref="FindAsync"/> for many e-mail addresses at once (the results API's batch): three queries whatever their number, served
    /// by the same lower(Email) indexes, and the same answer per address (the earliest created, not archived person with it verified).
    /// The persons are not tracked. Keys: the normalized address; addresses without a learner are missing.
    /// </summary>
    public async Task<Dictionary<string, FoundLearner>> FindManyByEmailAsync(IEnumerable<string> addresses, CancellationToken ct)
    {
        var emails = addresses.Where(AwardService.LooksLikeEmail).Select(IdentityHash.NormalizeEmail).Distinct().ToList();
        if (emails.Count == 0) return [];
        var direct = await db.Persons.AsNoTracking().Where(p => p.ArchivedAt == null && p.Email != null && emails.Contains(p.Email.ToLower())
                && (p.EmailVerification == EmailVerification.Provider || p.EmailVerification == EmailVerification.Laurel))
            .ToListAsync(ct);
        var linked = await db.LinkedIdentities.AsNoTracking().Where(i => i.Email != null && emails.Contains(i.Email.ToLower())
                && (i.EmailVerification == EmailVerification.Provider || i.EmailVerification == EmailVerification.Laurel))
            .Select(i => new { i.Email, i.PersonId }).ToListAsync(ct);
        var persons = direct.ToDictionary(p => p.Id);
        var missing = linked.Select(l => l.PersonId).Where(id => !persons.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
            foreach (var p in await db.Persons.AsNoTracking().Where(p => missing.Contains(p.Id) && p.ArchivedAt == null).ToListAsync(ct))
                persons[p.Id] = p;
        var candidates = direct.Select(p => (Email: IdentityHash.NormalizeEmail(p.Email!), p.Id))
            .Concat(linked.Select(l => (Email: IdentityHash.NormalizeEmail(l.Email!), Id: l.PersonId)));
        var found = new Dictionary<string, FoundLearner>();
        foreach (var (email, id) in candidates)
        {
            if (!persons.TryGetValue(id, out var person)) continue; // archived
            if (found.TryGetValue(email, out var other) && other.Person.CreatedAt <= person.CreatedAt) continue;
            found[email] = new FoundLearner(person, email, RecipientTypes.EmailAddress);
        }
        return found;
    }

    private async Task<FoundLearner?> FindBySubjectAsync(string value, CancellationToken ct)
    {
        var learnerProviders = providers.All.Where(p => p.Kind == ProviderKind.Learner).Select(p => p.Name).Append("eduid").Distinct().ToList();
        var identity = await db.LinkedIdentities.Include(i => i.Person)
            .Where(i => i.Subject == value && learnerProviders.Contains(i.Provider) && i.Person!.ArchivedAt == null)
            .OrderBy(i => i.LinkedAt).FirstOrDefaultAsync(ct);
        return identity is null ? null : new FoundLearner(identity.Person!, value, RecipientTypes.Identifier);
    }
}
