using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Standards.ObApi;

/// <summary>The learner's OB 3.0 Profile as the API shows it.</summary>
public sealed record ObProfile([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("type")] string[] Type, [property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("givenName")] string? GivenName, [property: JsonPropertyName("familyName")] string? FamilyName, [property: JsonPropertyName("email")] string? Email);

/// <summary>
/// getProfile and putProfile for the learner who consented. The profile id is <c>urn:uuid:</c> and the learner's Laurel id (stable,
/// says nothing about them). PUT may change only <c>name</c>, which becomes the learner's self-asserted name (the account page's
/// field); the validated name from eduID is untouched. Every other field must be sent unchanged or left out: a changed one answers
/// 400 naming it, as does any field the Profile does not carry here.
/// </summary>
public static class ObProfileApi
{
    public const int MaxBodyBytes = 64 * 1024;
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private static readonly string[] ReadOnly = ["id", "givenName", "familyName", "email"];

    public static async Task<IResult> GetAsync(HttpContext context, ObTokens tokens, LaurelDb db, CancellationToken ct)
    {
        var (access, problem) = await ObAccessCheck.RequireAsync(context, tokens, ObScopes.ProfileRead, ct);
        if (access is null) return problem!;
        var person = await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == access.PersonId, ct);
        return person is null ? ObResponses.Imsx(404, "not_found", "The profile no longer exists.") : Results.Json(ToProfile(person), Json);
    }

    public static async Task<IResult> PutAsync(HttpContext context, ObTokens tokens, LaurelDb db, AuditLog audit, CancellationToken ct)
    {
        var (access, problem) = await ObAccessCheck.RequireAsync(context, tokens, ObScopes.ProfileUpdate, ct);
        if (access is null) return problem!;
        var (body, readProblem) = await ObBodies.ReadJsonObjectAsync(context.Request, MaxBodyBytes, ct);
        if (body is null) return ObResponses.Invalid(new() { ["body"] = readProblem! });
        var person = await db.Persons.FirstOrDefaultAsync(p => p.Id == access.PersonId, ct);
        if (person is null) return ObResponses.Imsx(404, "not_found", "The profile no longer exists.");
        var current = JsonSerializer.SerializeToNode(ToProfile(person), Json)!.AsObject();
        var problems = new Dictionary<string, string>();
        foreach (var (key, value) in body)
        {
            if (key is "@context" or "name" or "type") continue;
            if (!ReadOnly.Contains(key)) problems[key] = "is not part of a Laurel profile; only name can be changed";
            else if (!JsonNode.DeepEquals(value, current[key])) problems[key] = "cannot be changed here; only name can be changed";
        }
        if (body["type"] is { } type && !(type is JsonArray a && a.Any(t => t?.GetValueKind() == JsonValueKind.String && t.GetValue<string>() == "Profile")
            || type.GetValueKind() == JsonValueKind.String && type.GetValue<string>() == "Profile"))
            problems["type"] = "must be Profile";
        string? name = null;
        if (body["name"] is not { } nameNode) problems["name"] = "is required (the whole Profile is sent)";
        else if (nameNode.GetValueKind() != JsonValueKind.String || (name = nameNode.GetValue<string>().Trim()).Length == 0) problems["name"] = "must be a non-empty string";
        else if (name.Length > Person.MaxNameLength) problems["name"] = $"must be at most {Person.MaxNameLength} characters";
        if (problems.Count > 0) return ObResponses.Invalid(problems);

        if (name != person.DisplayName)
        {
            // As the account page does: a demo or older account keeps its validated name before the self-asserted one takes over.
            if (person.ValidatedName is null && person.NameVerified) person.ValidatedName = person.DisplayName;
            person.SelfAssertedName = name;
            person.ApplyNames();
            audit.Add(null, "person.name-changed", nameof(Person), person.Id, null, new { access.ClientId }, client: "ob-api");
            await db.SaveChangesAsync(ct);
        }
        return Results.Json(ToProfile(person), Json);
    }

    private static ObProfile ToProfile(Person person) =>
        new("urn:uuid:" + person.Id, ["Profile"], person.DisplayName, person.GivenName, person.FamilyName, person.Email);
}
