using System.Text.Json.Serialization;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Laurel.Features.Awards;
using Laurel.Features.Backpack.Imports;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Standards.ObApi;

/// <summary>getCredentials answer (OB3-7.2): Data Integrity credentials in <c>credential</c>, VC-JWTs in <c>compactJwsString</c>.</summary>
public sealed record GetOpenBadgeCredentialsResponse([property: JsonPropertyName("credential")] JsonArray? Credential, [property: JsonPropertyName("compactJwsString")] string[]? CompactJwsString);

/// <summary>
/// getCredentials and upsertCredential for the learner who consented. The learner's Laurel awards are returned exactly as
/// signed (the full credential, not the public variant: the learner allowed this client to read their badges), then their
/// OB 3.0 imports exactly as imported; OB 2.0 imports are not OB 3.0 credentials and are left out.
/// </summary>
public static partial class ObCredentialsApi
{
    public const int MaxLimit = 100, MaxUpsertBytes = 1024 * 1024;

    private sealed record Item(bool Award, Guid Id, DateTime IssuedAt);

    public static async Task<IResult> GetAsync(HttpContext context, ObTokens tokens, LaurelDb db, CancellationToken ct)
    {
        var (access, problem) = await ObAccessCheck.RequireAsync(context, tokens, ObScopes.CredentialRead, ct);
        if (access is null) return problem!;
        var query = context.Request.Query;
        var problems = new Dictionary<string, string>();
        int? limit = null;
        var offset = 0;
        DateTime? since = null;
        if (query.TryGetValue("limit", out var l))
        {
            if (l.Count != 1 || !int.TryParse(l[0], NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v < 1) problems["limit"] = "must be a positive integer";
            else limit = Math.Min(v, MaxLimit);
        }
        if (query.TryGetValue("offset", out var o) && (o.Count != 1 || !int.TryParse(o[0], NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
            problems["offset"] = "must be an integer of 0 or more";
        if (query.TryGetValue("since", out var s))
        {
            if (s.Count != 1 || !DateTimeOffset.TryParse(s[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v)) problems["since"] = "must be an ISO 8601 date-time";
            else since = v.UtcDateTime;
        }
        if (problems.Count > 0) return ObResponses.Invalid(problems, "invalid_query_parameter");

        var personId = access.PersonId;
        var awards = db.Awards.AsNoTracking().Where(a => a.RecipientPersonId == personId && (a.State == AwardState.Issued || a.State == AwardState.Suspended));
        var imports = db.ImportedCredentials.AsNoTracking().Where(i => i.PersonId == personId && i.Format != ImportFormat.Ob2Json);
        if (since is { } after)
        {
            awards = awards.Where(a => a.IssuedAt > after);
            imports = imports.Where(i => (i.IssuedAt ?? i.ImportedAt) > after);
        }
        var items = (await awards.Select(a => new Item(true, a.Id, a.IssuedAt)).ToListAsync(ct))
            .Concat(await imports.Select(i => new Item(false, i.Id, i.IssuedAt ?? i.ImportedAt)).ToListAsync(ct))
            .OrderBy(i => i.IssuedAt).ThenBy(i => i.Id).ToList();
        var total = items.Count;
        var size = limit ?? MaxLimit;
        var page = items.Skip(offset).Take(size).ToList();

        var awardIds = page.Where(i => i.Award).Select(i => i.Id).ToList();
        var importIds = page.Where(i => !i.Award).Select(i => i.Id).ToList();
        var awardTexts = await db.Awards.AsNoTracking().Where(a => awardIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.CredentialJson, ct);
        var importTexts = await db.ImportedCredentials.AsNoTracking().Where(i => importIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.CredentialText, ct);

        context.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        if (offset > 0 || offset + page.Count < total) context.Response.Headers.Link = LinkHeader(context, size, offset, total, since);

        // The credentials are written byte for byte as stored: re-serialising could change what a proof covers.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("credential");
            var jws = new List<string>();
            foreach (var item in page)
            {
                var text = (item.Award ? awardTexts.GetValueOrDefault(item.Id) : importTexts.GetValueOrDefault(item.Id))?.Trim();
                if (text is null) continue;
                if (text.StartsWith('{')) writer.WriteRawValue(text);
                else jws.Add(text);
            }
            writer.WriteEndArray();
            writer.WriteStartArray("compactJwsString");
            foreach (var j in jws) writer.WriteStringValue(j);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Results.Bytes(buffer.WrittenMemory.ToArray(), "application/json");
    }

    private static string LinkHeader(HttpContext context, int limit, int offset, int total, DateTime? since)
    {
        var url = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{context.Request.Path}";
        string Page(int at, string rel) =>
            $"<{url}?limit={limit}&offset={at}{(since is { } s ? "&since=" + Uri.EscapeDataString(s.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)) : "")}>; rel=\"{rel}\"";
        var last = total == 0 ? 0 : (total - 1) / limit * limit;
        var links = new List<string> { Page(0, "first"), Page(last, "last") };
        if (offset + limit < total) links.Add(Page(offset + limit, "next"));
        if (offset > 0) links.Add(Page(Math.Max(0, Math.Min(offset - limit, last)), "prev"));
        return string.Join(", ", links);
    }

    /// <summary>
    /// upsertCredential (OB3-7.2, OB3-6.1): a JSON credential (<c>application/json</c>, <c>application/vc+ld+json</c>) or a compact
    /// JWS (<c>text/plain</c>) goes through the backpack import, verified like any import. Identity is the credential's <c>id</c>
    /// with its proven issuer (<see cref="ImportIdentity"/>): a new version of a credential the learner already imported (from this
    /// client or any other way) replaces that import in place, 200; an identical copy changes nothing, 200; a new credential 201;
    /// Laurel's own award of this learner comes back as the award, 200. A credential without <c>id</c> is identified by its bytes
    /// only, so a changed one is a new import. A version that fails verification is refused (400) and the stored one stays as it
    /// was. The body echoes the credential Laurel now holds.
    /// </summary>
    public static async Task<IResult> UpsertAsync(HttpContext context, ObTokens tokens, LaurelDb db, ImportService imports, CancellationToken ct)
    {
        var (access, problem) = await ObAccessCheck.RequireAsync(context, tokens, ObScopes.CredentialUpsert, ct);
        if (access is null) return problem!;
        var type = (context.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var isJson = type is "application/json" or "application/vc+ld+json";
        if (!isJson && type != "text/plain")
            return ObResponses.Invalid(new() { ["Content-Type"] = "must be application/json, application/vc+ld+json (a credential) or text/plain (a compact JWS)" });
        var (bytes, readProblem) = await ObBodies.ReadAsync(context.Request, MaxUpsertBytes, ct);
        if (bytes is null) return ObResponses.Invalid(new() { ["body"] = readProblem! });
        string text;
        string? credentialId;
        if (isJson)
        {
            var (json, jsonProblem) = ObBodies.ParseObject(bytes);
            if (json is null) return ObResponses.Invalid(new() { ["body"] = jsonProblem! });
            text = Encoding.UTF8.GetString(bytes);
            credentialId = ImportIdentity.CredentialIdOf(text);
        }
        else
        {
            text = Encoding.UTF8.GetString(bytes).Trim();
            if (!CompactJws().IsMatch(text)) return ObResponses.Invalid(new() { ["body"] = "must be a compact JWS (header.payload.signature)" });
            credentialId = ImportIdentity.CredentialIdOf(text);
        }

        // Laurel's own award of this learner: answered with the award as signed, never stored twice.
        if (credentialId is { } cid && cid.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(cid[9..], out var awardId))
        {
            var own = await db.Awards.AsNoTracking().Where(a => a.Id == awardId && a.RecipientPersonId == access.PersonId).Select(a => a.CredentialJson).FirstOrDefaultAsync(ct);
            if (own is not null) return Results.Text(own, "application/json", Encoding.UTF8, StatusCodes.Status200OK);
        }

        var outcome = await imports.UpsertFileAsync(access.PersonId, Encoding.UTF8.GetBytes(text), isJson ? "credential.json" : "credential.jwt", ct);
        if (outcome.Problems.Count > 0)
            return ObResponses.Invalid(new() { ["credential"] = string.Join(" ", outcome.Problems.Select(p => p.Message)) });
        var stored = (outcome.Imported ?? outcome.Duplicate)!;
        var status = outcome.Imported is not null && !outcome.Replaced ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        return Results.Text(stored.CredentialText, stored.CredentialText.TrimStart().StartsWith('{') ? "application/json" : "text/plain", Encoding.UTF8, status);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")]
    private static partial Regex CompactJws();
}
