using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Laurel.Credentials.OpenBadges;

/// <summary>The per-class rules behind <see cref="ShapeValidator"/>; collects problems with their paths.</summary>
internal sealed partial class ShapeRules(bool requireArrays)
{
    public List<ShapeProblem> Problems { get; } = [];

    public void Problem(string path, string message) => Problems.Add(new ShapeProblem(path, message));

    /// <summary>Properties every VC in OB shares: @context, id, type, issuer, validity, status, schema, proof.</summary>
    public void CredentialCommon(JsonObject c, string path)
    {
        Contexts(c["@context"], path + ".@context");
        Uri(c, "id", path, required: true);
        if (c["type"] is null) Problem(path + ".type", "type is required.");
        switch (c["issuer"])
        {
            case null: Problem(path + ".issuer", "issuer is required (OB3-2.4)."); break;
            case JsonObject profile: Profile(profile, path + ".issuer"); break;
            case JsonValue v when Text(v) is { } s:
                if (!IsUri(s)) Problem(path + ".issuer", "issuer must be an absolute URI or a Profile object.");
                break;
            default: Problem(path + ".issuer", "issuer must be a URI or a Profile object."); break;
        }
        // A VC 1.1-era OB 3.0 credential (the first OB 3.0 publications; 1EdTech still certifies displayers with them, OB3-8.2)
        // carries issuanceDate/expirationDate instead of validFrom/validUntil.
        var (fromName, untilName) = IsVc11(c) ? ("issuanceDate", "expirationDate") : ("validFrom", "validUntil");
        var from = DateTime(c, fromName, path, required: true);
        var until = DateTime(c, untilName, path, required: false);
        if (from is { } f && until is { } u && u < f) Problem($"{path}.{untilName}", $"{untilName} precedes {fromName}.");
        // VC 2.0 allows language value objects (or arrays of them) for name and description.
        Optional(c, "name", path, n => n is JsonObject or JsonArray ? n : Text(n));
        Optional(c, "description", path, n => n is JsonObject or JsonArray ? n : Text(n));
        One(c, "image", path, Image);
        Many(c, "evidence", path, Evidence);
        Many(c, "credentialSchema", path, (o, p) => { Uri(o, "id", p, true); RequiredText(o, "type", p); });
        StatusEntries(c, path);
        One(c, "refreshService", path, (o, p) => { Uri(o, "id", p, true); RequiredText(o, "type", p); });
        Many(c, "termsOfUse", path, (o, p) => RequiredText(o, "type", p));
        if (c["proof"] is { } proof) Proofs(proof, path + ".proof");
    }

    // OB 3.0 says one credentialStatus (OB3-3.3); VC 2.0 allows an array (VC data model, credentialStatus "object or array"), and
    // a credential that can be revoked AND suspended needs one BitstringStatusListEntry per purpose (SL-6.1). Laurel issues
    // that array (docs/conformance.md), so both shapes pass here; every entry needs a type, and an array is never empty.
    private void StatusEntries(JsonObject c, string path)
    {
        var p = path + ".credentialStatus";
        switch (c["credentialStatus"])
        {
            case null: return;
            case JsonObject one: RequiredText(one, "type", p); return;
            case JsonArray { Count: 0 }: Problem(p, "credentialStatus must not be an empty array."); return;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is JsonObject entry) RequiredText(entry, "type", $"{p}[{i}]");
                    else Problem($"{p}[{i}]", "Items of credentialStatus must be objects.");
                }
                return;
            default: Problem(p, "credentialStatus must be an object or an array of objects."); return;
        }
    }

    public void EndorsementCredential(JsonObject c, string path)
    {
        CredentialCommon(c, path);
        if (!HasType(c["type"], "VerifiableCredential")) Problem(path + ".type", "type must contain 'VerifiableCredential'.");
        if (!HasType(c["type"], "EndorsementCredential")) Problem(path + ".type", "type must contain 'EndorsementCredential'.");
        RequiredText(c, "name", path);
        if (c["credentialSubject"] is JsonObject s)
        {
            var p = path + ".credentialSubject";
            Uri(s, "id", p, required: true);
            TypeContains(s, "EndorsementSubject", p);
        }
        else Problem(path + ".credentialSubject", "credentialSubject must be one EndorsementSubject object.");
    }

    public void AchievementSubject(JsonObject s, string path)
    {
        TypeContains(s, "AchievementSubject", path);
        Uri(s, "id", path, required: false);
        if (s["id"] is null && (s["identifier"] is null || s["identifier"] is JsonArray { Count: 0 }))
            Problem(path, "An AchievementSubject needs an id or at least one identifier (OB3-2.8).");
        if (s["achievement"] is JsonObject a) Achievement(a, path + ".achievement");
        else Problem(path + ".achievement", "achievement is required and must be an Achievement object.");
        Many(s, "identifier", path, IdentityObject);
        Many(s, "result", path, Result);
        One(s, "source", path, Profile);
        One(s, "image", path, Image);
        Optional(s, "creditsEarned", path, Number);
        OptionalDateTime(s, "activityStartDate", path);
        OptionalDateTime(s, "activityEndDate", path);
    }

    public void Achievement(JsonObject a, string path)
    {
        Uri(a, "id", path, required: true);
        TypeContains(a, "Achievement", path);
        RequiredText(a, "name", path);
        RequiredText(a, "description", path);
        if (a["criteria"] is not JsonObject) Problem(path + ".criteria", "criteria is required and must be an object.");
        Enumerated(a, "achievementType", path, AchievementTypes.Values);
        Many(a, "alignment", path, Alignment);
        One(a, "creator", path, Profile);
        Optional(a, "creditsAvailable", path, Number);
        One(a, "image", path, Image);
        Many(a, "otherIdentifier", path, IdentifierEntry);
        Many(a, "related", path, (o, p) => { Uri(o, "id", p, true); TypeContains(o, "Related", p); });
        Many(a, "resultDescription", path, ResultDescription);
        Many(a, "tag", path, (n, p) => { if (Text(n) is null) Problem(p, "tag values must be strings."); });
        Many(a, "endorsement", path, EndorsementCredential);
        Many(a, "endorsementJwt", path, CompactJws);
    }

    public void Profile(JsonObject p, string path)
    {
        Uri(p, "id", path, required: true);
        TypeContains(p, "Profile", path);
        One(p, "image", path, Image);
        One(p, "parentOrg", path, Profile);
        Many(p, "otherIdentifier", path, IdentifierEntry);
        One(p, "address", path, (o, q) => TypeContains(o, "Address", q));
        Many(p, "endorsement", path, EndorsementCredential);
        Many(p, "endorsementJwt", path, CompactJws);
    }

    private void Alignment(JsonObject a, string path)
    {
        TypeContains(a, "Alignment", path);
        RequiredText(a, "targetName", path);
        Uri(a, "targetUrl", path, required: true);
        Enumerated(a, "targetType", path, AchievementTypes.AlignmentTargetTypes);
    }

    private void ResultDescription(JsonObject r, string path)
    {
        Uri(r, "id", path, required: true);
        TypeContains(r, "ResultDescription", path);
        RequiredText(r, "name", path);
        RequiredText(r, "resultType", path);
        Enumerated(r, "resultType", path, AchievementTypes.ResultTypes);
        Many(r, "alignment", path, Alignment);
        Many(r, "rubricCriterionLevel", path, (o, p) =>
        {
            Uri(o, "id", p, true);
            TypeContains(o, "RubricCriterionLevel", p);
            RequiredText(o, "name", p);
            Many(o, "alignment", p, Alignment);
        });
    }

    private void Result(JsonObject r, string path)
    {
        TypeContains(r, "Result", path);
        Many(r, "alignment", path, Alignment);
        Optional(r, "resultDescription", path, Text);
        if (r["status"] is { } status && (Text(status) is not { } s || !AchievementTypes.ResultStatuses.Contains(s)))
            Problem(path + ".status", "status must be one of Completed, Enrolled, Failed, InProgress, OnHold, Provisional, Withdrew.");
    }

    private void IdentityObject(JsonObject i, string path)
    {
        TypeContains(i, "IdentityObject", path);
        if (i["hashed"] is not JsonValue h || h.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            Problem(path + ".hashed", "hashed is required and must be a boolean.");
        RequiredText(i, "identityHash", path);
        RequiredText(i, "identityType", path);
        Enumerated(i, "identityType", path, AchievementTypes.IdentifierTypes);
    }

    private void IdentifierEntry(JsonObject e, string path)
    {
        TypeContains(e, "IdentifierEntry", path);
        RequiredText(e, "identifier", path);
        RequiredText(e, "identifierType", path);
        Enumerated(e, "identifierType", path, AchievementTypes.IdentifierTypes);
    }

    private void Evidence(JsonObject e, string path) => TypeContains(e, "Evidence", path);

    private void Image(JsonObject i, string path)
    {
        Uri(i, "id", path, required: true);
        if (!HasType(i["type"], "Image")) Problem(path + ".type", "An Image has type 'Image'.");
    }

    private void Proofs(JsonNode proof, string path)
    {
        if (proof is JsonObject single)
        {
            if (requireArrays) Problem(path, "proof must be an array, even with one element (OB3-2.12).");
            Proof(single, path);
            return;
        }
        if (proof is not JsonArray list) { Problem(path, "proof must be an object or an array of objects."); return; }
        for (var i = 0; i < list.Count; i++)
        {
            var p = $"{path}[{i}]";
            if (list[i] is JsonObject o) Proof(o, p);
            else Problem(p, "A proof must be an object.");
        }
    }

    private void Proof(JsonObject p, string path)
    {
        RequiredText(p, "type", path);
        // DI-2.1: a verificationMethod is a URL; a bare multibase key has no scheme.
        Uri(p, "verificationMethod", path, required: Text(p["type"]) == "DataIntegrityProof");
        if (Text(p["type"]) != "DataIntegrityProof") return;
        RequiredText(p, "cryptosuite", path);
        RequiredText(p, "proofPurpose", path);
        RequiredText(p, "proofValue", path);
        OptionalDateTime(p, "created", path);
    }

    public void CompactJws(JsonNode node, string path)
    {
        if (Text(node) is not { } s || s.Count(ch => ch == '.') != 2) Problem(path, "endorsementJwt values must be compact JWS strings.");
    }

    private static bool IsVc11(JsonObject c) =>
        c["@context"] is JsonArray { Count: > 0 } contexts && Text(contexts[0]) == DataModel.VcDataModel.V1Context;

    private void Contexts(JsonNode? node, string path)
    {
        if (node is not JsonArray contexts)
        {
            Problem(path, "@context must be an array whose first two items are the VC v2 and OB 3.0 contexts (OB3-2.1).");
            return;
        }
        if (contexts.Count < 2) Problem(path, "@context needs at least the VC v2 and the OB 3.0 context (OB3-2.1).");
        if (contexts.Count > 0 && Text(contexts[0]) is not (OpenBadgeConstants.CredentialsV2Context or DataModel.VcDataModel.V1Context))
            Problem(path + "[0]", "The first context must be https://www.w3.org/ns/credentials/v2 (OB3-2.1), or the VC 1.1 context for a VC 1.1-era badge.");
        if (contexts.Count > 1 && (Text(contexts[1]) is not { } ob || !OpenBadgeConstants.IsOpenBadgesContext(ob)))
            Problem(path + "[1]", "The second context must be an Open Badges 3.0 context URL (OB3-2.1).");
        for (var i = 2; i < contexts.Count; i++)
            if (contexts[i] is not JsonObject && Text(contexts[i]) is null)
                Problem($"{path}[{i}]", "Contexts must be URL strings or objects.");
    }

    private DateTimeOffset? DateTime(JsonObject o, string name, string path, bool required)
    {
        if (o[name] is not { } node)
        {
            if (required) Problem($"{path}.{name}", $"{name} is required (OB3-2.5).");
            return null;
        }
        if (Text(node) is { } s && TryDateTimeZ(s, out var value)) return value;
        Problem($"{path}.{name}", $"{name} must be a date-time with a time zone (e.g. 2025-06-30T12:00:00Z).");
        return null;
    }

    public void OptionalDateTime(JsonObject o, string name, string path) => DateTime(o, name, path, required: false);

    /// <summary>xsd:dateTimeStamp: a 'T' date-time whose zone is 'Z' or ±hh:mm.</summary>
    internal static bool TryDateTimeZ(string s, out DateTimeOffset value)
    {
        value = default;
        var t = s.IndexOf('T');
        if (t < 10) return false;
        var zoned = s.EndsWith('Z') || s.EndsWith('z') || (s.Length > t + 6 && s[^6] is '+' or '-' && s[^3] == ':');
        return zoned && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}
