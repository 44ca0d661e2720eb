using System.Security.Claims;
using System.Text.Json;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity;

/// <summary>Turns a provider's claims into Laurel's Person and LinkedIdentity records, and accepts staff invitations.</summary>
public sealed class ExternalAccounts(LaurelDb db, TimeProvider clock, AuditLog audit, StaffAccess access)
{
    /// <summary>The person who signed in and the linked identity they used (kept in the session so it cannot be unlinked).</summary>
    public sealed record SignedInAccount(Person Person, Guid IdentityId);

    public async Task<SignedInAccount> SignedInAsync(IdentityProviderOptions provider, ClaimsPrincipal principal, CancellationToken ct)
    {
        var names = provider.Claims;
        var subject = Value(principal, names.Subject) ?? throw new InvalidOperationException($"Provider {provider.Name} sent no subject.");
        var now = clock.GetUtcNow().UtcDateTime;

        var identity = await db.LinkedIdentities.Include(i => i.Person).ThenInclude(p => p!.Identities)
            .FirstOrDefaultAsync(i => i.Provider == provider.Name && i.Subject == subject, ct);
        var person = identity?.Person;
        if (person is null)
        {
            person = new Person { Id = Guid.CreateVersion7(), DisplayName = Truncate(subject, Person.MaxNameLength), CreatedAt = now };
            db.Persons.Add(person);
            identity = new LinkedIdentity { Id = Guid.CreateVersion7(), PersonId = person.Id, Provider = provider.Name, Subject = subject, LinkedAt = now };
            db.LinkedIdentities.Add(identity);
        }
        var firstSignIn = db.Entry(identity!).State == EntityState.Added;

        var email = Value(principal, names.Email);
        var emailVerified = email is not null && EmailVerificationRules.ProviderVouches(provider, principal);
        // An institution account linked to a learner's eduID must not rename the learner or change their address: eduID
        // (the learner's own provider) decides those; a staff-only person keeps getting them from institution SSO.
        var ownsProfile = provider.Kind == ProviderKind.Learner
            || (person.ValidatedName is null && !person.Identities.Any(i => i.Provider != provider.Name && !i.Provider.Contains(':')));
        if (ownsProfile)
        {
            UpdateProfile(provider, person, principal);
            if (email is not null)
            {
                var address = Truncate(email, 320);
                person.EmailVerification = EmailVerificationRules.Next(person.Email, person.EmailVerification, address, emailVerified);
                person.Email = address;
            }
        }

        UpdateIdentity(provider, identity!, principal);
        if (firstSignIn) audit.Add(Actor(person), "identity.linked", nameof(LinkedIdentity), identity!.Id, null, new { provider = provider.Name, firstSignIn });
        // Only the learner's own provider (eduID) may report institution accounts linked to the person: a staff SSO vouches
        // for its own accounts, never for accounts at other institutions (whose awards such a link would unlock).
        if (provider.Kind == ProviderKind.Learner)
            await LinkAccountsAsync(provider, person, principal.FindAll(names.LinkedAccounts).Select(c => c.Value), now, ct);

        // Staff invitations, like awards, go only to an address the provider vouches for.
        if (email is not null && emailVerified) await AcceptInvitationsAsync(person, email, principal, now, ct);
        await db.SaveChangesAsync(ct);
        return new SignedInAccount(person, identity!.Id);
    }

    /// <summary>Name fields from the provider: a validated name is stored as such, the shown name follows <see cref="Person.ApplyNames"/>.</summary>
    internal static void UpdateProfile(IdentityProviderOptions provider, Person person, ClaimsPrincipal principal)
    {
        var names = provider.Claims;
        var given = Value(principal, names.GivenName);
        var family = Value(principal, names.FamilyName);
        var fullName = Value(principal, names.Name) ?? string.Join(' ', new[] { given, family }.Where(n => n is not null));
        person.GivenName = given ?? person.GivenName;
        person.FamilyName = family ?? person.FamilyName;
        if (names.NameVerified is not null)
        {
            var validated = Value(principal, names.NameVerified) is { } flag && !flag.Equals("false", StringComparison.OrdinalIgnoreCase);
            // The provider can validate names: what it says now replaces what it said before (a withdrawn validation clears it).
            person.ValidatedName = validated && fullName.Length > 0 ? Truncate(fullName, Person.MaxNameLength) : null;
        }
        person.ApplyNames(fullName.Length > 0 ? Truncate(fullName, Person.MaxNameLength) : null);
    }

    /// <summary>The account's own attributes (institution e-mail, EPPN, home organisation, affiliations), refreshed at every sign-in.</summary>
    internal static void UpdateIdentity(IdentityProviderOptions provider, LinkedIdentity identity, ClaimsPrincipal principal)
    {
        var names = provider.Claims;
        var address = Value(principal, names.Email) is { } email ? Truncate(email, 320) : null;
        identity.EmailVerification = EmailVerificationRules.Next(identity.Email, identity.EmailVerification, address,
            address is not null && EmailVerificationRules.ProviderVouches(provider, principal));
        identity.Email = address;
        identity.Eppn = Value(principal, names.Eppn);
        identity.HomeOrganisation = Value(principal, names.HomeOrganisation);
        identity.Affiliations = principal.FindAll(names.Affiliation).Select(c => c.Value).Distinct().ToList();
    }

    // The provider's principal carries no Laurel person id; audit entries name the person the identity now belongs to.
    private static ClaimsPrincipal Actor(Person person) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, person.Id.ToString()), new Claim(ClaimTypes.Name, person.DisplayName)], "laurel", ClaimTypes.Name, ClaimTypes.Role));

    internal static string? Value(ClaimsPrincipal principal, string? type) =>
        type is null ? null : principal.FindFirst(type)?.Value is { Length: > 0 } v ? v : null;

    // eduID reports the institution accounts a learner linked there; each becomes a LinkedIdentity keyed by EPPN.
    private async Task LinkAccountsAsync(IdentityProviderOptions provider, Person person, IEnumerable<string> values, DateTime now, CancellationToken ct)
    {
        var names = provider.Claims;
        var linkedProvider = provider.Name + ":linked";
        foreach (var account in LinkedAccountObjects(values))
        {
            if (account.ValueKind != JsonValueKind.Object) continue;
            var eppn = Text(account, names.Eppn);
            if (eppn is null) continue;
            var linked = await db.LinkedIdentities.FirstOrDefaultAsync(i => i.Provider == linkedProvider && i.Subject == eppn, ct)
                ?? db.LinkedIdentities.Local.FirstOrDefault(i => i.Provider == linkedProvider && i.Subject == eppn);
            if (linked is null)
            {
                // The same EPPN linked to someone else by their own institution sign-in: it stays theirs.
                var normalized = eppn.Trim().ToLowerInvariant();
                if (await db.LinkedIdentities.AnyAsync(i => i.PersonId != person.Id && i.Eppn != null && i.Eppn.ToLower() == normalized, ct)) continue;
                linked = new LinkedIdentity { Id = Guid.CreateVersion7(), PersonId = person.Id, Provider = linkedProvider, Subject = eppn, LinkedAt = now };
                db.LinkedIdentities.Add(linked);
                audit.Add(Actor(person), "identity.linked", nameof(LinkedIdentity), linked.Id, null, new { provider = linkedProvider });
            }
            else if (linked.PersonId != person.Id) continue; // an EPPN never moves silently to another person
            linked.Eppn = eppn;
            linked.HomeOrganisation = Text(account, names.HomeOrganisation);
            linked.Affiliations = account.TryGetProperty(names.Affiliation, out var a) && a.ValueKind == JsonValueKind.Array
                ? a.EnumerateArray().Select(v => v.ToString()).ToList() : [];
        }
    }

    private async Task AcceptInvitationsAsync(Person person, string email, ClaimsPrincipal principal, DateTime now, CancellationToken ct)
    {
        var normalized = email.Trim().ToLowerInvariant();
        var invitations = await db.StaffMemberships
            .Where(m => m.PersonId == null && m.RevokedAt == null && m.InvitedEmail != null && m.InvitedEmail.ToLower() == normalized)
            .ToListAsync(ct);
        foreach (var invitation in invitations)
        {
            invitation.PersonId = person.Id;
            invitation.AcceptedAt = now;
            audit.Add(principal, "staff.invitation-accepted", nameof(StaffMembership), invitation.Id, invitation.InstitutionId,
                new { invitation.Role, invitation.Level, invitation.ScopeId, email = normalized });
        }
        if (invitations.Count > 0) access.Forget(); // this request's memberships change with the caller's SaveChanges
    }

    // The claim arrives as one JSON array (userinfo) or as one claim per object (id_token arrays are split up).
    private static IEnumerable<JsonElement> LinkedAccountObjects(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            JsonElement root;
            try
            {
                root = JsonDocument.Parse(value).RootElement.Clone();
            }
            catch (JsonException)
            {
                continue;
            }
            if (root.ValueKind == JsonValueKind.Array)
                foreach (var item in root.EnumerateArray()) yield return item;
            else
                yield return root;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;

    internal static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
