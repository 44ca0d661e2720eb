using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Laurel.Credentials.OpenBadges2;

/// <summary>An OB 2.0 BadgeClass: the achievement definition (OB2 §1.2).</summary>
public sealed record BadgeClass : IOb2Node
{
    /// <summary>The context: set it to <see cref="Ob2Json.Context"/> for a standalone (served) document; absent when embedded.</summary>
    [JsonPropertyName("@context")] public JsonNode? Context { get; init; }

    /// <summary>Contains <c>BadgeClass</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["BadgeClass"];

    /// <summary>IRI, preferably the HTTPS URL it is served at.</summary>
    public required string Id { get; init; }

    /// <summary>Name.</summary>
    public required string Name { get; init; }

    /// <summary>Description.</summary>
    public required string Description { get; init; }

    /// <summary>PNG or SVG image (required by OB 2.0; optional here so incomplete imports can be read and reported).</summary>
    public Ob2Link<Ob2Image>? Image { get; init; }

    /// <summary>Criteria (IRI or object).</summary>
    public required Ob2Link<Ob2Criteria> Criteria { get; init; }

    /// <summary>Issuer profile (IRI or object).</summary>
    public required Ob2Link<Ob2Profile> Issuer { get; init; }

    /// <summary>Alignments.</summary>
    public IReadOnlyList<AlignmentObject>? Alignment { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Version.</summary>
    public string? Version { get; init; }

    /// <summary>Other properties (related, endorsement, extensions), kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>An OB 2.0 issuer Profile (OB2 §1.3).</summary>
public sealed record Ob2Profile : IOb2Node
{
    /// <summary>The context: set it to <see cref="Ob2Json.Context"/> for a standalone (served) document; absent when embedded.</summary>
    [JsonPropertyName("@context")] public JsonNode? Context { get; init; }

    /// <summary><c>Issuer</c> or <c>Profile</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["Issuer"];

    /// <summary>IRI of the profile.</summary>
    public required string Id { get; init; }

    /// <summary>Name.</summary>
    public required string Name { get; init; }

    /// <summary>Home page.</summary>
    public required string Url { get; init; }

    /// <summary>Contact e-mail.</summary>
    public required string Email { get; init; }

    /// <summary>Telephone (E.164).</summary>
    public string? Telephone { get; init; }

    /// <summary>Description.</summary>
    public string? Description { get; init; }

    /// <summary>Logo.</summary>
    public Ob2Link<Ob2Image>? Image { get; init; }

    /// <summary>CryptographicKey IRIs for signed badges.</summary>
    public IReadOnlyList<string>? PublicKey { get; init; }

    /// <summary>Hosted-verification policy (startsWith / allowedOrigins).</summary>
    public VerificationObject? Verification { get; init; }

    /// <summary>IRI of the RevocationList for signed badges.</summary>
    public string? RevocationList { get; init; }

    /// <summary>Other properties, kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>An OB 2.0 Image object.</summary>
public sealed record Ob2Image : IOb2Node
{
    /// <summary>URL or data: URI.</summary>
    public string? Id { get; init; }

    /// <summary><c>Image</c>, when given.</summary>
    public string? Type { get; init; }

    /// <summary>Caption.</summary>
    public string? Caption { get; init; }

    /// <summary>Author IRI.</summary>
    public string? Author { get; init; }
}

/// <summary>OB 2.0 Criteria: a URL and/or a Markdown narrative.</summary>
public sealed record Ob2Criteria : IOb2Node
{
    /// <summary>URL of the criteria page.</summary>
    public string? Id { get; init; }

    /// <summary><c>Criteria</c>, when given.</summary>
    public string? Type { get; init; }

    /// <summary>Markdown narrative.</summary>
    public string? Narrative { get; init; }
}

/// <summary>OB 2.0 Evidence.</summary>
public sealed record Ob2Evidence : IOb2Node
{
    /// <summary>URL of the evidence.</summary>
    public string? Id { get; init; }

    /// <summary><c>Evidence</c>, when given.</summary>
    public string? Type { get; init; }

    /// <summary>Markdown narrative.</summary>
    public string? Narrative { get; init; }

    /// <summary>Name.</summary>
    public string? Name { get; init; }

    /// <summary>Description.</summary>
    public string? Description { get; init; }

    /// <summary>Genre.</summary>
    public string? Genre { get; init; }

    /// <summary>Audience.</summary>
    public string? Audience { get; init; }
}

/// <summary>An OB 2.0 AlignmentObject.</summary>
public sealed record AlignmentObject
{
    /// <summary>Name of the target.</summary>
    public required string TargetName { get; init; }

    /// <summary>URL of the target.</summary>
    public required string TargetUrl { get; init; }

    /// <summary>Description.</summary>
    public string? TargetDescription { get; init; }

    /// <summary>Framework name.</summary>
    public string? TargetFramework { get; init; }

    /// <summary>Code within the framework.</summary>
    public string? TargetCode { get; init; }
}

/// <summary>A CryptographicKey for signed OB 2.0 badges.</summary>
public sealed record CryptographicKey
{
    /// <summary>The context.</summary>
    [JsonPropertyName("@context")] public JsonNode? Context { get; init; } = JsonValue.Create(Ob2Json.Context);

    /// <summary><c>CryptographicKey</c>.</summary>
    public string Type { get; init; } = "CryptographicKey";

    /// <summary>Key IRI.</summary>
    public required string Id { get; init; }

    /// <summary>The issuer profile IRI.</summary>
    public required string Owner { get; init; }

    /// <summary>The public key in PEM.</summary>
    public required string PublicKeyPem { get; init; }
}

/// <summary>An OB 2.0 RevocationList; entries are assertion IRIs or <c>{id, revocationReason}</c> objects.</summary>
public sealed record RevocationList
{
    /// <summary>The context.</summary>
    [JsonPropertyName("@context")] public JsonNode? Context { get; init; } = JsonValue.Create(Ob2Json.Context);

    /// <summary><c>RevocationList</c>.</summary>
    public string Type { get; init; } = "RevocationList";

    /// <summary>List IRI.</summary>
    public required string Id { get; init; }

    /// <summary>Issuer IRI.</summary>
    public string? Issuer { get; init; }

    /// <summary>Revoked assertions (strings or objects).</summary>
    public IReadOnlyList<JsonNode> RevokedAssertions { get; init; } = [];

    /// <summary>True when <paramref name="assertionId"/> (or legacy uid) is listed.</summary>
    public bool IsRevoked(string assertionId)
    {
        foreach (var entry in RevokedAssertions)
        {
            if (entry is JsonValue v && v.TryGetValue<string>(out var s) && s == assertionId) return true;
            if (entry is JsonObject o && (Text(o["id"]) == assertionId || Text(o["uid"]) == assertionId)) return true;
        }
        return false;
    }

    private static string? Text(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
