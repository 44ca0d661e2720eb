using System.Globalization;
using System.Text.Json.Nodes;
using Laurel.Features.Awards.Issuing;
using Laurel.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards.Results;

/// <summary>What could be read from one completion, and every field that could not (JSON path → messages).</summary>
public sealed record CompletionRead(RecipientKind? LearnerKind, string? LearnerId, Guid? AchievementId, DateOnly? CompletedOn, string? Grade,
    string? Narrative, List<AwardEvidence> Evidence, Problems Errors);

/// <summary>Reads a completion by hand rather than by model binding, so every unreadable field is reported at once.</summary>
public static class CompletionReader
{
    public static CompletionRead Read(JsonNode? node, IStringLocalizer<ResultsText> t)
    {
        var errors = new Problems();
        if (node is not JsonObject body)
        {
            errors.Add("", t["Read_ObjectRequired"]);
            return new CompletionRead(null, null, null, null, null, null, [], errors);
        }

        RecipientKind? kind = null;
        string? learnerId = null;
        if (body["learner"] is not JsonObject learner) errors.Add("learner", t["Read_LearnerRequired"]);
        else
        {
            kind = Text(learner["type"])?.ToLowerInvariant() switch
            {
                "eduid" => RecipientKind.EduId,
                "eppn" => RecipientKind.Eppn,
                "email" => RecipientKind.Email,
                _ => null,
            };
            if (kind is null) errors.Add("learner.type", t["Read_LearnerType"]);
            learnerId = Text(learner["id"]);
            if (learnerId is null) errors.Add("learner.id", t["Read_LearnerIdRequired"]);
            else if (learnerId.Length > 320) errors.Add("learner.id", t["Read_LearnerIdTooLong"]);
        }

        Guid? achievementId = null;
        var achievementText = Text(body["achievementId"]);
        if (achievementText is null) errors.Add("achievementId", t["Read_AchievementRequired"]);
        else if (IssueRequestReader.ParseAchievementId(achievementText) is { } id) achievementId = id;
        else errors.Add("achievementId", t["Read_AchievementUnreadable"]);

        DateOnly? completedOn = null;
        var dateText = Text(body["completedOn"]);
        if (dateText is null) errors.Add("completedOn", t["Read_CompletedOnRequired"]);
        else if (DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) completedOn = d;
        else errors.Add("completedOn", t["Read_DateUnreadable"]);

        var grade = Scalar(body["grade"]);
        if (body["grade"] is not null and not JsonValue) errors.Add("grade", t["Read_TextRequired"]);
        var narrative = Text(body["narrative"]);
        if (body["narrative"] is not null and not JsonValue) errors.Add("narrative", t["Read_TextRequired"]);

        var evidence = new List<AwardEvidence>();
        switch (body["evidence"])
        {
            case null: break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is JsonObject e) evidence.Add(new AwardEvidence { Url = Text(e["url"]), Name = Text(e["name"]), Description = Text(e["description"]) });
                    else
                    {
                        errors.Add($"evidence[{i}]", t["Read_EvidenceObject"]);
                        evidence.Add(new AwardEvidence());
                    }
                }
                break;
            default:
                errors.Add("evidence", t["Read_EvidenceArray"]);
                break;
        }
        return new CompletionRead(kind, learnerId, achievementId, completedOn, grade, narrative, evidence, errors);
    }

    /// <summary>Policy error keys → the JSON paths of the completion they concern.</summary>
    public static string PathOf(string policyKey) => policyKey switch
    {
        "Achievement" or AwardService.RightKey => "achievementId",
        "Recipient" => "learner.id",
        "CompletedOn" => "completedOn",
        "Grade" => "grade",
        "Narrative" => "narrative",
        "Evidence" => "evidence",
        AwardService.CredentialKey => "credential",
        var k when k.StartsWith("Evidence[", StringComparison.Ordinal) =>
            "evidence" + k["Evidence".Length..].Replace(".Url", ".url").Replace(".Name", ".name").Replace(".Description", ".description"),
        var k => k,
    };

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    // Grades may come as numbers (8, 7.5) or text ("8", "pass").
    private static string? Scalar(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue<string>(out var s) ? (string.IsNullOrWhiteSpace(s) ? null : s.Trim())
        : v.TryGetValue<decimal>(out var n) ? n.ToString(CultureInfo.InvariantCulture) : null
        : null;
}
