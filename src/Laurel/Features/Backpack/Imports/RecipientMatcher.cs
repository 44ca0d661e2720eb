using System.Text.Json.Nodes;
using Laurel.Credentials.OpenBadges;

namespace Laurel.Features.Backpack.Imports;

/// <summary>Whether an imported credential names the learner; never blocks an import, but is recorded and shown.</summary>
public enum RecipientMatch
{
    /// <summary>The credential's recipient is one of the learner's verified e-mail addresses or EPPNs.</summary>
    Matched,
    /// <summary>The credential names a recipient of a kind Laurel knows for the learner, but none of theirs.</summary>
    NotMatched,
    /// <summary>The credential names a recipient Laurel cannot compare (another identity type, or the learner has none known).</summary>
    Unchecked,
    /// <summary>The credential names no recipient at all.</summary>
    NotStated,
}

/// <summary>One identity the learner proved by signing in: type as OB uses it (emailAddress, ext:eduPersonPrincipalName) and value.</summary>
public sealed record LearnerIdentity(string Type, string Value);

/// <summary>
/// Compares the recipient of an OB 3.0 credential (credentialSubject.identifier / id) or OB 2.0 assertion (recipient)
/// with the learner's identities, hashed or plain (OB3-2.11, OB2-1.1). The verifier's own recipient check answers for one
/// identity and fails the report when it does not match; an import asks about several and must not fail, hence this.
/// </summary>
public static class RecipientMatcher
{
    public const string Eppn = "ext:eduPersonPrincipalName";

    public static (RecipientMatch Match, string? IdentityType) Match(JsonObject? credential, IReadOnlyCollection<LearnerIdentity> identities)
    {
        var stated = Stated(credential);
        if (stated.Count == 0) return (RecipientMatch.NotStated, null);
        var comparable = false;
        foreach (var (type, value, hashed, salt) in stated)
        {
            foreach (var identity in identities.Where(i => i.Type == type))
            {
                comparable = true;
                var plain = identity.Value.Trim();
                if (IdentityHash.MatchesValue(hashed, value, salt, plain)
                    || IdentityHash.MatchesValue(hashed, value, salt, plain.ToLowerInvariant())
                    || (!hashed && string.Equals(value.Trim(), plain, StringComparison.OrdinalIgnoreCase)))
                    return (RecipientMatch.Matched, type);
            }
        }
        return (comparable ? RecipientMatch.NotMatched : RecipientMatch.Unchecked, stated[0].Type);
    }

    /// <summary>
    /// The credential as stored for an import (<see cref="ImportedCredential.CredentialText"/>): JSON, or a compact VC-JWT whose
    /// payload is the credential (VC-JOSE) or carries it in <c>vc</c> (VC-JWT 1.1). Only for comparing recipients again: the
    /// signature was verified when it was stored. Null when it cannot be read.
    /// </summary>
    public static JsonObject? CredentialOf(string storedText)
    {
        try
        {
            var text = storedText.Trim();
            if (text.StartsWith('{')) return JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 64 }) as JsonObject;
            var parts = text.Split('.');
            if (parts.Length != 3) return null;
            var payload = JsonNode.Parse(Convert.FromBase64String(Base64(parts[1])), documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 64 }) as JsonObject;
            return payload?["vc"] as JsonObject ?? payload;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            return null;
        }

        static string Base64(string url)
        {
            var b = url.Replace('-', '+').Replace('_', '/');
            return b + new string('=', (4 - b.Length % 4) % 4);
        }
    }

    private static List<(string Type, string Value, bool Hashed, string? Salt)> Stated(JsonObject? credential)
    {
        var list = new List<(string, string, bool, string?)>();
        if (credential is null) return list;
        // OB 2.0: recipient { type, identity, hashed, salt }.
        if (credential["recipient"] is JsonObject ob2) Add(list, Text(ob2["type"]), Text(ob2["identity"]), ob2);
        if (credential["credentialSubject"] is JsonObject subject)
        {
            var identifiers = subject["identifier"] switch { JsonArray a => a.OfType<JsonObject>().ToList(), JsonObject o => [o], _ => [] };
            foreach (var o in identifiers) Add(list, Text(o["identityType"]), Text(o["identityHash"]), o);
            if (Text(subject["id"]) is { } id && id.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
                list.Add(("emailAddress", id["mailto:".Length..], false, null));
        }
        return list;
    }

    private static void Add(List<(string, string, bool, string?)> list, string? type, string? value, JsonObject o)
    {
        if (type is null || value is null) return;
        type = type switch { "email" => "emailAddress", "eduPersonPrincipalName" => Eppn, _ => type };
        var hashed = o["hashed"] is JsonValue h && h.TryGetValue<bool>(out var b) && b;
        list.Add((type, value, hashed, Text(o["salt"])));
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
