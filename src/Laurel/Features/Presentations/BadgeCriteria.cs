using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Presentations;

/// <summary>The things a criterion can be about; each has a resx key <c>Criterion_{kind}</c> (what is wanted) and reasons <c>Meets_</c>/<c>Lacks_{kind}</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CriterionKind>))]
public enum CriterionKind { MicroCredential, MinEqfLevel, MinCreditsEc, IssuerCountry, Issuer, Achievement, Alignment, LearningOutcome, IssuedOnOrAfter }

/// <summary>One criterion applied to one badge: met or not, what was wanted and what the badge has (values invariant, for the reason text).</summary>
public sealed record CriterionResult(CriterionKind Kind, bool Met, string Expected, string Actual);

/// <summary>
/// "What is wanted", stored as data (JSON) on a presentation request and on each recognition rule: every criterion set must hold
/// for one badge. Empty lists and nulls mean "no condition". E.g. EQF ≥ 6, ≥ 5 EC, from NL; this achievement; aligned to ESCO skill X.
/// </summary>
public sealed record BadgeCriteria
{
    public bool MicroCredentialOnly { get; init; }
    public int? MinEqfLevel { get; init; }
    public decimal? MinCreditsEc { get; init; }
    /// <summary>ISO 3166-1 alpha-2 code of the issuer's country (e.g. NL).</summary>
    public string? IssuerCountry { get; init; }
    /// <summary>Issuer ids (DIDs or URLs) accepted; any of them.</summary>
    public List<string> IssuerIds { get; init; } = [];
    /// <summary>Achievement ids (OB 3.0 achievement.id, e.g. a Laurel catalog URL); any of them.</summary>
    public List<string> AchievementIds { get; init; } = [];
    /// <summary>Alignment target URLs or codes (an ESCO skill URI, …); the badge must be aligned to at least one.</summary>
    public List<string> AnyAlignments { get; init; } = [];
    /// <summary>Learning outcome phrases; at least one must occur in the badge's learning outcomes (case-insensitive).</summary>
    public List<string> AnyLearningOutcomes { get; init; } = [];
    public DateOnly? IssuedOnOrAfter { get; init; }

    public const int MaxListItems = 50;
    public const int MaxItemLength = 2_048;

    /// <summary>True when nothing is asked beyond "a valid badge".</summary>
    [JsonIgnore]
    public bool IsEmpty => !MicroCredentialOnly && MinEqfLevel is null && MinCreditsEc is null && IssuerCountry is null && IssuerIds.Count == 0
        && AchievementIds.Count == 0 && AnyAlignments.Count == 0 && AnyLearningOutcomes.Count == 0 && IssuedOnOrAfter is null;

    /// <summary>Every criterion that is set, applied to <paramref name="facts"/>, in a fixed order.</summary>
    public IReadOnlyList<CriterionResult> Evaluate(BadgeFacts facts)
    {
        var results = new List<CriterionResult>();
        var inv = CultureInfo.InvariantCulture;
        if (MicroCredentialOnly)
            results.Add(new(CriterionKind.MicroCredential, facts.MicroCredential, "MicroCredential", facts.AchievementType ?? "-"));
        if (MinEqfLevel is { } eqf)
            results.Add(new(CriterionKind.MinEqfLevel, facts.EqfLevel >= eqf, eqf.ToString(inv), facts.EqfLevel?.ToString(inv) ?? "-"));
        if (MinCreditsEc is { } ec)
            results.Add(new(CriterionKind.MinCreditsEc, facts.CreditsEc is { } has && (decimal)has >= ec, ec.ToString("0.##", inv),
                facts.CreditsEc?.ToString("0.##", inv) ?? "-"));
        if (IssuerCountry is { } country)
            results.Add(new(CriterionKind.IssuerCountry, string.Equals(facts.IssuerCountry, country, StringComparison.OrdinalIgnoreCase), country,
                facts.IssuerCountry ?? "-"));
        if (IssuerIds.Count > 0)
            results.Add(new(CriterionKind.Issuer, facts.IssuerId is { } i && IssuerIds.Contains(i, StringComparer.Ordinal), string.Join(", ", IssuerIds),
                facts.IssuerId ?? "-"));
        if (AchievementIds.Count > 0)
            results.Add(new(CriterionKind.Achievement, facts.AchievementId is { } a && AchievementIds.Contains(a, StringComparer.Ordinal),
                string.Join(", ", AchievementIds), facts.AchievementId ?? "-"));
        if (AnyAlignments.Count > 0)
        {
            var hit = AnyAlignments.FirstOrDefault(wanted => facts.Alignments.Any(a =>
                string.Equals(a.Url, wanted, StringComparison.Ordinal) || string.Equals(a.Code, wanted, StringComparison.OrdinalIgnoreCase)));
            results.Add(new(CriterionKind.Alignment, hit is not null, string.Join(", ", AnyAlignments), hit ?? "-"));
        }
        if (AnyLearningOutcomes.Count > 0)
        {
            var text = facts.LearningOutcomes ?? "";
            var hit = AnyLearningOutcomes.FirstOrDefault(o => text.Contains(o, StringComparison.OrdinalIgnoreCase));
            results.Add(new(CriterionKind.LearningOutcome, hit is not null, string.Join(" | ", AnyLearningOutcomes), hit ?? "-"));
        }
        if (IssuedOnOrAfter is { } after)
            results.Add(new(CriterionKind.IssuedOnOrAfter, facts.IssuedAt is { } at && DateOnly.FromDateTime(at.UtcDateTime) >= after,
                after.ToString("yyyy-MM-dd", inv), facts.IssuedAt?.UtcDateTime.ToString("yyyy-MM-dd", inv) ?? "-"));
        return results;
    }

    /// <summary>True when every criterion holds for the badge.</summary>
    public bool IsMetBy(BadgeFacts facts) => Evaluate(facts).All(r => r.Met);

    /// <summary>
    /// Every problem at once, field (prefixed with <paramref name="prefix"/>, e.g. <c>Criteria.</c>) → messages in the user's language.
    /// Lists are bounded; levels 1–8; EC 0–999; country two letters; ids absolute URIs (DIDs included).
    /// </summary>
    public Dictionary<string, List<string>> Validate(IStringLocalizer<PresentationsText> t, string prefix = "")
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string key, params object[] args) =>
            (errors.TryGetValue(prefix + field, out var list) ? list : errors[prefix + field] = []).Add(t[key, args].Value);
        if (MinEqfLevel is { } eqf && eqf is < 1 or > 8) Add(nameof(MinEqfLevel), "Criteria_EqfRange");
        if (MinCreditsEc is { } ec && (ec <= 0 || ec > 999)) Add(nameof(MinCreditsEc), "Criteria_EcRange");
        if (IssuerCountry is { } c && (c.Length != 2 || !c.All(char.IsAsciiLetterUpper))) Add(nameof(IssuerCountry), "Criteria_CountryInvalid");
        CheckList(IssuerIds, nameof(IssuerIds), uri: true);
        CheckList(AchievementIds, nameof(AchievementIds), uri: true);
        CheckList(AnyAlignments, nameof(AnyAlignments), uri: false);
        CheckList(AnyLearningOutcomes, nameof(AnyLearningOutcomes), uri: false);
        if (IssuedOnOrAfter is { } d && (d.Year < 2000 || d.Year > 2100)) Add(nameof(IssuedOnOrAfter), "Criteria_DateRange");
        return errors;

        void CheckList(List<string> items, string field, bool uri)
        {
            if (items.Count > MaxListItems) Add(field, "Criteria_TooMany", MaxListItems);
            foreach (var item in items)
            {
                if (string.IsNullOrWhiteSpace(item) || item.Length > MaxItemLength) { Add(field, "Criteria_ItemLength", MaxItemLength); break; }
                if (uri && !Uri.TryCreate(item, UriKind.Absolute, out _)) { Add(field, "Criteria_NotUri", item); break; }
            }
        }
    }

    /// <summary>One reason line in the user's language, e.g. "meets: EQF 7 ≥ 6" / "lacks: 3 EC &lt; 4".</summary>
    public static string Reason(CriterionResult r, IStringLocalizer<PresentationsText> t) =>
        t[(r.Met ? "Meets_" : "Lacks_") + r.Kind, r.Actual, r.Expected].Value;

    /// <summary>What a criterion asks, in the user's language, e.g. "EQF level 6 or higher".</summary>
    public IEnumerable<string> Describe(IStringLocalizer<PresentationsText> t)
    {
        var inv = CultureInfo.InvariantCulture;
        if (MicroCredentialOnly) yield return t["Criterion_MicroCredential"].Value;
        if (MinEqfLevel is { } eqf) yield return t["Criterion_MinEqfLevel", eqf].Value;
        if (MinCreditsEc is { } ec) yield return t["Criterion_MinCreditsEc", ec.ToString("0.##", inv)].Value;
        if (IssuerCountry is { } c) yield return t["Criterion_IssuerCountry", c].Value;
        if (IssuerIds.Count > 0) yield return t["Criterion_Issuer", string.Join(", ", IssuerIds)].Value;
        if (AchievementIds.Count > 0) yield return t["Criterion_Achievement", string.Join(", ", AchievementIds)].Value;
        if (AnyAlignments.Count > 0) yield return t["Criterion_Alignment", string.Join(", ", AnyAlignments)].Value;
        if (AnyLearningOutcomes.Count > 0) yield return t["Criterion_LearningOutcome", string.Join(" | ", AnyLearningOutcomes)].Value;
        if (IssuedOnOrAfter is { } d) yield return t["Criterion_IssuedOnOrAfter", d.ToString("yyyy-MM-dd", inv)].Value;
    }
}
