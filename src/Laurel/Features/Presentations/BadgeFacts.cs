using System.Globalization;
using System.Text.Json.Nodes;

namespace Laurel.Features.Presentations;

/// <summary>One alignment of an achievement (an ESCO skill, a framework level, a learning outcome code).</summary>
public sealed record AlignmentFact(string? Url, string? Code, string? Name, string? Type);

/// <summary>
/// What a request or a recognition rule can ask about a badge, read from a verified credential: the achievement (type, level,
/// study load, outcomes, alignments), its issuer and when it was issued. Nothing about the learner is here.
/// </summary>
public sealed record BadgeFacts
{
    public string? CredentialId { get; init; }
    public string? AchievementId { get; init; }
    public required string AchievementName { get; init; }
    public string? AchievementType { get; init; }
    public bool MicroCredential { get; init; }
    public int? EqfLevel { get; init; }
    public int? NlqfLevel { get; init; }
    public double? CreditsEc { get; init; }
    /// <summary>The learning outcomes as text (OB 3.0: the criteria narrative, where Laurel writes them under a heading).</summary>
    public string? LearningOutcomes { get; init; }
    public IReadOnlyList<AlignmentFact> Alignments { get; init; } = [];
    public string? IssuerId { get; init; }
    public required string IssuerName { get; init; }
    /// <summary>ISO 3166-1 alpha-2 code of the issuer's country when the credential states it (OB 3.0 issuer address).</summary>
    public string? IssuerCountry { get; init; }
    public DateTimeOffset? IssuedAt { get; init; }

    private const int MaxText = 20_000;
    private const int MaxAlignments = 100;

    /// <summary>The facts of an OB 3.0 credential (JSON-LD form, as Laurel and other OB 3.0 issuers write it).</summary>
    public static BadgeFacts FromOpenBadge(JsonObject credential)
    {
        var subject = credential["credentialSubject"] as JsonObject ?? (credential["credentialSubject"] as JsonArray)?.FirstOrDefault() as JsonObject ?? [];
        var achievement = subject["achievement"] as JsonObject ?? [];
        var issuer = credential["issuer"] as JsonObject;
        var alignments = List(achievement["alignment"]).OfType<JsonObject>().Take(MaxAlignments)
            .Select(a => new AlignmentFact(Text(a["targetUrl"]), Text(a["targetCode"]), Localized(a["targetName"]), Text(a["targetType"]))).ToList();
        var type = Text(achievement["achievementType"]);
        return new BadgeFacts
        {
            CredentialId = Text(credential["id"]),
            AchievementId = Text(achievement["id"]),
            AchievementName = Clip(Localized(achievement["name"]) ?? Localized(credential["name"])) ?? "?",
            AchievementType = type,
            MicroCredential = type is "MicroCredential" or "ext:MicroCredential",
            EqfLevel = Level(alignments, "ext:EQF", "/snb/eqf/"),
            NlqfLevel = Level(alignments, "ext:NLQF", null),
            CreditsEc = Number(achievement["creditsAvailable"]) ?? Number(achievement["ECTS"]) ?? Number(subject["creditsEarned"]),
            LearningOutcomes = Clip(Localized((achievement["criteria"] as JsonObject)?["narrative"])),
            Alignments = alignments,
            IssuerId = Text(credential["issuer"]) ?? Text(issuer?["id"]),
            IssuerName = Clip(Localized(issuer?["name"])) ?? Text(credential["issuer"]) ?? "?",
            IssuerCountry = Text((issuer?["address"] as JsonObject)?["addressCountryCode"])?.ToUpperInvariant(),
            IssuedAt = Date(credential["validFrom"] ?? credential["issuanceDate"] ?? credential["awardedDate"]),
        };
    }

    /// <summary>The facts of Laurel's SD-JWT VC claims (Wallets/Formats/BadgeClaims; disclosed claims already resolved).</summary>
    public static BadgeFacts FromSdJwtVc(JsonObject claims)
    {
        var achievement = claims["achievement"] as JsonObject ?? [];
        var issuer = claims["issuer"] as JsonObject;
        var alignments = List(achievement["alignments"]).OfType<JsonObject>().Take(MaxAlignments)
            .Select(a => new AlignmentFact(Text(a["target_url"]), Text(a["target_code"]), Text(a["target_name"]), Text(a["target_type"]))).ToList();
        var outcomes = Text(achievement["learning_outcomes"]);
        return new BadgeFacts
        {
            CredentialId = Text(claims["credential_id"]),
            AchievementId = Text(achievement["id"]),
            AchievementName = Clip(Text(achievement["name"])) ?? "?",
            AchievementType = Text(achievement["type"]),
            MicroCredential = achievement["micro_credential"] is JsonValue v && v.TryGetValue<bool>(out var micro) && micro,
            EqfLevel = Int(achievement["eqf_level"]),
            NlqfLevel = Int(achievement["nlqf_level"]),
            CreditsEc = Number(achievement["credits_ec"]),
            LearningOutcomes = Clip(outcomes is null ? Text(achievement["criteria"]) : outcomes),
            Alignments = alignments,
            IssuerId = Text(issuer?["id"]) ?? Text(claims["iss"]),
            IssuerName = Clip(Text(issuer?["name"])) ?? Text(claims["iss"]) ?? "?",
            IssuerCountry = Text(issuer?["country"])?.ToUpperInvariant(),
            IssuedAt = Date(claims["issuance_date"]) ?? (Number(claims["iat"]) is { } iat ? DateTimeOffset.FromUnixTimeSeconds((long)iat) : null),
        };
    }

    private static int? Level(List<AlignmentFact> alignments, string type, string? urlMarker)
    {
        foreach (var a in alignments)
        {
            if (urlMarker is not null && a.Url is { } url && url.IndexOf(urlMarker, StringComparison.OrdinalIgnoreCase) is var i and >= 0
                && int.TryParse(url.AsSpan(i + urlMarker.Length).TrimEnd('/'), CultureInfo.InvariantCulture, out var fromUrl) && fromUrl is >= 1 and <= 8)
                return fromUrl;
            if (string.Equals(a.Type, type, StringComparison.OrdinalIgnoreCase) && int.TryParse(a.Code, CultureInfo.InvariantCulture, out var code) && code is >= 1 and <= 8)
                return code;
        }
        return null;
    }

    private static IEnumerable<JsonNode?> List(JsonNode? node) => node switch { JsonArray a => a, null => [], _ => [node] };

    private static string? Localized(JsonNode? node) => Text(node) ?? (node as JsonObject)?.Select(kv => Text(kv.Value)).FirstOrDefault(v => v is not null);

    private static double? Number(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue<double>(out var d) ? d : double.TryParse(Text(v), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : null
        : null;

    private static int? Int(JsonNode? node) => Number(node) is { } d && d == Math.Floor(d) && d is >= 1 and <= 8 ? (int)d : null;

    private static DateTimeOffset? Date(JsonNode? node) =>
        Text(node) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    private static string? Clip(string? text) => text is null ? null : text.Length <= MaxText ? text : text[..MaxText];

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
