using System.Text.Json.Nodes;
using Laurel.Credentials.OpenBadges;

namespace Laurel.Credentials.Verification;

/// <summary>Checks that the credential was issued to the identity the caller asked about (OB3-2.11, OB2 recipient).</summary>
internal static class RecipientStage
{
    public static VerificationCheck Check(JsonObject credential, CredentialFormat format, VerificationRequest? request)
    {
        if (request?.RecipientIdentity is not { Length: > 0 } identity)
            return new(CheckIds.Recipient, CheckOutcome.Skipped, "recipient.not_requested", "No recipient was asked about.");
        var type = request.RecipientIdentityType ?? InferType(identity);

        if (format == CredentialFormat.Ob2Assertion)
            return Matches(credential["recipient"] as JsonObject, identity, type) ? Passed(identity) : Failed(identity);

        var subject = credential["credentialSubject"] as JsonObject;
        if (subject is null) return Failed(identity);
        if (Text(subject["id"]) is { } id && string.Equals(id, identity, StringComparison.Ordinal)) return Passed(identity);
        var identifiers = subject["identifier"] switch
        {
            JsonArray a => a.OfType<JsonObject>().ToList(),
            JsonObject o => [o],
            _ => [],
        };
        return identifiers.Any(o => Matches(o, identity, type)) ? Passed(identity) : Failed(identity);
    }

    /// <summary>Works for an OB 3.0 IdentityObject and an OB 2.0 recipient (<c>type</c>/<c>identity</c>).</summary>
    private static bool Matches(JsonObject? o, string identity, string type)
    {
        if (o is null) return false;
        var storedType = Text(o["identityType"]) ?? Text(o["type"]);
        if (storedType == "email") storedType = "emailAddress"; // OB 2.0 spelling
        var stored = Text(o["identityHash"]) ?? Text(o["identity"]);
        if (stored is null || !string.Equals(storedType, type, StringComparison.Ordinal)) return false;
        var hashed = o["hashed"] is JsonValue h && h.TryGetValue<bool>(out var b) && b;
        var salt = Text(o["salt"]);
        return IdentityHash.MatchesValue(hashed, stored, salt, identity)
            || (type == "emailAddress" && IdentityHash.MatchesValue(hashed, stored, salt, IdentityHash.NormalizeEmail(identity)));
    }

    private static string InferType(string identity) =>
        identity.StartsWith("did:", StringComparison.Ordinal) ? "did"
        : identity.Contains("://", StringComparison.Ordinal) ? "url"
        : "emailAddress";

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static VerificationCheck Passed(string identity) =>
        new(CheckIds.Recipient, CheckOutcome.Passed, "recipient.match", $"The credential was issued to {identity}.");

    private static VerificationCheck Failed(string identity) =>
        new(CheckIds.Recipient, CheckOutcome.Failed, "recipient.mismatch", $"The credential was not issued to {identity}.");
}
