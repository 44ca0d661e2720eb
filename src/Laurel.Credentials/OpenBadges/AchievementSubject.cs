using System.Text.Json;
using System.Text.Json.Serialization;

namespace Laurel.Credentials.OpenBadges;

/// <summary>The learner and what they achieved: the credential's <c>credentialSubject</c> (OB3 §2.1).</summary>
public sealed record AchievementSubject
{
    /// <summary>Learner DID or URL; either this or an <see cref="Identifier"/> is required (OB3-2.8).</summary>
    public string? Id { get; init; }

    /// <summary>Contains <c>AchievementSubject</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["AchievementSubject"];

    /// <summary>Start of the learning activity.</summary>
    public string? ActivityStartDate { get; init; }

    /// <summary>End of the learning activity.</summary>
    public string? ActivityEndDate { get; init; }

    /// <summary>Credits earned.</summary>
    public double? CreditsEarned { get; init; }

    /// <summary>The achievement definition.</summary>
    public required Achievement Achievement { get; init; }

    /// <summary>Hashed or plain identities of the learner (OB3 §2.4).</summary>
    public IReadOnlyList<IdentityObject>? Identifier { get; init; }

    /// <summary>Learner-specific (baked) image.</summary>
    public Image? Image { get; init; }

    /// <summary>License number.</summary>
    public string? LicenseNumber { get; init; }

    /// <summary>Markdown narrative.</summary>
    public string? Narrative { get; init; }

    /// <summary>Results (grades, statuses).</summary>
    public IReadOnlyList<Result>? Result { get; init; }

    /// <summary>Role.</summary>
    public string? Role { get; init; }

    /// <summary>The organisation that assessed on the issuer's behalf.</summary>
    public Profile? Source { get; init; }

    /// <summary>Academic term.</summary>
    public string? Term { get; init; }

    /// <summary>Properties outside the OB 3.0 model, kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>A learner result (OB3 §2.2).</summary>
public sealed record Result
{
    /// <summary>Contains <c>Result</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["Result"];

    /// <summary>Id of the achieved rubric level.</summary>
    public string? AchievedLevel { get; init; }

    /// <summary>Alignments.</summary>
    public IReadOnlyList<Alignment>? Alignment { get; init; }

    /// <summary>The <c>id</c> of a ResultDescription of the same achievement.</summary>
    public string? ResultDescription { get; init; }

    /// <summary>A <see cref="AchievementTypes.ResultStatuses"/> value.</summary>
    public string? Status { get; init; }

    /// <summary>The value, e.g. a grade.</summary>
    public string? Value { get; init; }

    /// <summary>Properties outside the OB 3.0 model, kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>A learner identity, usually a salted SHA-256 hash of an e-mail address (OB3 §2.4).</summary>
public sealed record IdentityObject
{
    /// <summary><c>IdentityObject</c>.</summary>
    public string Type { get; init; } = "IdentityObject";

    /// <summary>True when <see cref="IdentityHash"/> is a hash.</summary>
    public required bool Hashed { get; init; }

    /// <summary><c>sha256$&lt;hex&gt;</c> when hashed, else the plaintext (OB3-2.9).</summary>
    public required string IdentityHash { get; init; }

    /// <summary>An IdentifierTypeEnum value such as <c>emailAddress</c> (OB3-2.10).</summary>
    public required string IdentityType { get; init; }

    /// <summary>Salt appended to the identity before hashing.</summary>
    public string? Salt { get; init; }
}
