using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Laurel.Credentials.OpenBadges;

namespace Laurel.Credentials.OpenBadges2;

/// <summary>An OB 2.0 Assertion: one awarded badge (OB2 §1.1).</summary>
public sealed record Assertion : IOb2Node
{
    /// <summary>The context, normally <see cref="Ob2Json.Context"/>.</summary>
    [JsonPropertyName("@context")] public JsonNode? Context { get; init; } = JsonValue.Create(Ob2Json.Context);

    /// <summary>Contains <c>Assertion</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["Assertion"];

    /// <summary>Hosted: the URL the assertion is served at; signed: a <c>urn:uuid:</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The hashed or plain recipient.</summary>
    public required Ob2Recipient Recipient { get; init; }

    /// <summary>The BadgeClass (IRI or embedded).</summary>
    public required Ob2Link<BadgeClass> Badge { get; init; }

    /// <summary>How to verify: hosted or signed.</summary>
    public required VerificationObject Verification { get; init; }

    /// <summary>Issue date-time with time zone.</summary>
    public required string IssuedOn { get; init; }

    /// <summary>The baked image of this assertion.</summary>
    public Ob2Link<Ob2Image>? Image { get; init; }

    /// <summary>Evidence (IRIs or objects).</summary>
    public IReadOnlyList<Ob2Link<Ob2Evidence>>? Evidence { get; init; }

    /// <summary>Markdown narrative.</summary>
    public string? Narrative { get; init; }

    /// <summary>Expiry date-time.</summary>
    public string? Expires { get; init; }

    /// <summary>True when revoked (a revoked hosted assertion may be reduced to id + revoked).</summary>
    public bool? Revoked { get; init; }

    /// <summary>Why it was revoked.</summary>
    public string? RevocationReason { get; init; }

    /// <summary>Other properties (extensions, endorsements, legacy uid), kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>The OB 2.0 recipient IdentityObject (OB2 §1.4).</summary>
public sealed record Ob2Recipient
{
    /// <summary><c>email</c>, <c>url</c>, <c>telephone</c> or a property IRI.</summary>
    public required string Type { get; init; }

    /// <summary>True when <see cref="Identity"/> is a hash.</summary>
    public required bool Hashed { get; init; }

    /// <summary><c>sha256$hex</c> (or plaintext when not hashed).</summary>
    public required string Identity { get; init; }

    /// <summary>Salt appended before hashing.</summary>
    public string? Salt { get; init; }

    /// <summary>A salted SHA-256 e-mail recipient; the address is trimmed and lower-cased first (OB2-1.1).</summary>
    public static Ob2Recipient HashedEmail(string email, string? salt = null)
    {
        salt ??= IdentityHash.NewSalt();
        return new Ob2Recipient { Type = "email", Hashed = true, Salt = salt, Identity = IdentityHash.Compute(IdentityHash.NormalizeEmail(email), salt) };
    }

    /// <summary>True when <paramref name="identity"/> matches; e-mail addresses are compared in lower case (OB2-1.1).</summary>
    public bool Matches(string identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (Type == "email") identity = IdentityHash.NormalizeEmail(identity);
        return Hashed
            ? IdentityHash.MatchesValue(true, Identity, Salt, identity)
            : string.Equals(Type == "email" ? IdentityHash.NormalizeEmail(Identity) : Identity, identity, StringComparison.Ordinal);
    }
}

/// <summary>A VerificationObject: on an assertion the method, on an issuer the hosted-verification policy (OB2 §1.3).</summary>
public sealed record VerificationObject
{
    /// <summary><c>hosted</c>/<c>HostedBadge</c> or <c>signed</c>/<c>SignedBadge</c> (absent in issuer policies).</summary>
    public string? Type { get; init; }

    /// <summary>Signed badges: the key IRI.</summary>
    public string? Creator { get; init; }

    /// <summary>Issuer policy: the property to check (only <c>id</c>).</summary>
    public string? VerificationProperty { get; init; }

    /// <summary>Issuer policy: allowed URL prefixes of hosted assertion ids.</summary>
    public IReadOnlyList<string>? StartsWith { get; init; }

    /// <summary>Issuer policy: allowed host names of hosted assertion ids.</summary>
    public IReadOnlyList<string>? AllowedOrigins { get; init; }

    /// <summary>True for hosted verification.</summary>
    [JsonIgnore] public bool IsHosted => Type is "hosted" or "HostedBadge";

    /// <summary>True for signed (JWS) verification.</summary>
    [JsonIgnore] public bool IsSigned => Type is "signed" or "SignedBadge";

    /// <summary>The hosted verification object.</summary>
    public static VerificationObject Hosted() => new() { Type = "hosted" };
}
