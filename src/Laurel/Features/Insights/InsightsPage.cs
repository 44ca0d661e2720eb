using System.Globalization;
using Laurel.Features.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Insights;

/// <summary>The insights page of one node; one subclass per level carries that level's authorization (view right on the node).</summary>
public abstract class InsightsPageModel(InsightsQuery query) : PageModel
{
    protected abstract ScopeLevel Level { get; }

    public InsightsReport Report { get; private set; } = null!;

    [BindProperty(SupportsGet = true, Name = "period")]
    public string? PeriodValue { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        if (await query.ReportAsync(new InsightsScope(Level, id), InsightsQuery.ParsePeriod(PeriodValue), lang, ct) is not { } report) return NotFound();
        Report = report;
        Response.Headers.CacheControl = "private, no-store";
        return Page();
    }
}

[RequireStaffRight(StaffRight.View, ScopeLevel.Institution, "id")]
public sealed class InstitutionInsightsModel(InsightsQuery query) : InsightsPageModel(query)
{
    protected override ScopeLevel Level => ScopeLevel.Institution;
}

[RequireStaffRight(StaffRight.View, ScopeLevel.Faculty, "id")]
public sealed class FacultyInsightsModel(InsightsQuery query) : InsightsPageModel(query)
{
    protected override ScopeLevel Level => ScopeLevel.Faculty;
}

[RequireStaffRight(StaffRight.View, ScopeLevel.Issuer, "id")]
public sealed class IssuerInsightsModel(InsightsQuery query) : InsightsPageModel(query)
{
    protected override ScopeLevel Level => ScopeLevel.Issuer;
}

[RequireStaffRight(StaffRight.View, ScopeLevel.Achievement, "id")]
public sealed class AchievementInsightsModel(InsightsQuery query) : InsightsPageModel(query)
{
    protected override ScopeLevel Level => ScopeLevel.Achievement;
}
