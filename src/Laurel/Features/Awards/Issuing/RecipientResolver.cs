using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Awards.Issuing;

/// <summary>How staff identify the learner of a direct award (<see cref="Auto"/>: Laurel recognises it, see <see cref="RecipientResolver"/>; added last so stored or logged numbers keep their meaning).</summary>
public enum RecipientKind { Email, Eppn, EduId, Auto }

/// <summary>The identity to award to and, when Laurel knows the learner already, who that is.</summary>
public sealed record ResolvedRecipient(string IdentityType, string Identity, Person? Person);

/// <summary>
/// Finds the learner of a direct award. E-mail addresses and EPPNs of people who never signed in are fine: the award waits for a
/// claim. An EPPN counts only from an account of the awarding institution (its home organisation). Recognised automatically, a
/// value without @ is an eduID identifier; one with @ is the e-mail address or the institution account (EPPN) of a learner who has
/// signed in, and otherwise an e-mail address: EPPNs and e-mail addresses look alike, and only an e-mail address can be written to.
/// </summary>
public sealed class RecipientResolver(LaurelDb db, LearnerLookup learners)
{
    /// <summary>An e-mail address resolved from learners read beforehand (<see cref="LearnerLookup.FindManyByEmailAsync"/>): the
    /// same answer as <see cref="ResolveAsync"/> with <see cref="RecipientKind.Email"/>, without a query.</summary>
    public static ResolvedRecipient? ResolveEmail(string? value, IReadOnlyDictionary<string, FoundLearner> learners) =>
        string.IsNullOrWhiteSpace(value) ? null : new ResolvedRecipient(RecipientTypes.EmailAddress, value.Trim(),
            AwardService.LooksLikeEmail(value) ? learners.GetValueOrDefault(Laurel.Credentials.OpenBadges.IdentityHash.NormalizeEmail(value))?.Person : null);

    public async Task<ResolvedRecipient?> ResolveAsync(RecipientKind kind, string? value, string institutionIdentifier, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        switch (kind)
        {
            case RecipientKind.Auto:
                if (!AwardService.LooksLikeEmail(value)) return await ResolveAsync(RecipientKind.EduId, value, institutionIdentifier, ct);
                var asEmail = await ResolveAsync(RecipientKind.Email, value, institutionIdentifier, ct);
                if (asEmail?.Person is not null) return asEmail;
                var asEppn = await ResolveAsync(RecipientKind.Eppn, value, institutionIdentifier, ct);
                return asEppn?.Person is not null ? asEppn : asEmail;
            case RecipientKind.Email:
                var byEmail = AwardService.LooksLikeEmail(value) ? await learners.FindAsync(value, ct) : null;
                return new ResolvedRecipient(RecipientTypes.EmailAddress, value.Trim(), byEmail?.Person);
            case RecipientKind.Eppn:
                var eppn = RecipientTypes.Normalize(RecipientTypes.Eppn, value);
                var home = institutionIdentifier.ToLowerInvariant();
                var account = await db.LinkedIdentities.Include(i => i.Person)
                    .Where(i => i.Eppn != null && i.Eppn.ToLower() == eppn && i.HomeOrganisation != null && i.HomeOrganisation.ToLower() == home
                        && i.Person!.ArchivedAt == null)
                    .OrderBy(i => i.LinkedAt).FirstOrDefaultAsync(ct);
                return new ResolvedRecipient(RecipientTypes.Eppn, eppn, account?.Person);
            default:
                var bySubject = AwardService.LooksLikeEmail(value) ? null : await learners.FindAsync(value, ct);
                return bySubject is null ? null : new ResolvedRecipient(RecipientTypes.Identifier, bySubject.Identity, bySubject.Person);
        }
    }
}
