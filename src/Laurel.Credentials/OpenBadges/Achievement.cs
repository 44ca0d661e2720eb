using System.Text.Json;
using System.Text.Json.Serialization;

namespace Laurel.Credentials.OpenBadges;

/// <summary>The achievement definition, formerly the OB 2.0 BadgeClass (OB3 §2.2).</summary>
public sealed record Achievement
{
    /// <summary>Stable URI of the achievement.</summary>
    public required string Id { get; init; }

    /// <summary>Contains <c>Achievement</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["Achievement"];

    /// <summary>An <see cref="AchievementTypes"/> value or an <c>ext:</c> extension, e.g. <c>MicroCredential</c>.</summary>
    public string? AchievementType { get; init; }

    /// <summary>Alignments to frameworks, e.g. the EQF level (EU element M8).</summary>
    public IReadOnlyList<Alignment>? Alignment { get; init; }

    /// <summary>The creator, if different from the issuer.</summary>
    public Profile? Creator { get; init; }

    /// <summary>Credits (e.g. ECTS) the achievement is worth (EU element M7).</summary>
    public double? CreditsAvailable { get; init; }

    /// <summary>Criteria for earning it.</summary>
    public required Criteria Criteria { get; init; }

    /// <summary>Description (learning outcomes in prose, EU element M6).</summary>
    public required string Description { get; init; }

    /// <summary>Embedded endorsements.</summary>
    public IReadOnlyList<EndorsementCredential>? Endorsement { get; init; }

    /// <summary>Endorsements as compact JWS.</summary>
    public IReadOnlyList<string>? EndorsementJwt { get; init; }

    /// <summary>Field of study.</summary>
    public string? FieldOfStudy { get; init; }

    /// <summary>Course code.</summary>
    public string? HumanCode { get; init; }

    /// <summary>Badge image.</summary>
    public Image? Image { get; init; }

    /// <summary>BCP 47 language code.</summary>
    public string? InLanguage { get; init; }

    /// <summary>Title (EU element M2).</summary>
    public required string Name { get; init; }

    /// <summary>Other identifiers.</summary>
    public IReadOnlyList<IdentifierEntry>? OtherIdentifier { get; init; }

    /// <summary>Other language editions or versions.</summary>
    public IReadOnlyList<Related>? Related { get; init; }

    /// <summary>Possible results (grades, rubrics).</summary>
    public IReadOnlyList<ResultDescription>? ResultDescription { get; init; }

    /// <summary>Specialization.</summary>
    public string? Specialization { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyList<string>? Tag { get; init; }

    /// <summary>Version of the definition.</summary>
    public string? Version { get; init; }

    /// <summary>Properties outside the OB 3.0 model, kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>An alignment to a framework item (OB3 §2.2).</summary>
public sealed record Alignment
{
    /// <summary>Contains <c>Alignment</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["Alignment"];

    /// <summary>Code of the target within its framework.</summary>
    public string? TargetCode { get; init; }

    /// <summary>Description of the target.</summary>
    public string? TargetDescription { get; init; }

    /// <summary>Name of the target.</summary>
    public required string TargetName { get; init; }

    /// <summary>Name of the framework.</summary>
    public string? TargetFramework { get; init; }

    /// <summary>An <see cref="AchievementTypes.AlignmentTargetTypes"/> value or <c>ext:</c> extension.</summary>
    public string? TargetType { get; init; }

    /// <summary>URL of the target.</summary>
    public required string TargetUrl { get; init; }

    /// <summary>Properties outside the OB 3.0 model, kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }

    /// <summary>The EQF level alignment used for EU micro-credentials (EU element M8, Edubadges practice).</summary>
    public static Alignment EqfLevel(int level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 8);
        var code = level.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Alignment
        {
            TargetName = "EQF level " + code,
            TargetUrl = "http://data.europa.eu/snb/eqf/" + code,
            TargetCode = code,
            TargetFramework = "European Qualifications Framework",
            TargetType = "ext:EQF",
        };
    }
}

/// <summary>Describes a possible result, e.g. a grade scale (OB3 §2.2).</summary>
public sealed record ResultDescription
{
    /// <summary>Id that <see cref="Result.ResultDescription"/> refers to.</summary>
    public required string Id { get; init; }

    /// <summary>Contains <c>ResultDescription</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["ResultDescription"];

    /// <summary>Alignments.</summary>
    public IReadOnlyList<Alignment>? Alignment { get; init; }

    /// <summary>Ordered allowed values, lowest first (an @list: order is signed, OB3-9.5).</summary>
    public IReadOnlyList<string>? AllowedValue { get; init; }

    /// <summary>Name, e.g. "Final grade".</summary>
    public required string Name { get; init; }

    /// <summary>Id of the rubric level required.</summary>
    public string? RequiredLevel { get; init; }

    /// <summary>Value required to pass.</summary>
    public string? RequiredValue { get; init; }

    /// <summary>A result type (e.g. <c>LetterGrade</c>) or <c>ext:</c> extension.</summary>
    public required string ResultType { get; init; }

    /// <summary>Rubric levels.</summary>
    public IReadOnlyList<RubricCriterionLevel>? RubricCriterionLevel { get; init; }

    /// <summary>Maximum value.</summary>
    public string? ValueMax { get; init; }

    /// <summary>Minimum value.</summary>
    public string? ValueMin { get; init; }

    /// <summary>Properties outside the OB 3.0 model, kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>One level of a rubric criterion.</summary>
public sealed record RubricCriterionLevel
{
    /// <summary>Level id.</summary>
    public required string Id { get; init; }

    /// <summary>Contains <c>RubricCriterionLevel</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["RubricCriterionLevel"];

    /// <summary>Alignments.</summary>
    public IReadOnlyList<Alignment>? Alignment { get; init; }

    /// <summary>Description.</summary>
    public string? Description { get; init; }

    /// <summary>Level label.</summary>
    public string? Level { get; init; }

    /// <summary>Name.</summary>
    public required string Name { get; init; }

    /// <summary>Points.</summary>
    public string? Points { get; init; }

    /// <summary>Properties outside the OB 3.0 model, kept for round-tripping.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extensions { get; init; }
}

/// <summary>A related achievement: another language edition or version.</summary>
public sealed record Related
{
    /// <summary>Id of the related achievement.</summary>
    public required string Id { get; init; }

    /// <summary>Contains <c>Related</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["Related"];

    /// <summary>Language of the related edition.</summary>
    public string? InLanguage { get; init; }

    /// <summary>Version of the related edition.</summary>
    public string? Version { get; init; }
}
