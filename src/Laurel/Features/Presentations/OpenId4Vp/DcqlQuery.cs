using System.Text.Json.Nodes;
using Laurel.Features.Achievements;
using Laurel.Features.Wallets.Formats;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Presentations.OpenId4Vp;

/// <summary>
/// A request's criteria as a DCQL query (OpenID4VP 1.0 §6, VP-8.2): one credential query per format Laurel verifies, joined by a
/// <c>credential_sets</c> option so either answers. What DCQL cannot express (EQF ≥, EC ≥, learning outcome phrases, dates) is
/// asked as a claim to be present and checked by Laurel after verification (<see cref="IPresentationAnswers"/>).
/// </summary>
public static class DcqlQuery
{
    public const string SdJwtQueryId = "badge_sd_jwt";
    public const string LdpQueryId = "badge_ldp";
    /// <summary>Above this many Laurel credential types, the SD-JWT query names none (the claims still select badges).</summary>
    public const int MaxVctValues = 100;

    public static async Task<JsonObject> BuildAsync(PresentationRequest request, LaurelDb db, PublicOrigin origin, CancellationToken ct)
    {
        var criteria = request.Criteria;
        var sdJwt = new JsonObject
        {
            ["id"] = SdJwtQueryId,
            ["format"] = PresentationFormats.SdJwtVc,
            ["multiple"] = request.AllowMultiple,
        };
        var vcts = await VctValuesAsync(criteria, db, origin, ct);
        sdJwt["meta"] = vcts.Count > 0 ? new JsonObject { ["vct_values"] = new JsonArray([.. vcts.Select(v => (JsonNode)v)]) } : [];
        var sdClaims = new JsonArray
        {
            Claim("achievement_name", ["achievement", "name"]),
            Claim("achievement_id", ["achievement", "id"], criteria.AchievementIds.Count > 0 ? criteria.AchievementIds : null),
            Claim("issuer_id", ["issuer", "id"], criteria.IssuerIds.Count > 0 ? criteria.IssuerIds : null),
            Claim("issuer_name", ["issuer", "name"]),
        };
        if (criteria.MicroCredentialOnly) sdClaims.Add(Claim("micro_credential", ["achievement", "micro_credential"], values: [true]));
        if (criteria.MinEqfLevel is { } eqf)
            sdClaims.Add(Claim("eqf_level", ["achievement", "eqf_level"], values: [.. Enumerable.Range(eqf, 9 - Math.Clamp(eqf, 1, 8)).Select(l => (object)l)]));
        if (criteria.MinCreditsEc is not null) sdClaims.Add(Claim("credits_ec", ["achievement", "credits_ec"]));
        if (criteria.IssuerCountry is { } country) sdClaims.Add(Claim("issuer_country", ["issuer", "country"], values: [country]));
        if (criteria.AnyAlignments.Count > 0) sdClaims.Add(Claim("alignments", ["achievement", "alignments"]));
        if (criteria.AnyLearningOutcomes.Count > 0) sdClaims.Add(Claim("learning_outcomes", ["achievement", "learning_outcomes"]));
        if (criteria.IssuedOnOrAfter is not null) sdClaims.Add(Claim("issuance_date", ["issuance_date"]));
        // The learner's facts: asking for them makes the wallet show the learner what will be disclosed.
        foreach (var fact in request.RequiredFacts.Distinct())
            sdClaims.Add(fact switch
            {
                DisclosedFact.RecipientName => Claim("recipient_name", ["recipient_name"]),
                DisclosedFact.Grade => Claim("grade", ["grade"]),
                _ => Claim("evidence", ["evidence"]),
            });
        sdJwt["claims"] = sdClaims;

        var ldp = new JsonObject
        {
            ["id"] = LdpQueryId,
            ["format"] = PresentationFormats.LdpVc,
            ["multiple"] = request.AllowMultiple,
            ["meta"] = new JsonObject { ["type_values"] = new JsonArray(new JsonArray("OpenBadgeCredential"), new JsonArray("AchievementCredential")) },
        };
        var ldpClaims = new JsonArray
        {
            Claim("achievement_name", ["credentialSubject", "achievement", "name"]),
            Claim("achievement_id", ["credentialSubject", "achievement", "id"], criteria.AchievementIds.Count > 0 ? criteria.AchievementIds : null),
        };
        foreach (var fact in request.RequiredFacts.Distinct())
            ldpClaims.Add(fact switch
            {
                DisclosedFact.RecipientName => Claim("recipient_name", ["credentialSubject", "name"]),
                DisclosedFact.Grade => Claim("grade", ["credentialSubject", "result"]),
                _ => Claim("evidence", ["evidence"]),
            });
        ldp["claims"] = ldpClaims;

        return new JsonObject
        {
            ["credentials"] = new JsonArray(sdJwt, ldp),
            ["credential_sets"] = new JsonArray(new JsonObject
            {
                ["options"] = new JsonArray(new JsonArray(SdJwtQueryId), new JsonArray(LdpQueryId)),
                ["required"] = true,
            }),
        };
    }

    private static JsonObject Claim(string id, string[] path, IEnumerable<object>? values = null)
    {
        var claim = new JsonObject { ["id"] = id, ["path"] = new JsonArray([.. path.Select(p => (JsonNode)p)]) };
        if (values is not null) claim["values"] = new JsonArray([.. values.Select(v => JsonValue.Create(v))]);
        return claim;
    }

    /// <summary>
    /// The vct of the Laurel achievements the criteria name (<c>{origin}/catalog/{id}</c>); when they name none, every published Laurel
    /// achievement's vct up to <see cref="MaxVctValues"/> (Laurel reads only its own SD-JWT VC vocabulary, BadgeClaims).
    /// </summary>
    private static async Task<List<string>> VctValuesAsync(BadgeCriteria criteria, LaurelDb db, PublicOrigin origin, CancellationToken ct)
    {
        var catalog = origin.Url("/catalog/");
        var named = criteria.AchievementIds
            .Select(id => id.StartsWith(catalog, StringComparison.Ordinal) && Guid.TryParse(id[catalog.Length..], out var g) ? g : (Guid?)null)
            .OfType<Guid>().ToList();
        if (criteria.AchievementIds.Count > 0 && named.Count == 0) return [];
        var query = db.Achievements.AsNoTracking().Where(a => a.Status == AchievementStatus.Published);
        query = named.Count > 0 ? query.Where(a => named.Contains(a.Id)) : query;
        var rows = await query.OrderByDescending(a => a.PublishedAt).Take(MaxVctValues + 1)
            .Join(db.Institutions, a => a.InstitutionId, i => i.Id, (a, i) => new { a.Id, i.Slug }).ToListAsync(ct);
        if (rows.Count > MaxVctValues) return [];
        return [.. rows.Select(r => TypeMetadata.Vct(origin, r.Slug, r.Id))];
    }
}
