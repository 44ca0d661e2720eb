using System.Text.Json.Nodes;

namespace Laurel.Credentials.OpenBadges;

/// <summary>One structural problem, located by a JSON path such as <c>$.credentialSubject.achievement.name</c>.</summary>
public sealed record ShapeProblem(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Path + ": " + Message;
}

/// <summary>
/// Dependency-free structural check of OB 3.0 credentials (the verifier's "schema/shape" step, OB3 §6 step 1): required
/// properties, cardinalities, type values and enumerations from the OB3 digest. It accepts the compaction-friendly form
/// (single value for a 0..* property) unless <c>requireArrays</c> is set (OB3-2.12, strict schema). It returns every
/// problem rather than stopping at the first.
/// </summary>
public static class ShapeValidator
{
    /// <summary>Validates an OpenBadgeCredential/AchievementCredential or, by its type, an EndorsementCredential.</summary>
    public static IReadOnlyList<ShapeProblem> Validate(JsonNode? document, bool requireArrays = false)
    {
        var rules = new ShapeRules(requireArrays);
        if (document is not JsonObject credential)
        {
            rules.Problem("$", "The credential must be a JSON object.");
            return rules.Problems;
        }
        if (ShapeRules.HasType(credential["type"], "EndorsementCredential") && !ShapeRules.HasType(credential["type"], "OpenBadgeCredential")
            && !ShapeRules.HasType(credential["type"], "AchievementCredential"))
            rules.EndorsementCredential(credential, "$");
        else
            AchievementCredential(rules, credential);
        return rules.Problems;
    }

    /// <summary>Validates an EndorsementCredential.</summary>
    public static IReadOnlyList<ShapeProblem> ValidateEndorsement(JsonNode? document, bool requireArrays = false)
    {
        var rules = new ShapeRules(requireArrays);
        if (document is JsonObject o) rules.EndorsementCredential(o, "$");
        else rules.Problem("$", "The endorsement must be a JSON object.");
        return rules.Problems;
    }

    private static void AchievementCredential(ShapeRules rules, JsonObject c)
    {
        rules.CredentialCommon(c, "$");
        if (!ShapeRules.HasType(c["type"], "VerifiableCredential"))
            rules.Problem("$.type", "type must contain 'VerifiableCredential' (OB3-2.3).");
        if (!ShapeRules.HasType(c["type"], "OpenBadgeCredential") && !ShapeRules.HasType(c["type"], "AchievementCredential"))
            rules.Problem("$.type", "type must contain 'OpenBadgeCredential' or 'AchievementCredential' (OB3-2.3).");

        switch (c["credentialSubject"])
        {
            case null:
                rules.Problem("$.credentialSubject", "credentialSubject is required (OB3-2.6).");
                break;
            case JsonObject subject:
                rules.AchievementSubject(subject, "$.credentialSubject");
                break;
            default:
                rules.Problem("$.credentialSubject", "credentialSubject must be exactly one AchievementSubject object (OB3-2.6).");
                break;
        }

        rules.OptionalDateTime(c, "awardedDate", "$");
        rules.Many(c, "endorsement", "$", rules.EndorsementCredential);
        rules.Many(c, "endorsementJwt", "$", rules.CompactJws);
    }
}
