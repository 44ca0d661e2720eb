using System.Globalization;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Presentations.Requests;

/// <summary>A request's settings after validation, ready to store.</summary>
public sealed record RequestValues(string Title, string? VerifierName, string PurposeNl, string PurposeEn, BadgeCriteria Criteria,
    List<DisclosedFact> RequiredFacts, bool AllowMultiple, bool Reusable, int RetentionDays)
{
    public void ApplyTo(PresentationRequest request)
    {
        request.VerifierName = VerifierName;
        request.Criteria = Criteria;
        request.RequiredFacts = RequiredFacts;
        request.AllowMultiple = AllowMultiple;
        request.Reusable = Reusable;
        request.RetentionDays = RetentionDays;
    }
}

/// <summary>
/// The fields of the new and edit pages of a request, flat so each input's name is its id (the error summary links to it).
/// Criteria fields carry the id prefix <see cref="CriteriaPrefix"/>, the prefix <see cref="BadgeCriteria.Validate"/> is given.
/// </summary>
public abstract class RequestFormPage(IStringLocalizer<RequestPagesText> text, IStringLocalizer<PresentationsText> criteriaText) : PageModel
{
    public const string CriteriaPrefix = "Criteria_";
    public const int MaxLinesField = 60_000;
    /// <summary>Body limit of every presentation page POST: the largest honest form (three long lists) fits with room to spare.</summary>
    public const long RequestLimitBytes = 512 * 1024;

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? VerifierName { get; set; }
    [BindProperty] public string? PurposeNl { get; set; }
    [BindProperty] public string? PurposeEn { get; set; }
    [BindProperty] public bool MicroCredentialOnly { get; set; } = true;
    [BindProperty] public string? MinEqfLevel { get; set; }
    [BindProperty] public string? MinCreditsEc { get; set; }
    [BindProperty] public string? IssuerCountry { get; set; }
    [BindProperty] public string? AchievementIds { get; set; }
    /// <summary>Achievement ids picked from the public catalog (added to the typed ones).</summary>
    [BindProperty] public List<string> CatalogPicks { get; set; } = [];
    [BindProperty] public string? Alignments { get; set; }
    [BindProperty] public string? LearningOutcomes { get; set; }
    [BindProperty] public string? IssuedOnOrAfter { get; set; }
    [BindProperty] public bool RequireName { get; set; }
    [BindProperty] public bool RequireGrade { get; set; }
    [BindProperty] public bool RequireEvidence { get; set; }
    [BindProperty] public bool AllowMultiple { get; set; }
    [BindProperty] public bool Reusable { get; set; } = true;
    [BindProperty] public string? RetentionDays { get; set; } = "30";

    /// <summary>Published micro-credentials of the catalog (id URL, name, institution) for the picker.</summary>
    public List<(string Id, string Name, string Institution)> Catalog { get; protected set; } = [];

    public Problems Errors { get; } = new();

    /// <summary>Every problem at once (own fields and the criteria's), or the values to store.</summary>
    protected RequestValues? Validate()
    {
        string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        void Add(string field, string key, params object[] args) => Errors.Add(field, text[key, args].Value);

        var title = Trim(Title);
        if (title is null) Add(nameof(Title), "Error_TitleRequired");
        else if (title.Length > PresentationRequest.MaxTitleLength) Add(nameof(Title), "Error_TooLong", PresentationRequest.MaxTitleLength);
        var verifier = Trim(VerifierName);
        if (verifier is { Length: > 200 }) Add(nameof(VerifierName), "Error_TooLong", 200);
        var nl = Trim(PurposeNl);
        var en = Trim(PurposeEn);
        if (nl is null && en is null) Add(nameof(PurposeEn), "Error_PurposeRequired");
        if (nl is { Length: > PresentationRequest.MaxPurposeLength }) Add(nameof(PurposeNl), "Error_TooLong", PresentationRequest.MaxPurposeLength);
        if (en is { Length: > PresentationRequest.MaxPurposeLength }) Add(nameof(PurposeEn), "Error_TooLong", PresentationRequest.MaxPurposeLength);

        int days = 0;
        if (!int.TryParse(Trim(RetentionDays), NumberStyles.None, CultureInfo.InvariantCulture, out days)
            || days < PresentationRequest.MinRetentionDays || days > PresentationRequest.MaxRetentionDays)
            Add(nameof(RetentionDays), "Error_Retention", PresentationRequest.MinRetentionDays, PresentationRequest.MaxRetentionDays);
        foreach (var (field, value) in new[] { (nameof(AchievementIds), AchievementIds), (nameof(Alignments), Alignments), (nameof(LearningOutcomes), LearningOutcomes) })
            if (value is { Length: > MaxLinesField }) Add(CriteriaPrefix + Field(field), "Error_TooLong", MaxLinesField);

        var criteria = new CriteriaText(MicroCredentialOnly, MinEqfLevel, MinCreditsEc, IssuerCountry, null, AchievementIds, Alignments, LearningOutcomes,
            IssuedOnOrAfter).Parse(CriteriaPrefix, criteriaText, Errors.Add, CatalogPicks.Select(p => p.Trim()).Where(p => p.Length > 0));
        if (Errors.Any) return null;

        var facts = new List<DisclosedFact>();
        if (RequireName) facts.Add(DisclosedFact.RecipientName);
        if (RequireGrade) facts.Add(DisclosedFact.Grade);
        if (RequireEvidence) facts.Add(DisclosedFact.Evidence);
        // One language is enough to ask; the learner then reads that text whatever language they use.
        return new RequestValues(title!, verifier, nl ?? en!, en ?? nl!, criteria, facts, AllowMultiple, Reusable, days);
    }

    /// <summary>The criteria field a form field's problems belong to (typed lists are validated under the criteria's names).</summary>
    private static string Field(string formField) => formField switch
    {
        nameof(Alignments) => nameof(BadgeCriteria.AnyAlignments),
        nameof(LearningOutcomes) => nameof(BadgeCriteria.AnyLearningOutcomes),
        _ => formField,
    };

    /// <summary>Fills the form from a stored request (edit page).</summary>
    protected void Fill(PresentationRequest r)
    {
        (Title, VerifierName, PurposeNl, PurposeEn) = (r.Title, r.VerifierName, r.PurposeNl, r.PurposeEn);
        CatalogPicks = [.. r.Criteria.AchievementIds.Where(id => Catalog.Any(x => x.Id == id))];
        var c = CriteriaText.From(r.Criteria with { AchievementIds = [.. r.Criteria.AchievementIds.Where(id => !CatalogPicks.Contains(id))] });
        (MicroCredentialOnly, MinEqfLevel, MinCreditsEc, IssuerCountry) = (c.MicroCredentialOnly, c.MinEqfLevel, c.MinCreditsEc, c.IssuerCountry);
        (AchievementIds, Alignments, LearningOutcomes, IssuedOnOrAfter) = (c.AchievementIds, c.AnyAlignments, c.AnyLearningOutcomes, c.IssuedOnOrAfter);
        RequireName = r.RequiredFacts.Contains(DisclosedFact.RecipientName);
        RequireGrade = r.RequiredFacts.Contains(DisclosedFact.Grade);
        RequireEvidence = r.RequiredFacts.Contains(DisclosedFact.Evidence);
        (AllowMultiple, Reusable, RetentionDays) = (r.AllowMultiple, r.Reusable, r.RetentionDays.ToString(CultureInfo.InvariantCulture));
    }
}
