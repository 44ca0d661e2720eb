using System.Globalization;
using System.Text.Json.Nodes;
using Laurel.Features.Awards.Issuing;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards;

/// <summary>What <c>POST /credentials/issue</c> read from the submitted credential, and every field it could not read.</summary>
public sealed record IssueRequestRead(Guid? AchievementId, string? Recipient, string RecipientType, DateOnly? CompletedOn, string? Grade,
    string? Narrative, List<AwardEvidence> Evidence, Dictionary<string, string[]> Errors)
{
    public AwardRequest ToRequest(Guid achievementId, FoundLearner? learner) => new()
    {
        AchievementId = achievementId, RecipientPersonId = learner?.Person.Id, RecipientIdentity = learner?.Identity,
        RecipientIdentityType = learner?.IdentityType ?? RecipientType, CompletedOn = CompletedOn, Grade = Grade, Narrative = Narrative,
        Evidence = Evidence,
    };
}

/// <summary>Reads the VC-API issue request (an OB 3.0 credential template) into an <see cref="AwardRequest"/>.</summary>
public static class IssueRequestReader
{
    public const string AchievementPath = "credential.credentialSubject.achievement.id";
    public const string RecipientPath = "credential.credentialSubject.identifier";
    public const string CompletedOnPath = "credential.credentialSubject.activityEndDate";

    public static IssueRequestRead Read(JsonObject body, IStringLocalizer<AwardsText> t)
    {
        var errors = new Dictionary<string, string[]>();
        if (body["credential"] is not JsonObject credential)
        {
            errors["credential"] = [t["Api_CredentialRequired"].Value];
            return new IssueRequestRead(null, null, RecipientTypes.EmailAddress, null, null, null, [], errors);
        }
        var subject = credential["credentialSubject"] as JsonObject;
        var achievementRef = subject?["achievement"] is JsonObject a ? Text(a["id"]) : Text(subject?["achievement"]);
        var achievementId = ParseAchievementId(achievementRef);
        if (achievementId is null) errors[AchievementPath] = [t["Api_AchievementIdRequired"].Value];

        string? recipient = null;
        var recipientType = RecipientTypes.EmailAddress;
        var identity = subject?["identifier"] switch { JsonArray list => list.FirstOrDefault() as JsonObject, JsonObject one => one, _ => null };
        if (identity is null || identity["hashed"] is JsonValue h && h.TryGetValue<bool>(out var hashed) && hashed
            || Text(identity["identityType"]) is not (RecipientTypes.EmailAddress or RecipientTypes.Identifier) || Text(identity["identityHash"]) is null)
            errors[RecipientPath] = [t["Api_RecipientRequired"].Value];
        else
        {
            recipient = Text(identity["identityHash"]);
            recipientType = Text(identity["identityType"])!;
        }

        DateOnly? completedOn = null;
        var completedText = Text(subject?["activityEndDate"]);
        if (completedText is null) errors[CompletedOnPath] = [t["Check_CompletedOnRequired"].Value];
        else if (DateOnly.TryParseExact(completedText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) completedOn = date;
        else if (DateTimeOffset.TryParse(completedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt))
            completedOn = DateOnly.FromDateTime(dt.UtcDateTime);
        else errors[CompletedOnPath] = [t["Check_DateUnreadable"].Value];

        var grade = subject?["result"] switch { JsonArray r => Text((r.FirstOrDefault() as JsonObject)?["value"]), JsonObject r => Text(r["value"]), _ => null };
        var evidence = (credential["evidence"] switch { JsonArray list => list.OfType<JsonObject>(), JsonObject one => [one], _ => [] })
            .Select(e => new AwardEvidence { Url = Text(e["id"]), Name = Text(e["name"]), Description = Text(e["description"]) ?? Text(e["narrative"]) })
            .ToList();
        return new IssueRequestRead(achievementId, recipient, recipientType, completedOn, grade, Text(subject?["narrative"]), evidence, errors);
    }

    /// <summary>A catalog URL (…/catalog/{id}), a urn:uuid or a bare id.</summary>
    public static Guid? ParseAchievementId(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        var marker = text.LastIndexOf("/catalog/", StringComparison.Ordinal);
        if (marker >= 0) text = text[(marker + "/catalog/".Length)..].Split('/', '?', '#')[0];
        else if (text.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase)) text = text["urn:uuid:".Length..];
        return Guid.TryParse(text, out var id) ? id : null;
    }

    /// <summary>Service error keys → the JSON paths of the request they concern.</summary>
    public static Dictionary<string, string[]> ToJsonPaths(Dictionary<string, List<string>> errors) => errors.ToDictionary(e => e.Key switch
    {
        "Achievement" or AwardService.RightKey => AchievementPath,
        "Recipient" => RecipientPath,
        "CompletedOn" => CompletedOnPath,
        "Grade" => "credential.credentialSubject.result[0].value",
        "Narrative" => "credential.credentialSubject.narrative",
        var k when k.StartsWith("Evidence[", StringComparison.Ordinal) =>
            "credential.evidence" + k["Evidence".Length..].Replace(".Url", ".id").Replace(".Name", ".name").Replace(".Description", ".description"),
        "Evidence" => "credential.evidence",
        AwardService.CredentialKey => "credential",
        var k => k,
    }, e => e.Value.ToArray());

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
}

/// <summary>
/// Reads the VC-API status update request in either form: Laurel's <c>{credentialId, credentialStatus: [{type, status: revoked |
/// suspended | active, reason}]}</c>, or the Bitstring Status List form <c>{credentialId, credentialStatus: {type:
/// "BitstringStatusListEntry", statusPurpose: revocation | suspension, status?: true | false}}</c> (status defaults to true: set
/// the bit). Revocation cannot be cleared.
/// </summary>
public static class StatusRequestReader
{
    public sealed record Change(AwardStatusAction Action, string? Reason);

    /// <summary>What was read: the credential id as sent, the award it names when it is urn:uuid:{guid}, the change, the request
    /// paths of the change's status and reason (for problems), and every problem.</summary>
    public sealed record Read(string CredentialId, Guid? AwardId, Change Change, string StatusPath, string ReasonPath,
        Dictionary<string, string[]> Errors);

    public static Read Parse(JsonObject body, IStringLocalizer<AwardsText> t, IStringLocalizer<VcApi.VcApiText> vt)
    {
        var errors = new Dictionary<string, string[]>();
        var id = body["credentialId"] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
        if (id is null) errors["credentialId"] = [t["Api_CredentialIdRequired"].Value];
        Guid? awardId = id is not null && id.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(id["urn:uuid:".Length..], out var g)
            ? g : null;
        var (entry, path) = body["credentialStatus"] switch
        {
            JsonArray { Count: 1 } list => (list[0] as JsonObject, "credentialStatus[0]"),
            JsonObject one => (one, "credentialStatus"),
            _ => (null, "credentialStatus"),
        };
        AwardStatusAction? action = null;
        if (entry is null) errors["credentialStatus"] = [t["Api_OneStatusChange"].Value];
        else
        {
            var type = entry["type"] is JsonValue tv && tv.TryGetValue<string>(out var ts) ? ts : null;
            if (type is not null and not ("BitstringStatusListCredential" or "BitstringStatusListEntry" or "BitstringStatusList"))
                errors[path + ".type"] = [t["Api_StatusTypeUnsupported"].Value];
            action = entry.ContainsKey("statusPurpose") ? BitstringAction(entry, path, errors, vt) : LaurelAction(entry, path, errors, t);
        }
        var reason = entry?["reason"] is JsonValue rv && rv.TryGetValue<string>(out var r) ? r : null;
        return new(id ?? "", awardId, new Change(action ?? AwardStatusAction.Reinstate, reason), path + ".status", path + ".reason", errors);
    }

    private static AwardStatusAction? LaurelAction(JsonObject entry, string path, Dictionary<string, string[]> errors, IStringLocalizer<AwardsText> t)
    {
        var action = (entry["status"] is JsonValue sv && sv.TryGetValue<string>(out var st) ? st : null) switch
        {
            "revoked" => AwardStatusAction.Revoke,
            "suspended" => AwardStatusAction.Suspend,
            "active" => (AwardStatusAction?)AwardStatusAction.Reinstate,
            _ => null,
        };
        if (action is null) errors[path + ".status"] = [t["Api_StatusValue"].Value];
        return action;
    }

    // Bitstring Status List form: the purpose names the list, status the value of the bit (SL-6.1: revocation is permanent).
    private static AwardStatusAction? BitstringAction(JsonObject entry, string path, Dictionary<string, string[]> errors,
        IStringLocalizer<VcApi.VcApiText> vt)
    {
        var purpose = entry["statusPurpose"] is JsonValue pv && pv.TryGetValue<string>(out var p) ? p : null;
        bool? set = entry.ContainsKey("status") ? entry["status"] is JsonValue bv && bv.TryGetValue<bool>(out var b) ? b : null : true;
        if (purpose is not ("revocation" or "suspension")) errors[path + ".statusPurpose"] = [vt["Status_PurposeValue"].Value];
        if (set is null) errors[path + ".status"] = [vt["Status_StatusBool"].Value];
        else if (purpose == "revocation" && set == false) errors[path + ".status"] = [vt["Status_RevocationFinal"].Value];
        return (purpose, set) switch
        {
            ("revocation", true) => AwardStatusAction.Revoke,
            ("suspension", true) => AwardStatusAction.Suspend,
            ("suspension", false) => AwardStatusAction.Reinstate,
            _ => null,
        };
    }

    public static string StatusName(AwardState state) => state switch
    {
        AwardState.Revoked => "revoked",
        AwardState.Suspended => "suspended",
        _ => "active",
    };
}
