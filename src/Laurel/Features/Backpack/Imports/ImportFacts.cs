using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Infrastructure.Net;

namespace Laurel.Features.Backpack.Imports;

/// <summary>What the backpack and pathways need to know about an imported credential, read from the verified credential.</summary>
public sealed record CredentialFacts(
    string? IssuerId, string IssuerName, string? AchievementId, string AchievementName, string? AchievementDescription,
    string? AchievementType, string? ImageUrl, List<string> AlignmentTargets, decimal? Credits, int? EqfLevel,
    DateTime? IssuedAt, DateTime? ValidUntil);

/// <summary>
/// Reads issuer, achievement, alignments, study load (EC) and EQF level from an OB 3.0 credential the way Laurel writes
/// them (CredentialBuilder / MicroCredentialVocabulary: creditsAvailable, an <c>ext:EQF</c> alignment to
/// <c>http://data.europa.eu/snb/eqf/N</c>) and the way Edubadges did (ECTS, EQF extensions on OB 2.0 badge classes). An
/// OB 2.0 assertion usually links its badge class and issuer by URL; they are fetched through the SSRF guard.
/// </summary>
public sealed class ImportFacts(SafeFetcher fetcher)
{
    private const int MaxImageUrlLength = 2048;
    private const int MaxDataImageLength = 350_000;

    public async Task<CredentialFacts> ReadAsync(VerificationReport report, CancellationToken ct)
    {
        var credential = report.Credential ?? [];
        if (report.Format == CredentialFormat.Ob2Assertion)
        {
            var badge = await ResolveAsync(credential["badge"], ct) ?? [];
            var issuer = await ResolveAsync(badge["issuer"], ct) ?? [];
            return Facts(issuer, badge, badge["alignment"], credential["issuedOn"], credential["expires"],
                Number(Extension(badge, "ECTS")), Level(badge["alignment"]) ?? Int(Extension(badge, "EQF")), "BadgeClass",
                Text(badge["issuer"]) ?? Text(issuer["id"]));
        }
        var subject = credential["credentialSubject"] as JsonObject ?? [];
        var achievement = subject["achievement"] as JsonObject ?? [];
        var credits = Number(achievement["creditsAvailable"]) ?? Number(achievement["ECTS"]) ?? Number(subject["creditsEarned"]);
        var level = Level(achievement["alignment"]) ?? Int(achievement["eqfLevel"]) ?? Int(achievement["EQF"]);
        var issuerNode = credential["issuer"];
        var facts = Facts(issuerNode as JsonObject ?? [], achievement, achievement["alignment"],
            credential["validFrom"] ?? credential["issuanceDate"] ?? credential["awardedDate"], credential["validUntil"] ?? credential["expirationDate"],
            credits, level, Text(achievement["achievementType"]), Text(issuerNode) ?? Text((issuerNode as JsonObject)?["id"]));
        // An achievement without a name is unusual; the credential's own name is the next best label.
        return facts.AchievementName == "?" && Clip(Text(credential["name"]), 500) is { } name ? facts with { AchievementName = name } : facts;
    }

    private static CredentialFacts Facts(JsonObject issuer, JsonObject achievement, JsonNode? alignment, JsonNode? issued, JsonNode? until,
        decimal? credits, int? level, string? type, string? issuerId) => new(
        Clip(issuerId, 2048), Clip(Localized(issuer["name"]), 500) ?? "?", Clip(Text(achievement["id"]), 2048),
        Clip(Localized(achievement["name"]), 500) ?? "?", Clip(Localized(achievement["description"]), 4000), Clip(type, 100),
        Image(achievement["image"]), Targets(alignment), credits is >= 0 and < 10000 ? credits : null, level is >= 1 and <= 8 ? level : null,
        Date(issued), Date(until));

    /// <summary>The embedded object, or the document at the URL (SSRF-guarded); null when it cannot be had.</summary>
    private async Task<JsonObject?> ResolveAsync(JsonNode? node, CancellationToken ct)
    {
        if (node is JsonObject o) return o;
        if (Text(node) is not { } text || !Uri.TryCreate(text, UriKind.Absolute, out var url)) return null;
        try
        {
            return JsonNode.Parse(await fetcher.FetchStringAsync(url, ct), documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) as JsonObject;
        }
        catch (Exception e) when (e is FetchRefusedException or JsonException)
        {
            return null;
        }
    }

    /// <summary>An Edubadges OB 2.0 extension value, e.g. <c>extensions:ECTSExtension.ECTS</c>.</summary>
    private static JsonNode? Extension(JsonObject badge, string name) =>
        (badge[$"extensions:{name}Extension"] as JsonObject)?[name] ?? badge[name];

    /// <summary>The EQF level of an <c>ext:EQF</c> alignment or one pointing at the EU's EQF vocabulary.</summary>
    private static int? Level(JsonNode? alignments)
    {
        foreach (var a in List(alignments).OfType<JsonObject>())
        {
            var url = Text(a["targetUrl"]) ?? "";
            var marker = url.IndexOf("/snb/eqf/", StringComparison.OrdinalIgnoreCase);
            if (marker >= 0 && int.TryParse(url.AsSpan(marker + "/snb/eqf/".Length).TrimEnd('/'), CultureInfo.InvariantCulture, out var fromUrl)) return fromUrl;
            if (Text(a["targetType"]) is "ext:EQF" or "EQF" && Int(a["targetCode"]) is { } code) return code;
        }
        return null;
    }

    private static List<string> Targets(JsonNode? alignments) =>
        [.. List(alignments).OfType<JsonObject>().Select(a => Text(a["targetUrl"]))
            .Where(u => u is { Length: > 0 and <= 2048 } && Uri.TryCreate(u, UriKind.Absolute, out _)).Select(u => u!).Distinct().Take(50)];

    /// <summary>An image URL or data: URI of a raster type (SVG data URIs are left out: they are shown nowhere unsanitised).</summary>
    private static string? Image(JsonNode? node)
    {
        var value = Text(node) ?? Text((node as JsonObject)?["id"]);
        if (value is null) return null;
        if (value.StartsWith("data:image/png;", StringComparison.Ordinal) || value.StartsWith("data:image/jpeg;", StringComparison.Ordinal)
            || value.StartsWith("data:image/gif;", StringComparison.Ordinal) || value.StartsWith("data:image/webp;", StringComparison.Ordinal))
            return value.Length <= MaxDataImageLength ? value : null;
        return value.Length <= MaxImageUrlLength && Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "https" or "http" ? value : null;
    }

    private static IEnumerable<JsonNode?> List(JsonNode? node) => node switch { JsonArray a => a, null => [], _ => [node] };

    /// <summary>A plain string, or the first value of an OB 3.0 language map.</summary>
    private static string? Localized(JsonNode? node) => Text(node) ?? (node as JsonObject)?.Select(kv => Text(kv.Value)).FirstOrDefault(v => v is not null);

    private static decimal? Number(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue<decimal>(out var d) ? d : decimal.TryParse(Text(v), NumberStyles.Number, CultureInfo.InvariantCulture, out var p) ? p : null
        : null;

    private static int? Int(JsonNode? node) => Number(node) is { } d && d == Math.Floor(d) && d is >= 0 and <= 100 ? (int)d : null;

    private static DateTime? Date(JsonNode? node) =>
        Text(node) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d.UtcDateTime : null;

    private static string? Clip(string? text, int max) => text is null ? null : text.Length <= max ? text : text[..max];

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
