using Laurel.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Backpack;

/// <summary>
/// The signed-in learner's credentials from every institution and their imports, filtered and sorted by GET parameters,
/// with a form per award to share it publicly and choose what the public sees.
/// </summary>
[Authorize]
public sealed class IndexModel(BackpackService backpack) : PageModel
{
    /// <summary>Every credential of the learner (the counts per state and the filter choices come from these).</summary>
    public List<BackpackEntry> All { get; private set; } = [];
    /// <summary>The credentials shown: filtered and sorted.</summary>
    public List<BackpackEntry> Items { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Institution { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Source { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }

    /// <summary>The award whose settings were just saved (for the confirmation message).</summary>
    [BindProperty(SupportsGet = true)] public Guid? Saved { get; set; }

    public BackpackQuery Query => new() { State = State, Institution = Institution, Kind = Kind, Source = Source, Sort = Sort };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        All = await backpack.ListAsync(personId, ct);
        Items = Query.Apply(All, System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostSharingAsync(Guid awardId, bool isPublic, bool showGrade, bool showEvidence, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (!await backpack.SetSharingAsync(personId, awardId, isPublic, showGrade, showEvidence, ct)) return NotFound();
        Laurel.Features.Insights.InsightsCounting.Shared(HttpContext, awardId, isPublic);
        return Redirect($"/backpack?saved={awardId}#award-{awardId}");
    }
}
