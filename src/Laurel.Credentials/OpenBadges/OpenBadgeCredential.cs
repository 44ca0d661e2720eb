using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Laurel.Credentials.OpenBadges;

/// <summary>
/// An OpenBadgeCredential (synonym AchievementCredential), a VC 2.0 credential (OB3 §2). Dates are kept as the exact
/// strings of the document because the signature covers them; use <see cref="OpenBadgeCredentialFactory"/> to build one.
/// </summary>
public sealed record OpenBadgeCredential
{
    /// <summary>Ordered contexts: VC v2 first, then the OB context (OB3-2.1).</summary>
    [JsonPropertyName("@context")] public IReadOnlyList<JsonNode> Context { get; init; } = OpenBadgeConstants.DefaultContexts();

    /// <summary>Credential id (<c>urn:uuid:</c> or a resolvable URL).</summary>
    public required string Id { get; init; }

    /// <summary>Contains <c>VerifiableCredential</c> and <c>OpenBadgeCredential</c> (OB3-2.3).</summary>
    public IReadOnlyList<string> Type { get; init; } = ["VerifiableCredential", "OpenBadgeCredential"];

    /// <summary>Credential name (set it: wallets display it).</summary>
    public string? Name { get; init; }

    /// <summary>Description.</summary>
    public string? Description { get; init; }

    /// <summary>Image.</summary>
    public Image? Image { get; init; }

    /// <summary>Issuer profile (a URI string is read as a reference profile, OB3-2.4).</summary>
    [JsonConverter(typeof(ProfileRefConverter))] public required Profile Issuer { get; init; }

    /// <summary>Start of validity (DateTimeZ).</summary>
    public required string ValidFrom { get; init; }

    /// <summary>End of validity.</summary>
    public string? ValidUntil { get; init; }

    /// <summary>When the achievement was awarded.</summary>
    public string? AwardedDate { get; init; }

    /// <summary>The learner and the achievement.</summary>
    public required AchievementSubject CredentialSubject { get; init; }

    /// <summary>Embedded endorsements.</summary>
    public IReadOnlyList<EndorsementCredential>? Endorsement { get; init; }

    /// <summary>Endorsements as compact JWS.</summary>
    public IReadOnlyList<string>? EndorsementJwt { get; init; }

    /// <summary>Evidence.</summary>
    public IReadOnlyList<Evidence>? Evidence { get; init; }

    /// <summary>Schemas to validate against (OB3-3.1).</summary>
    public IReadOnlyList<CredentialSchema>? CredentialSchema { get; init; }

    /// <summary>Status entry (0..1 in OB, OB3-3.3).</summary>
    public CredentialStatus? CredentialStatus { get; init; }

    /// <summary>Refresh service (OB3-3.4).</summary>
    public RefreshService? RefreshService { get; init; }

    /// <summary>Terms of use.</summary>
    public IReadOnlyList<TermsOfUse>? TermsOfUse { get; init; }

    /// <summary>Embedded Data Integrity proofs (kept as JSON; see the DataIntegrity namespace).</summary>
    public IReadOnlyList<JsonObject>? Proof { get; init; }

    /// <summary>Properties outside the OB 3.0 model, kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>An EndorsementCredential: a VC in which a third party endorses a profile, achievement or credential (OB3 §2.5).</summary>
public sealed record EndorsementCredential
{
    /// <summary>Ordered contexts, as for OpenBadgeCredential.</summary>
    [JsonPropertyName("@context")] public IReadOnlyList<JsonNode> Context { get; init; } = OpenBadgeConstants.DefaultContexts();

    /// <summary>Credential id.</summary>
    public required string Id { get; init; }

    /// <summary>Contains <c>VerifiableCredential</c> and <c>EndorsementCredential</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["VerifiableCredential", "EndorsementCredential"];

    /// <summary>Name (required for endorsements).</summary>
    public required string Name { get; init; }

    /// <summary>Description.</summary>
    public string? Description { get; init; }

    /// <summary>The endorser.</summary>
    [JsonConverter(typeof(ProfileRefConverter))] public required Profile Issuer { get; init; }

    /// <summary>Start of validity.</summary>
    public required string ValidFrom { get; init; }

    /// <summary>End of validity.</summary>
    public string? ValidUntil { get; init; }

    /// <summary>Award date.</summary>
    public string? AwardedDate { get; init; }

    /// <summary>What is endorsed.</summary>
    public required EndorsementSubject CredentialSubject { get; init; }

    /// <summary>Evidence.</summary>
    public IReadOnlyList<Evidence>? Evidence { get; init; }

    /// <summary>Schemas.</summary>
    public IReadOnlyList<CredentialSchema>? CredentialSchema { get; init; }

    /// <summary>Status entry.</summary>
    public CredentialStatus? CredentialStatus { get; init; }

    /// <summary>Refresh service.</summary>
    public RefreshService? RefreshService { get; init; }

    /// <summary>Terms of use.</summary>
    public IReadOnlyList<TermsOfUse>? TermsOfUse { get; init; }

    /// <summary>Embedded proofs.</summary>
    public IReadOnlyList<JsonObject>? Proof { get; init; }

    /// <summary>Properties outside the OB 3.0 model, kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>The subject of an endorsement: the endorsed entity's id and a comment.</summary>
public sealed record EndorsementSubject
{
    /// <summary>Id of the endorsed profile, achievement or credential.</summary>
    public required string Id { get; init; }

    /// <summary>Contains <c>EndorsementSubject</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["EndorsementSubject"];

    /// <summary>Markdown comment.</summary>
    public string? EndorsementComment { get; init; }

    /// <summary>Properties outside the OB 3.0 model, kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}
