using System.Security.Claims;
using Laurel.Features.Awards.Events;
using Laurel.Features.Identity;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Awards.Claims;

/// <summary>
/// The learner's side of claims: awards addressed to an e-mail address or EPPN find their learner when that learner signs in
/// (or opens their pending awards) with a matching verified e-mail or linked institution account (EPPN + home organisation);
/// the learner accepts or declines awards that wait for them. The credential was signed at award time, so its issue date is
/// the award date whatever day it is claimed.
/// </summary>
public sealed class ClaimService(LaurelDb db, TimeProvider clock, AuditLog audit, StatusListService statusLists, AwardEvents events)
{
    /// <summary>Links unclaimed awards addressed to this person's addresses; auto-accepting definitions go straight to the backpack.</summary>
    public async Task<int> MatchAsync(ClaimsPrincipal learner, CancellationToken ct)
    {
        if (StaffAccess.PersonId(learner) is not { } personId) return 0;
        var person = await db.Persons.Include(p => p.Identities).FirstOrDefaultAsync(p => p.Id == personId && p.ArchivedAt == null, ct);
        if (person is null) return 0;
        // Only addresses proven to be this person's (by the provider or by Laurel's link): an unverified address is anyone's
        // to type, and would hand them the awards of whoever owns it (issue 12).
        var emails = person.Identities.Where(i => i.EmailVerification.IsVerified()).Select(i => i.Email)
            .Append(person.EmailVerification.IsVerified() ? person.Email : null).OfType<string>()
            .Select(e => RecipientTypes.Normalize(RecipientTypes.EmailAddress, e)).Distinct().ToList();
        var accounts = person.Identities.Where(i => i.Eppn is not null && i.HomeOrganisation is not null)
            .Select(i => (Eppn: RecipientTypes.Normalize(RecipientTypes.Eppn, i.Eppn!), Home: i.HomeOrganisation!.ToLowerInvariant())).ToList();
        var eppns = accounts.Select(a => a.Eppn).Distinct().ToList();

        // One lookup of IX_Awards_Unclaimed_Identity (unclaimed awards by identity) for all the person's identities; which kind
        // each must be is checked below, so the database sees a plain "identity IN (…)" it can serve from that index (issue 18).
        var identities = emails.Concat(eppns).Distinct().ToList();
        if (identities.Count == 0) return 0;
        var candidates = (await db.Awards.Include(a => a.Achievement)
            .Where(a => a.State == AwardState.AwaitingClaim && a.RecipientPersonId == null && identities.Contains(a.RecipientIdentity))
            .OrderBy(a => a.IssuedAt).Take(500).ToListAsync(ct))
            .Where(a => (a.RecipientIdentityType == RecipientTypes.EmailAddress && emails.Contains(a.RecipientIdentity))
                || (a.RecipientIdentityType == RecipientTypes.Eppn && eppns.Contains(a.RecipientIdentity))).ToList();
        if (candidates.Count == 0) return 0;
        var institutionIds = candidates.Select(a => a.InstitutionId).Distinct().ToList();
        var homes = await db.Institutions.Where(i => institutionIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Identifier.ToLowerInvariant(), ct);

        var matched = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var award in candidates)
        {
            // An EPPN is only unique within its home organisation: it must come from the awarding institution's own account.
            if (award.RecipientIdentityType == RecipientTypes.Eppn && !accounts.Contains((award.RecipientIdentity, homes[award.InstitutionId])))
                continue;
            award.RecipientPersonId = person.Id;
            award.RecipientName = person.DisplayName;
            award.UpdatedAt = now;
            var details = new { automatically = award.Achievement?.ClaimRequired == false, award.RecipientIdentityType };
            // Auto-accepting definitions go straight to the backpack: a claim like any other (one event). Otherwise the award is
            // only linked to its learner, which is no transition.
            if (details.automatically && award.Claim(now).Count == 0)
                await events.RecordAsync(new AwardChange(award, AwardEventType.Claimed) { Actor = learner, Details = details }, ct);
            else audit.Add(learner, "award.matched", nameof(Award), award.Id, award.InstitutionId, details);
            try
            {
                await db.SaveChangesAsync(ct);
                matched++;
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                // The learner already holds this version under another address; this copy stays unmatched and expires.
                db.ChangeTracker.Clear();
            }
        }
        return matched;
    }

    /// <summary>Awards waiting for this learner's decision, oldest first.</summary>
    public Task<List<Award>> PendingAsync(Guid personId, CancellationToken ct) =>
        db.Awards.AsNoTracking().Include(a => a.Achievement!).ThenInclude(x => x.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
            .Where(a => a.RecipientPersonId == personId && a.State == AwardState.AwaitingClaim)
            .OrderBy(a => a.IssuedAt).ToListAsync(ct);

    /// <summary>
    /// The award the claim e-mail linked to, when this learner already holds it (added automatically on sign-in, or accepted
    /// earlier): the claims page then says where it went instead of only "nothing is waiting".
    /// </summary>
    public Task<Award?> HeldAsync(Guid personId, Guid awardId, CancellationToken ct) =>
        db.Awards.AsNoTracking().Include(a => a.Achievement!).ThenInclude(x => x.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
            .FirstOrDefaultAsync(a => a.Id == awardId && a.RecipientPersonId == personId
                && (a.State == AwardState.Issued || a.State == AwardState.Suspended), ct);

    /// <summary>Accepts (into the backpack) or declines one waiting award of this learner; false when there is none.</summary>
    public async Task<bool> DecideAsync(ClaimsPrincipal learner, Guid awardId, bool accept, CancellationToken ct)
    {
        if (StaffAccess.PersonId(learner) is not { } personId) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        var target = accept ? AwardState.Issued : AwardState.Declined;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Conditional on the state, so a double submit or a concurrent expiry decides it once.
        // Set-based and conditional on the state the transition starts from (Award.CanDecideClaim), so a double submit or a
        // concurrent expiry decides it once; the award is then read back and the same transition method checks and applies it.
        var changed = await db.Awards.Where(a => a.Id == awardId && a.RecipientPersonId == personId).Where(Award.CanDecideClaim)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, target).SetProperty(a => a.ClaimDecidedAt, now).SetProperty(a => a.UpdatedAt, now)
                .SetProperty(a => a.Version, Award.NextVersion), ct);
        if (changed == 0) return false;
        var award = await db.Awards.AsNoTracking().Include(a => a.Achievement).SingleAsync(a => a.Id == awardId, ct);
        await events.RecordAsync(new AwardChange(award, accept ? AwardEventType.Claimed : AwardEventType.Declined) { Actor = learner }, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        // A declined credential must never verify, should a copy exist somewhere.
        if (!accept) await statusLists.SetAsync(award.RevocationListId, award.StatusIndex, true, ct);
        return true;
    }
}
