using System.Security.Claims;
using System.Text.Json;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity;

/// <summary>Turns a provider's claims into Laurel's Person and LinkedIdentity records, and accepts staff invitations.</summary>
public sealed class ExternalAccounts(LaurelDb db, TimeProvider clock, AuditLog audit)
{
    public async Task<Person> SignedInAsync(IdentityProviderOptions provider, ClaimsPrincipal principal, CancellationToken ct)
    {
        var names = provider.Claims;
        string? Value(string? type) => type is null ? null : principal.FindFirst(type)?.Value is { Length: > 0 } v ? v : null;
        var subject = Value(names.Subject) ?? throw new InvalidOperationException($"Provider {provider.Name} sent no subject.");
        var now = clock.GetUtcNow().UtcDateTime;

        var identity = await db.LinkedIdentities.Include(i => i.Person)
            .FirstOrDefaultAsync(i => i.Provider == provider.Name && i.Subject == subject, ct);
        var person = identity?.Person;
        if (person is null)
        {
            person = new Person { Id = Guid.CreateVersion7(), DisplayName = subject, CreatedAt = now };
            db.Persons.Add(person);
            identity = new LinkedIdentity { Id = Guid.CreateVersion7(), PersonId = person.Id, Provider = provider.Name, Subject = subject, LinkedAt = now };
            db.LinkedIdentities.Add(identity);
        }

        var given = Value(names.GivenName);
        var family = Value(names.FamilyName);
        var fullName = Value(names.Name) ?? string.Join(' ', new[] { given, family }.Where(n => n is not null));
        if (fullName.Length > 0) person.DisplayName = Truncate(fullName, 200);
        person.GivenName = given ?? person.GivenName;
        person.FamilyName = family ?? person.FamilyName;
        var email = Value(names.Email);
        if (email is not null) person.Email = Truncate(email, 320);
        person.NameVerified = Value(names.NameVerified) is { } verified && !verified.Equals("false", StringComparison.OrdinalIgnoreCase);

        identity!.Email = email;
        identity.Eppn = Value(names.Eppn);
        identity.HomeOrganisation = Value(names.HomeOrganisation);
        identity.Affiliations = principal.FindAll(names.Affiliation).Select(c => c.Value).Distinct().ToList();
        await LinkAccountsAsync(provider, person, principal.FindAll(names.LinkedAccounts).Select(c => c.Value), now, ct);

        var emailVerified = provider.EmailsAreVerified || string.Equals(Value(names.EmailVerified), "true", StringComparison.OrdinalIgnoreCase);
        if (email is not null && emailVerified) await AcceptInvitationsAsync(person, email, principal, now, ct);
        await db.SaveChangesAsync(ct);
        return person;
    }

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
                linked = new LinkedIdentity { Id = Guid.CreateVersion7(), PersonId = person.Id, Provider = linkedProvider, Subject = eppn, LinkedAt = now };
                db.LinkedIdentities.Add(linked);
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

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
