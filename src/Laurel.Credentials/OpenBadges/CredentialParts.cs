using System.Text.Json;
using System.Text.Json.Serialization;

namespace Laurel.Credentials.OpenBadges;

/// <summary>An image: <c>{id: URL or data: URI, type: "Image", caption?}</c> (OB3 §2.5).</summary>
public sealed record Image
{
    /// <summary>URL or data: URI of the image.</summary>
    public required string Id { get; init; }

    /// <summary>Always the single string <c>Image</c>.</summary>
    public string Type { get; init; } = "Image";

    /// <summary>Alternative text.</summary>
    public string? Caption { get; init; }

    /// <summary>Properties outside the OB 3.0 model, kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>Evidence of the achievement (OB3 §2.5).</summary>
public sealed record Evidence
{
    /// <summary>URL or data: URI of the evidence.</summary>
    public string? Id { get; init; }

    /// <summary>Contains <c>Evidence</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["Evidence"];

    /// <summary>Markdown narrative.</summary>
    public string? Narrative { get; init; }

    /// <summary>Descriptive title.</summary>
    public string? Name { get; init; }

    /// <summary>Longer description.</summary>
    public string? Description { get; init; }

    /// <summary>Kind of evidence, e.g. "Research".</summary>
    public string? Genre { get; init; }

    /// <summary>Intended audience.</summary>
    public string? Audience { get; init; }

    /// <summary>Properties outside the OB 3.0 model, kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>A credential status entry, e.g. <c>BitstringStatusListEntry</c> or <c>1EdTechRevocationList</c> (OB3-3.3).</summary>
public sealed record CredentialStatus
{
    /// <summary>Entry id (must differ from the list URL for bitstring lists).</summary>
    public string? Id { get; init; }

    /// <summary>The status method.</summary>
    public required string Type { get; init; }

    /// <summary><c>revocation</c> or <c>suspension</c> (bitstring lists).</summary>
    public string? StatusPurpose { get; init; }

    /// <summary>Index in the list as a base-10 string (numbers are accepted when reading, SL-6.6).</summary>
    [JsonConverter(typeof(LenientStringConverter))] public string? StatusListIndex { get; init; }

    /// <summary>URL of the status list credential.</summary>
    public string? StatusListCredential { get; init; }

    /// <summary>Other properties (statusSize, statusMessage, ...).</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }

    /// <summary>A <c>BitstringStatusListEntry</c> pointing at <paramref name="listUrl"/> (SL-6.1).</summary>
    public static CredentialStatus BitstringEntry(string listUrl, long index, string purpose = "revocation") => new()
    {
        Id = listUrl + "#" + index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Type = "BitstringStatusListEntry",
        StatusPurpose = purpose,
        StatusListIndex = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        StatusListCredential = listUrl,
    };
}

/// <summary>A JSON Schema the credential claims to conform to (OB3-3.1).</summary>
public sealed record CredentialSchema
{
    /// <summary>The schema URL.</summary>
    public required string Id { get; init; }

    /// <summary><c>1EdTechJsonSchemaValidator2019</c> for OB schemas.</summary>
    public string Type { get; init; } = OpenBadgeConstants.SchemaValidatorType;
}

/// <summary>Where a newer copy of the credential can be fetched (OB3-3.4).</summary>
public sealed record RefreshService
{
    /// <summary>The refresh URL.</summary>
    public required string Id { get; init; }

    /// <summary><c>1EdTechCredentialRefresh</c>.</summary>
    public string Type { get; init; } = "1EdTechCredentialRefresh";

    /// <summary>Properties outside the OB 3.0 model, kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>Terms of use (OB3-3.5).</summary>
public sealed record TermsOfUse
{
    /// <summary>Optional id.</summary>
    public string? Id { get; init; }

    /// <summary>The policy type.</summary>
    public required string Type { get; init; }

    /// <summary>Type-specific properties.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>Criteria for earning the achievement: a URL and/or Markdown narrative (no type).</summary>
public sealed record Criteria
{
    /// <summary>URL of a criteria page.</summary>
    public string? Id { get; init; }

    /// <summary>Markdown narrative.</summary>
    public string? Narrative { get; init; }

    /// <summary>Properties outside the OB 3.0 model, kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}
