using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Pathways;

/// <summary>Requirements and progress in plain words (nl/en), shared by the public, learner and JSON views.</summary>
public static class PathwayDisplay
{
    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "nl";

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.CurrentCulture);

    public static string ItemName(PathwayItemView item) => item.Achievement?.Name ?? item.Item.Label ?? item.Item.ExternalUrl ?? "";

    /// <summary>The requirements as sentences, e.g. "At least 3 of these 5 items", "At least 15 EC in total".</summary>
    public static List<string> Requirements(PathwayView view, IStringLocalizer<PathwaysText> t)
    {
        var p = view.Pathway;
        var lines = new List<string>();
        if (p.MinItems is { } n) lines.Add(t["Req_MinItems", n, view.Items.Count].Value);
        if (p.MinCredits is { } ec) lines.Add(t["Req_MinCredits", Number(ec)].Value);
        if (p.MinEqfLevel is { } level) lines.Add(t["Req_MinEqf", p.MinEqfCount, level].Value);
        var required = view.RequiredItems.Select(ItemName).ToList();
        if (required.Count > 0) lines.Add(t["Req_Required", string.Join(", ", required)].Value);
        return lines;
    }

    /// <summary>How far the learner is on one requirement, e.g. "10 of 15 EC".</summary>
    public static string Progress(RequirementProgress r, IStringLocalizer<PathwaysText> t) => r.Kind switch
    {
        RequirementKind.MinItems => t["Progress_MinItems", Number(r.Current), Number(r.Target)].Value,
        RequirementKind.MinCredits => t["Progress_MinCredits", Number(r.Current), Number(r.Target)].Value,
        RequirementKind.MinEqf => t["Progress_MinEqf", Number(r.Current), Number(r.Target), r.EqfLevel ?? 0].Value,
        _ => t["Progress_RequiredItems", Number(r.Current), Number(r.Target)].Value,
    };

    /// <summary>The issuers whose credentials count for an external item, in words (a domain includes its subdomains).</summary>
    public static string AcceptedIssuers(PathwayItem item, IStringLocalizer<PathwaysText> t) => item.AcceptedIssuers.Count == 0
        ? t["Issuers_RegistryOnly"].Value
        : t["Issuers_Accepted", string.Join(", ", item.AcceptedIssuers.Select(e =>
            Laurel.Features.Backpack.Imports.IssuerMatcher.IsDomain(e) ? t["Issuers_Domain", e].Value : e))].Value;

    /// <summary>Why an import does not count for an item, in the learner's words.</summary>
    public static string Reason(NotCounted reason, CredentialFact fact, IStringLocalizer<PathwaysText> t) => reason switch
    {
        NotCounted.NotValid => t["NotCounted_NotValid", t["ImportStatus_" + fact.Status].Value].Value,
        NotCounted.IssuerUnproven => t["NotCounted_IssuerUnproven", fact.IssuerName ?? "?"].Value,
        NotCounted.IssuerNotAccepted => t["NotCounted_IssuerNotAccepted", $"{fact.IssuerName} ({fact.ProvenIssuer})"].Value,
        NotCounted.RecipientNotMatched => t["NotCounted_RecipientNotMatched"].Value,
        NotCounted.RecipientNotStated => t["NotCounted_RecipientNotStated"].Value,
        _ => t["NotCounted_RecipientUnchecked"].Value,
    };

    /// <summary>Value and maximum for a &lt;progress&gt; element (capped, so an overshoot shows as full).</summary>
    public static (string Value, string Max) Bar(RequirementProgress r) =>
        (Math.Min(r.Current, r.Target).ToString("0.##", CultureInfo.InvariantCulture), r.Target.ToString("0.##", CultureInfo.InvariantCulture));
}
