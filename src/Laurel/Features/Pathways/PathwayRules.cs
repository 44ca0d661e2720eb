using System.Globalization;
using Laurel.Features.Achievements;
using Laurel.Features.Backpack.Imports;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Pathways;

/// <summary>What the rules need to know about an achievement the form refers to.</summary>
public sealed record ReferencedAchievement(Guid Id, Guid LineageId, Guid InstitutionId, AchievementStatus Status, bool Archived, bool GradeRequired);

/// <summary>A valid form, parsed.</summary>
public sealed record PathwayValues(string NameNl, string NameEn, string DescriptionNl, string DescriptionEn, PathwayStatus Status,
    IReadOnlyList<PathwayItem> Items, int? MinItems, decimal? MinCredits, int? MinEqfLevel, int MinEqfCount, Guid? CompletionAchievementId);

/// <summary>
/// Every rule of a pathway definition, reporting all problems at once (field → messages) in the user's language. The database
/// look-ups (referenced achievements, the right to award the completion achievement) are done by the caller.
/// </summary>
public static class PathwayRules
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4_000;
    public const int MaxUrlLength = 2_048;
    public const int MaxItems = 30;
    public const decimal MaxCredits = 999m;
    public const int MaxAcceptedIssuers = 20;

    public static (Dictionary<string, List<string>> Errors, PathwayValues? Values) Check(PathwayInput input, Guid institutionId,
        IReadOnlyDictionary<Guid, ReferencedAchievement> achievements, bool mayAwardCompletion, IStringLocalizer<PathwaysText> t)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string key, params object[] args) =>
            (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(t[key, args].Value);

        var nameNl = Text(input.NameNl, "NameNl", MaxNameLength, required: true);
        var nameEn = Text(input.NameEn, "NameEn", MaxNameLength, required: true);
        var descriptionNl = Text(input.DescriptionNl, "DescriptionNl", MaxDescriptionLength, required: false);
        var descriptionEn = Text(input.DescriptionEn, "DescriptionEn", MaxDescriptionLength, required: false);
        PathwayStatus? status = input.Status switch { "draft" => PathwayStatus.Draft, "published" => PathwayStatus.Published, _ => null };
        if (status is null) Add("Status", "Rule_StatusInvalid");

        var items = new List<PathwayItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (row, index) in input.FilledItems())
        {
            var field = $"Items[{index}]";
            var item = new PathwayItem { Id = Guid.CreateVersion7(), Position = items.Count, Required = row.Required };
            var url = row.ExternalUrl?.Trim();
            var issuers = row.IssuerLines();
            if (row.AchievementId is { } id)
            {
                if (!string.IsNullOrEmpty(url)) Add(field + ".ExternalUrl", "Rule_ItemBoth");
                // A Laurel item counts only awards signed by the institution that defined it: there is nothing to accept.
                if (issuers.Count > 0) Add(field + ".AcceptedIssuers", "Rule_IssuersOnlyExternal");
                if (!achievements.TryGetValue(id, out var a)) { Add(field + ".AchievementId", "Rule_ItemUnknown"); continue; }
                if (a.Archived || a.Status != AchievementStatus.Published) Add(field + ".AchievementId", "Rule_ItemNotPublished");
                if (!seen.Add(a.LineageId.ToString())) Add(field + ".AchievementId", "Rule_ItemDuplicate");
                item.AchievementId = a.Id;
                item.LineageId = a.LineageId;
            }
            else
            {
                var label = row.Label?.Trim();
                if (string.IsNullOrEmpty(url)) Add(field + ".ExternalUrl", "Rule_ItemUrlRequired");
                else if (url.Length > MaxUrlLength) Add(field + ".ExternalUrl", "Rule_TooLong", MaxUrlLength);
                else if (!IsAchievementUri(url)) Add(field + ".ExternalUrl", "Rule_ItemUrlInvalid");
                else if (!seen.Add(url)) Add(field + ".ExternalUrl", "Rule_ItemDuplicate");
                if (string.IsNullOrEmpty(label)) Add(field + ".Label", "Rule_ItemLabelRequired");
                else if (label.Length > MaxNameLength) Add(field + ".Label", "Rule_TooLong", MaxNameLength);
                item.ExternalUrl = url;
                item.Label = label;
                item.AcceptedIssuers = CheckIssuers(issuers, field + ".AcceptedIssuers");
            }
            items.Add(item);
        }
        var itemCount = input.FilledItems().Count();
        if (itemCount == 0) Add("Items", "Rule_ItemsRequired");
        else if (itemCount > MaxItems) Add("Items", "Rule_ItemsTooMany", MaxItems);

        var minItems = Number(input.MinItems, "MinItems", 1, Math.Max(1, itemCount), whole: true);
        var minCredits = Number(input.MinCredits, "MinCredits", 0.5m, MaxCredits, whole: false);
        var minEqfLevel = Number(input.MinEqfLevel, "MinEqfLevel", 1, 8, whole: true);
        var minEqfCount = Number(input.MinEqfCount, "MinEqfCount", 1, Math.Max(1, itemCount), whole: true);
        if (minEqfCount is not null && string.IsNullOrWhiteSpace(input.MinEqfLevel)) Add("MinEqfLevel", "Rule_EqfLevelForCount");
        var anyRequired = input.FilledItems().Any(x => x.Item.Required);
        if (string.IsNullOrWhiteSpace(input.MinItems) && string.IsNullOrWhiteSpace(input.MinCredits)
            && string.IsNullOrWhiteSpace(input.MinEqfLevel) && !anyRequired)
            Add("MinItems", "Rule_RequirementRequired");

        if (input.CompletionAchievementId is { } completionId)
        {
            if (!achievements.TryGetValue(completionId, out var c) || c.InstitutionId != institutionId)
                Add("CompletionAchievementId", "Rule_CompletionNotOwn");
            else
            {
                if (c.Archived || c.Status != AchievementStatus.Published) Add("CompletionAchievementId", "Rule_CompletionNotPublished");
                else if (!mayAwardCompletion) Add("CompletionAchievementId", "Rule_CompletionNoRight");
                if (c.GradeRequired) Add("CompletionAchievementId", "Rule_CompletionGrade");
                if (items.Any(i => i.LineageId == c.LineageId)) Add("CompletionAchievementId", "Rule_CompletionIsItem");
            }
        }

        if (errors.Count > 0) return (errors, null);
        return (errors, new PathwayValues(nameNl!, nameEn!, descriptionNl ?? "", descriptionEn ?? "", status!.Value, items,
            (int?)minItems, minCredits, (int?)minEqfLevel, (int?)minEqfCount ?? 1, input.CompletionAchievementId));

        List<string> CheckIssuers(List<string> lines, string field)
        {
            if (lines.Count > MaxAcceptedIssuers) Add(field, "Rule_IssuersTooMany", MaxAcceptedIssuers);
            var accepted = new List<string>();
            foreach (var (line, number) in lines.Select((l, i) => (l, i + 1)))
            {
                var entry = IssuerMatcher.IsDomain(line) ? line.ToLowerInvariant() : line;
                if (line.Length > IssuerMatcher.MaxEntryLength) Add(field, "Rule_IssuerTooLong", number, IssuerMatcher.MaxEntryLength);
                else if (line.StartsWith("urn:", StringComparison.OrdinalIgnoreCase)) Add(field, "Rule_IssuerUrn", number, line);
                else if (!IssuerMatcher.IsValidEntry(line)) Add(field, "Rule_IssuerInvalid", number, line);
                else if (accepted.Contains(entry, StringComparer.Ordinal)) Add(field, "Rule_IssuerDuplicate", number, line);
                else accepted.Add(entry);
            }
            return accepted;
        }

        string? Text(string? value, string field, int max, bool required)
        {
            var text = value?.Trim();
            if (string.IsNullOrEmpty(text)) { if (required) Add(field, "Rule_Required"); return null; }
            if (text.Length > max) Add(field, "Rule_TooLong", max);
            return text;
        }

        decimal? Number(string? text, string field, decimal min, decimal max, bool whole)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (!decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                    CultureInfo.InvariantCulture, out var value) || (whole && value != decimal.Truncate(value)))
            {
                Add(field, whole ? "Rule_NotAWholeNumber" : "Rule_NotANumber");
                return null;
            }
            if (value < min || value > max) Add(field, "Rule_Between", Format(min), Format(max));
            return value;
        }
    }

    /// <summary>Achievement ids and alignment targets are absolute URLs (http, https) or URNs/DIDs (e.g. <c>urn:uuid:…</c>).</summary>
    public static bool IsAchievementUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "urn" or "did"
        && !value.Any(char.IsWhiteSpace);

    private static string Format(decimal value) => value.ToString("0.##", CultureInfo.CurrentCulture);
}
