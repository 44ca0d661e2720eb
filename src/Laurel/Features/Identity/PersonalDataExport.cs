using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity;

/// <summary>
/// "Download my data" on the account page: one JSON file with the signed-in person's account (names, addresses, linked accounts,
/// staff roles), the badges Laurel issued to them and the ones they imported (by name; the credentials themselves are in the
/// backpack's downloads), and every feature's <see cref="IPersonalDataSection"/> (e.g. the OB 3.0 apps they allowed and the
/// OB hosts they connected). Only ever the caller's own data; secrets are never included.
/// </summary>
public static class PersonalDataExport
{
    public const string Path = "/account/personal-data";

    public static IEndpointRouteBuilder MapPersonalDataExport(this IEndpointRouteBuilder endpoints)
    {
        // A browser download behind the session cookie, like the other /account/ endpoints (not an API: no OpenAPI entry).
        endpoints.MapGet(Path, ExportAsync).RequireAuthorization().ExcludeFromDescription();
        return endpoints;
    }

    public static async Task<IResult> ExportAsync(HttpContext context, LaurelDb db, IEnumerable<IPersonalDataSection> sections, TimeProvider time, CancellationToken ct)
    {
        if (StaffAccess.PersonId(context.User) is not { } personId) return Results.Unauthorized();
        var person = await db.Persons.AsNoTracking().Include(p => p.Identities).Include(p => p.Memberships).FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null) return Results.Unauthorized();
        var awards = await db.Awards.AsNoTracking().Where(a => a.RecipientPersonId == personId)
            .Select(a => new { a.Id, Achievement = a.Achievement!.Name, a.IssuedAt, a.State, a.IsPublic }).ToListAsync(ct);
        var imports = await db.ImportedCredentials.AsNoTracking().Where(i => i.PersonId == personId)
            .Select(i => new { i.Id, i.IssuerName, i.AchievementName, i.Format, i.Status, i.ImportedAt }).ToListAsync(ct);
        var export = new JsonObject
        {
            ["exportedAt"] = time.GetUtcNow().UtcDateTime,
            ["account"] = new JsonObject
            {
                ["id"] = person.Id, ["displayName"] = person.DisplayName, ["validatedName"] = person.ValidatedName,
                ["selfAssertedName"] = person.SelfAssertedName, ["givenName"] = person.GivenName, ["familyName"] = person.FamilyName,
                ["email"] = person.Email, ["emailVerification"] = person.EmailVerification.ToString(), ["language"] = person.Language,
                ["createdAt"] = person.CreatedAt, ["lastSignInAt"] = person.LastSignInAt,
            },
            ["linkedAccounts"] = new JsonArray([.. person.Identities.Select(i => (JsonNode)new JsonObject
            {
                ["provider"] = i.Provider, ["subject"] = i.Subject, ["eppn"] = i.Eppn, ["homeOrganisation"] = i.HomeOrganisation,
                ["email"] = i.Email, ["emailVerification"] = i.EmailVerification.ToString(), ["affiliations"] = new JsonArray([.. i.Affiliations.Select(a => (JsonNode)a)]),
                ["linkedAt"] = i.LinkedAt,
            })]),
            ["staffRoles"] = new JsonArray([.. person.Memberships.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role.ToString(), ["id"] = m.Id })]),
            ["badgesReceived"] = JsonSerializer.SerializeToNode(awards.Select(a => new { a.Id, a.Achievement, a.IssuedAt, State = a.State.ToString(), a.IsPublic })),
            ["badgesImported"] = JsonSerializer.SerializeToNode(imports.Select(i => new { i.Id, i.IssuerName, i.AchievementName, Format = i.Format.ToString(), Status = i.Status.ToString(), i.ImportedAt })),
        };
        foreach (var section in sections.OrderBy(s => s.Name, StringComparer.Ordinal))
            export[section.Name] = await section.ExportAsync(personId, ct);
        context.Response.Headers.CacheControl = "no-store";
        return Results.File(JsonSerializer.SerializeToUtf8Bytes(export, new JsonSerializerOptions { WriteIndented = true }), "application/json",
            "laurel-personal-data.json");
    }
}
