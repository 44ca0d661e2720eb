using System.Text.Json.Nodes;
using Laurel.Credentials.DataModel;
using Laurel.Credentials.OpenBadges;

namespace Laurel.Credentials.Verification;

/// <summary>
/// The structure check: every credential against the VC Data Model (2.0, or 1.1 when its first context is the 1.1 one), and an
/// Open Badges 3.0 credential also against the OB 3.0 shape (OB3 §6 step 1), which is not required of other credentials.
/// </summary>
internal static class SchemaStage
{
    private const string OpenBadgesPrefix = "https://purl.imsglobal.org/spec/ob/v3p0/";

    /// <summary>
    /// An OB 3.0 credential names an OB type or uses an OB 3.0 context. A CLR 2.0 ClrCredential uses the OB context for its
    /// achievements but is not an OB credential (CLR 2.0 §3): it gets the VC checks, and its credentials the OB ones.
    /// </summary>
    public static bool IsOpenBadge(JsonObject credential)
    {
        if (FormatDetector.Mentions(credential["type"], "ClrCredential")) return false;
        foreach (var type in new[] { "OpenBadgeCredential", "AchievementCredential", "EndorsementCredential" })
            if (FormatDetector.Mentions(credential["type"], type)) return true;
        var contexts = credential["@context"] switch { JsonArray a => a.ToList(), var one => [one] };
        return contexts.Any(c => c is JsonValue v && v.TryGetValue<string>(out var url) && url.StartsWith(OpenBadgesPrefix, StringComparison.Ordinal));
    }

    public static VerificationCheck Check(JsonObject credential, bool openBadge)
    {
        IReadOnlyList<string> model;
        IReadOnlyList<ShapeProblem> shape = [];
        try
        {
            model = DataModelProblems(credential);
            if (openBadge) shape = ShapeValidator.Validate(credential);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            return new(CheckIds.Schema, CheckOutcome.Failed, "schema.invalid", "The credential's structure could not be read: " + e.Message);
        }
        if (model.Count > 0)
            return new(CheckIds.Schema, CheckOutcome.Failed, "schema.vc_invalid",
                string.Join(" ", model.Take(10).Concat(shape.Take(Math.Max(0, 10 - model.Count)).Select(p => p.ToString()))));
        if (shape.Count > 0) return new(CheckIds.Schema, CheckOutcome.Failed, "schema.invalid", string.Join(" ", shape.Take(10)));
        return openBadge
            ? new(CheckIds.Schema, CheckOutcome.Passed, "schema.valid", "The credential has the Open Badges 3.0 structure.")
            : new(CheckIds.Schema, CheckOutcome.Passed, "schema.vc_valid", "The credential has the structure of the W3C Verifiable Credentials Data Model.");
    }

    /// <summary>VC 2.0, or VC 1.1 when the first context says so (legacy OB 3.0 v1p1 credentials, the 1.1 suite vectors).</summary>
    private static IReadOnlyList<string> DataModelProblems(JsonObject credential) =>
        VcDataModel.ValidateCredential(credential).Select(p => p.ToString()).ToList();
}
