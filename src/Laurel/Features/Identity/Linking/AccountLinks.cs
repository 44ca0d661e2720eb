using System.Security.Claims;
using Laurel.Features.Awards.Claims;
using Laurel.Features.Backpack.Imports;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity.Linking;

/// <summary>What became of an attempt to link an institution account.</summary>
public enum LinkOutcome { Linked, AlreadyLinked, LinkedToSomeoneElse, Failed }

/// <summary>What became of a request to remove a linked identity.</summary>
public enum UnlinkOutcome { Removed, NotFound, UsedForThisSession, LastSignInIdentity }

/// <summary>
/// Links institution accounts (a second OIDC sign-in in link mode) to the person who is signed in, and removes links. An account
/// or EPPN that belongs to another person is never moved: the link is refused and nothing changes.
/// </summary>
public sealed class AccountLinks(LaurelDb db, TimeProvider clock, AuditLog audit, ClaimService claims, ImportService imports)
{
    /// <summary>AuthenticationProperties item that marks a challenge as link mode; its value is the person id that started it.</summary>
    public const string LinkMarker = "laurel.link-person";

    public async Task<LinkOutcome> LinkAsync(IdentityProviderOptions provider, ClaimsPrincipal external, ClaimsPrincipal user, CancellationToken ct)
    {
        if (StaffAccess.PersonId(user) is not { } personId) return LinkOutcome.Failed;
        var names = provider.Claims;
        if (ExternalAccounts.Value(external, names.Subject) is not { } subject) return LinkOutcome.Failed;
        var eppn = ExternalAccounts.Value(external, names.Eppn)?.Trim().ToLowerInvariant();

        var identity = await db.LinkedIdentities.FirstOrDefaultAsync(i => i.Provider == provider.Name && i.Subject == subject, ct);
        if (identity is not null && identity.PersonId != personId) return LinkOutcome.LinkedToSomeoneElse;
        // An EPPN unlocks awards, so it may belong to one person only, however it was linked (eduID report or own sign-in).
        if (eppn is not null && await db.LinkedIdentities.AnyAsync(i => i.PersonId != personId && i.Eppn != null && i.Eppn.ToLower() == eppn, ct))
            return LinkOutcome.LinkedToSomeoneElse;

        var outcome = LinkOutcome.AlreadyLinked;
        if (identity is null)
        {
            identity = new LinkedIdentity
            {
                Id = Guid.CreateVersion7(), PersonId = personId, Provider = provider.Name, Subject = subject,
                LinkedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.LinkedIdentities.Add(identity);
            // No EPPN or name in the audit trail: the identity id leads to them while the link exists.
            audit.Add(user, "identity.linked", nameof(LinkedIdentity), identity.Id, null, new { provider = provider.Name });
            outcome = LinkOutcome.Linked;
        }
        ExternalAccounts.UpdateIdentity(provider, identity, external);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Someone else linked the same account at the same moment.
            db.ChangeTracker.Clear();
            return LinkOutcome.LinkedToSomeoneElse;
        }
        // The new EPPN may unlock awards that wait for it. ClaimService reads the identities from the database (not from the
        // session's claims), so the session principal needs no rebuilding.
        await claims.MatchAsync(user, ct);
        // Imports that name the new account now count as the learner's (pathways hear about it).
        await imports.RefreshRecipientsAsync(personId, ct);
        return outcome;
    }

    public async Task<UnlinkOutcome> UnlinkAsync(ClaimsPrincipal user, Guid identityId, CancellationToken ct)
    {
        if (StaffAccess.PersonId(user) is not { } personId) return UnlinkOutcome.NotFound;
        var identities = await db.LinkedIdentities.Where(i => i.PersonId == personId).ToListAsync(ct);
        // Someone else's identity id answers exactly like an unknown one.
        if (identities.FirstOrDefault(i => i.Id == identityId) is not { } identity) return UnlinkOutcome.NotFound;
        if (PersonSignIn.SessionIdentityId(user) == identity.Id) return UnlinkOutcome.UsedForThisSession;
        if (CanSignIn(identity) && !identities.Any(i => i.Id != identity.Id && CanSignIn(i))) return UnlinkOutcome.LastSignInIdentity;
        db.LinkedIdentities.Remove(identity);
        audit.Add(user, "identity.unlinked", nameof(LinkedIdentity), identity.Id, null, new { provider = identity.Provider });
        await db.SaveChangesAsync(ct);
        // Imports that named only the removed account stop counting as the learner's.
        await imports.RefreshRecipientsAsync(personId, ct);
        return UnlinkOutcome.Removed;
    }

    /// <summary>Identities reported by eduID (<c>eduid:linked</c>) cannot sign in; those of a configured provider can.</summary>
    public static bool CanSignIn(LinkedIdentity identity) => !identity.Provider.Contains(':');
}
