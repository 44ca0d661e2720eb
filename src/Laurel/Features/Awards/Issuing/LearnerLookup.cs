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
        var learnerProviders = providers.All.Where(p => p.Kind == ProviderKind.Learner).Select(p => p.Name).Append("eduid").Distinct().ToList();
        var identity = await db.LinkedIdentities.Include(i => i.Person)
            .Where(i => i.Subject == value && learnerProviders.Contains(i.Provider) && i.Person!.ArchivedAt == null)
            .OrderBy(i => i.LinkedAt).FirstOrDefaultAsync(ct);
        return identity is null ? null : new FoundLearner(identity.Person!, value, RecipientTypes.Identifier);
    }
}
