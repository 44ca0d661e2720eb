using System.Text.Json.Nodes;
using Laurel.Features.Achievements;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Laurel.Features.Wallets.Issuance;

/// <summary>What the issuer endpoints need to know of an institution.</summary>
public sealed record IssuerInstitution(Guid Id, string Slug, string NameNl, string NameEn, bool HasLogo);

/// <summary>
/// Credential Issuer Metadata (VCI-2.1..2.3) of one institution: one configuration per published achievement and format
/// (<see cref="WalletConfigurationId"/>), so every badge has its own name, image and colours in a wallet. Built from one
/// query over the institution's achievements (no images loaded) and cached per node, checked against a cheap stamp
/// (count and latest change of the published achievements) on every read, so wallets' repeated reads of an institution
/// with hundreds of badges cost three small queries, and a change shows at once.
/// </summary>
public sealed class IssuerMetadata(LaurelDb db, PublicOrigin origin, IMemoryCache cache, CardHues hues)
{
    public const int BatchSize = 10;
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);
    public const string W3cContext = "https://www.w3.org/ns/credentials/v2";
    public const string Ob3Context = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
    public static readonly string[] Ob3Types = ["VerifiableCredential", "OpenBadgeCredential"];

    /// <summary>The Credential Issuer identifier of an institution (VCI-P1: one per institution).</summary>
    public string IssuerId(string slug) => origin.Url(WalletRoutes.IssuerPath(slug));

    /// <summary>The institution behind a slug (archived ones issue nothing), or null.</summary>
    public Task<IssuerInstitution?> InstitutionAsync(string slug, CancellationToken ct) =>
        db.Institutions.AsNoTracking().Where(i => i.Slug == slug && i.ArchivedAt == null)
            .Select(i => new IssuerInstitution(i.Id, i.Slug, i.NameNl, i.NameEn, i.Logo != null)).SingleOrDefaultAsync(ct);

    /// <summary>The metadata JSON of the institution, or null for an unknown slug.</summary>
    public async Task<string?> JsonAsync(string slug, CancellationToken ct)
    {
        var institution = await InstitutionAsync(slug, ct);
        if (institution is null) return null;
        // Badges stored without going through publishing (older data, demo seeds) get their card hue before the stamp is taken.
        await hues.EnsureAsync(institution.Id, ct);
        var published = db.Achievements.AsNoTracking()
            .Where(a => a.InstitutionId == institution.Id && a.Status == AchievementStatus.Published && a.ArchivedAt == null);
        // Two indexed aggregates tell whether the cached document is still right (a badge published, edited or archived
        // changes the count or the latest UpdatedAt), so a change shows at once while the build itself is done rarely.
        var stamp = $"{institution}|{await published.CountAsync(ct)}|{await published.MaxAsync(a => (DateTime?)a.UpdatedAt, ct):O}";
        if (cache.TryGetValue(CacheKey(slug), out (string Stamp, string Json) cached) && cached.Stamp == stamp) return cached.Json;
        var achievements = await published
            .OrderBy(a => a.Name).ThenBy(a => a.Id)
            .Select(a => new Achievement { Id = a.Id, LineageId = a.LineageId, CardHue = a.CardHue, Kind = a.Kind, Name = a.Name, Description = a.Description, Language = a.Language, Translations = a.Translations })
            .ToListAsync(ct);
        var json = Build(institution, achievements).ToJsonString();
        cache.Set(CacheKey(slug), (stamp, json), CacheFor);
        return json;
    }

    private static string CacheKey(string slug) => "wallet-issuer-metadata:" + slug;

    private JsonObject Build(IssuerInstitution institution, IEnumerable<Achievement> achievements)
    {
        var slug = institution.Slug;
        var configurations = new JsonObject();
        foreach (var achievement in achievements)
            foreach (var format in Enum.GetValues<WalletCredentialFormat>())
                configurations[WalletConfigurationId.For(achievement.Id, format)] = Configuration(slug, achievement, format);
        return new JsonObject
        {
            ["credential_issuer"] = IssuerId(slug),
            // One authorization server for the whole node (WalletRoutes): its issuer is the public origin.
            ["authorization_servers"] = new JsonArray(origin.Root),
            ["credential_endpoint"] = origin.Url(WalletRoutes.CredentialPath(slug)),
            ["nonce_endpoint"] = origin.Url(WalletRoutes.NoncePath(slug)),
            ["notification_endpoint"] = origin.Url(WalletRoutes.NotificationPath(slug)),
            ["batch_credential_issuance"] = new JsonObject { ["batch_size"] = BatchSize },
            ["display"] = new JsonArray(IssuerDisplay(institution, "nl"), IssuerDisplay(institution, "en")),
            ["credential_configurations_supported"] = configurations,
        };
    }

    private JsonObject IssuerDisplay(IssuerInstitution institution, string locale)
    {
        var name = locale == "en" ? institution.NameEn : institution.NameNl;
        var display = new JsonObject { ["name"] = name, ["locale"] = locale };
        if (institution.HasLogo) display["logo"] = new JsonObject { ["uri"] = origin.Url($"/institutions/{institution.Slug}/logo"), ["alt_text"] = name };
        return display;
    }

    /// <summary>One credential configuration (VCI-2.3) of one achievement in one format.</summary>
    private JsonObject Configuration(string slug, Achievement achievement, WalletCredentialFormat format)
    {
        var id = WalletConfigurationId.For(achievement.Id, format);
        var configuration = new JsonObject
        {
            ["format"] = WalletConfigurationId.FormatName(format),
            // The configuration id is its own scope, so the authorization code flow asks for exactly one badge and form.
            ["scope"] = id,
        };
        switch (format)
        {
            case WalletCredentialFormat.SdJwtVc:
                configuration["vct"] = VctUrl(slug, achievement.Id);
                configuration["cryptographic_binding_methods_supported"] = new JsonArray("jwk");
                configuration["credential_signing_alg_values_supported"] = new JsonArray("ES256");
                break;
            case WalletCredentialFormat.LdpVc:
                configuration["credential_definition"] = new JsonObject
                {
                    ["@context"] = new JsonArray(W3cContext, Ob3Context),
                    ["type"] = new JsonArray([.. Ob3Types.Select(t => (JsonNode)t)]),
                };
                configuration["cryptographic_binding_methods_supported"] = new JsonArray("did:key", "did:jwk");
                configuration["credential_signing_alg_values_supported"] = new JsonArray("eddsa-rdfc-2022");
                break;
            default:
                // jwt_vc_json: credential_definition.type only (VCI-2.3); the VC-JWT is the OB 3.0 credential, so the
                // @context is listed too, as the OB 3.0 VC-JWT profile and JSON-LD-aware wallets read it.
                configuration["credential_definition"] = new JsonObject
                {
                    ["@context"] = new JsonArray(W3cContext, Ob3Context),
                    ["type"] = new JsonArray([.. Ob3Types.Select(t => (JsonNode)t)]),
                };
                configuration["cryptographic_binding_methods_supported"] = new JsonArray("did:key", "did:jwk");
                configuration["credential_signing_alg_values_supported"] = new JsonArray("EdDSA");
                break;
        }
        configuration["proof_types_supported"] = new JsonObject
        {
            ["jwt"] = new JsonObject { ["proof_signing_alg_values_supported"] = new JsonArray([.. ProofOfPossession.Algorithms.Select(a => (JsonNode)a)]) },
        };
        configuration["credential_metadata"] = new JsonObject { ["display"] = Formats.WalletDisplay.For(achievement, origin) };
        return configuration;
    }

    /// <summary>The SD-JWT VC type (<c>vct</c>) of an achievement; its type metadata is served there (formats part).</summary>
    public string VctUrl(string slug, Guid achievementId) => Formats.TypeMetadata.Vct(origin, slug, achievementId);
}
