using System.Text.Json.Nodes;

namespace Laurel.Credentials.OpenBadges;

/// <summary>URLs and type names from OB3 §1.</summary>
public static class OpenBadgeConstants
{
    /// <summary>VC Data Model 2.0 base context (must be first).</summary>
    public const string CredentialsV2Context = "https://www.w3.org/ns/credentials/v2";

    /// <summary>The current OB 3.0 context (must be second).</summary>
    public const string OpenBadgesContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    /// <summary>1EdTech extension terms (needed for 1EdTechJsonSchemaValidator2019 etc., OB3-3.2).</summary>
    public const string ExtensionsContext = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";

    /// <summary>AchievementCredential JSON Schema URL.</summary>
    public const string AchievementCredentialSchema =
        "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

    /// <summary>EndorsementCredential JSON Schema URL.</summary>
    public const string EndorsementCredentialSchema =
        "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json";

    /// <summary>The credentialSchema type (the spec table's <c>JsonSchemaValidator2019</c> is a typo, OB3-3.1).</summary>
    public const string SchemaValidatorType = "1EdTechJsonSchemaValidator2019";

    /// <summary>Pattern for the OB context (OB3-2.1) without using regular expressions at run time.</summary>
    public static bool IsOpenBadgesContext(string url)
    {
        const string prefix = "https://purl.imsglobal.org/spec/ob/v3p0/context";
        if (!url.StartsWith(prefix, StringComparison.Ordinal) || !url.EndsWith(".json", StringComparison.Ordinal)) return false;
        var middle = url.AsSpan(prefix.Length, url.Length - prefix.Length - 5);
        // Either nothing or repetitions of "-3.d.d" (the schema's regex allows *).
        while (middle.Length > 0)
        {
            if (middle.Length < 6 || middle[0] != '-' || middle[1] != '3' || middle[2] != '.' || !char.IsAsciiDigit(middle[3])
                || middle[4] != '.' || !char.IsAsciiDigit(middle[5])) return false;
            middle = middle[6..];
        }
        return true;
    }

    /// <summary>Fresh [VC v2, OB 3.0.3, extensions] context array (OB3-2.1 platform rule).</summary>
    public static IReadOnlyList<JsonNode> DefaultContexts() =>
        [JsonValue.Create(CredentialsV2Context), JsonValue.Create(OpenBadgesContext), JsonValue.Create(ExtensionsContext)];
}

/// <summary>The closed and open enumerations of OB3 §2.2 and §2.4.</summary>
public static class AchievementTypes
{
    /// <summary>Use for EU-standard micro-credentials (EU-2.2).</summary>
    public const string MicroCredential = "MicroCredential";

    /// <summary>AchievementType enumeration values.</summary>
    public static readonly IReadOnlySet<string> Values = new HashSet<string>(StringComparer.Ordinal)
    {
        "Achievement", "ApprenticeshipCertificate", "Assessment", "Assignment", "AssociateDegree", "Award", "Badge",
        "BachelorDegree", "Certificate", "CertificateOfCompletion", "Certification", "CommunityService", "Competency",
        "Course", "CoCurricular", "Degree", "Diploma", "DoctoralDegree", "Fieldwork", "GeneralEducationDevelopment",
        "JourneymanCertificate", "LearningProgram", "License", "Membership", "ProfessionalDoctorate",
        "QualityAssuranceCredential", "MasterCertificate", "MasterDegree", "MicroCredential", "ResearchDoctorate",
        "SecondarySchoolDiploma",
    };

    /// <summary>Alignment.targetType values.</summary>
    public static readonly IReadOnlySet<string> AlignmentTargetTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "ceasn:Competency", "ceterms:Credential", "CFItem", "CFRubric", "CFRubricCriterion", "CFRubricCriterionLevel", "CTDL",
    };

    /// <summary>ResultDescription.resultType values.</summary>
    public static readonly IReadOnlySet<string> ResultTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "GradePointAverage", "LetterGrade", "Percent", "PerformanceLevel", "PredictedScore", "RawScore", "Result",
        "RubricCriterion", "RubricCriterionLevel", "RubricScore", "ScaledScore", "Status",
    };

    /// <summary>Result.status values (closed list).</summary>
    public static readonly IReadOnlySet<string> ResultStatuses = new HashSet<string>(StringComparer.Ordinal)
    {
        "Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Provisional", "Withdrew",
    };

    /// <summary>IdentifierTypeEnum values (OB3-2.10).</summary>
    public static readonly IReadOnlySet<string> IdentifierTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "name", "sourcedId", "systemId", "productId", "userName", "accountId", "emailAddress", "nationalIdentityNumber",
        "isbn", "issn", "lisSourcedId", "oneRosterSourcedId", "sisSourcedId", "ltiContextId", "ltiDeploymentId",
        "ltiToolId", "ltiPlatformId", "ltiUserId", "identifier",
    };

    /// <summary>True for an <c>ext:</c> extension value: <c>ext:</c> followed by [A-Za-z0-9.-_]+.</summary>
    public static bool IsExtension(string value)
    {
        if (!value.StartsWith("ext:", StringComparison.Ordinal) || value.Length == 4) return false;
        foreach (var c in value.AsSpan(4))
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_')) return false;
        return true;
    }

    /// <summary>True when <paramref name="value"/> is in <paramref name="enumeration"/> or is an <c>ext:</c> extension.</summary>
    public static bool IsAllowed(IReadOnlySet<string> enumeration, string value) => enumeration.Contains(value) || IsExtension(value);
}
