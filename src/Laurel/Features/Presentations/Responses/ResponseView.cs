using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Presentations.Responses;

/// <summary>One badge of an answer as the result page, the CSV and the PDF show it.</summary>
public sealed record BadgeView(PresentedCredential Credential, IReadOnlyList<CheckLine> Checks, IReadOnlyList<(bool Met, string Reason)> Reasons,
    IReadOnlyList<(string Label, string Value)> Facts, IReadOnlyList<(string Label, string? Value)> Disclosures)
{
    public bool Meets => Reasons.All(r => r.Met);
}

/// <summary>Builds the shown form of a stored answer once, for the page and both exports.</summary>
public sealed class ResponseView(CheckTexts checks, IStringLocalizer<PresentationsText> p, IStringLocalizer<Requests.RequestPagesText> l)
{
    public List<BadgeView> Badges(PresentationRequest request, PresentationResponse response)
    {
        var list = new List<BadgeView>();
        for (var i = 0; i < response.Credentials.Count; i++)
        {
            var c = response.Credentials[i];
            var issuer = c.Facts.IssuerId is { } id ? $"{id} ({c.Facts.IssuerName})" : c.Facts.IssuerName;
            var lines = c.Checks.Select(x => checks.Line(x, issuer)).Append(checks.Binding(c)).ToList();
            var results = i < response.CriteriaResults.Count ? response.CriteriaResults[i] : [];
            var reasons = results.Select(r => (r.Met, BadgeCriteria.Reason(r, p))).ToList();
            // Every requested fact: its value when disclosed, "not disclosed" (null) when withheld.
            var disclosures = request.RequiredFacts.Union(c.Disclosed.Keys)
                .Select(f => (p["Fact_" + f].Value, c.Disclosed.TryGetValue(f, out var v) ? v : null)).ToList();
            list.Add(new BadgeView(c, lines, reasons, Facts(c.Facts), disclosures));
        }
        return list;
    }

    public List<(string Label, string Value)> Facts(BadgeFacts f)
    {
        var culture = CultureInfo.CurrentCulture;
        var facts = new List<(string, string)> { (l["FactAchievement"], f.AchievementName), (l["FactIssuer"], f.IssuerName) };
        if (f.IssuerId is { } id) facts.Add((l["FactIssuerId"], id));
        facts.Add((l["FactType"], f.MicroCredential ? l["MicroCredential"].Value : f.AchievementType ?? "-"));
        if (f.EqfLevel is { } eqf) facts.Add((l["FactLevel"], "EQF " + eqf.ToString(CultureInfo.InvariantCulture) + (f.NlqfLevel is { } n ? $" · NLQF {n}" : "")));
        if (f.CreditsEc is { } ec) facts.Add((l["FactCredits"], ec.ToString("0.##", culture) + " EC"));
        if (f.IssuerCountry is { } country) facts.Add((l["FactCountry"], country));
        if (f.IssuedAt is { } at) facts.Add((l["FactIssued"], at.ToString("d MMMM yyyy", culture)));
        if (f.AchievementId is { } aid) facts.Add((l["FactAchievementId"], aid));
        return facts;
    }
}
