using Laurel.Features.Identity;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Paging;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Institutions;

/// <summary>The institution's audit trail, newest first, paged (by keyset) and filterable by action (institution administrators only).</summary>
[RequireStaffRight(ScopeLevel.Institution, "id", InstitutionAdministrator = true)]
public sealed class AuditModel(LaurelDb db) : PageModel
{
    public const int PageSize = 50;

    public Institution Institution { get; private set; } = null!;
    public List<AuditEntry> Entries { get; private set; } = [];
    /// <summary>The filter's choices: the known actions (and an unknown one asked for by URL), never read from the trail.</summary>
    public List<string> Actions { get; private set; } = [];
    /// <summary>Cursors of the newer (previous) and older (next) page, null at either end.</summary>
    public KeysetCursor? Newer { get; private set; }
    public KeysetCursor? Older { get; private set; }

    [BindProperty(SupportsGet = true, Name = "filter")]
    public string? ActionFilter { get; set; }

    /// <summary>Show the entries after this one (the next, older page).</summary>
    [BindProperty(SupportsGet = true, Name = "before")]
    public string? Before { get; set; }

    /// <summary>Show the entries before this one (the previous, newer page).</summary>
    [BindProperty(SupportsGet = true, Name = "after")]
    public string? After { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Institution = await db.Institutions.AsNoTracking().FirstAsync(i => i.Id == id, ct);
        Actions = [.. AuditActions.Known];
        if (!string.IsNullOrEmpty(ActionFilter) && !Actions.Contains(ActionFilter)) Actions.Add(ActionFilter);
        var page = await Keyset.ReadAsync(Before, After, PageSize, a => new KeysetCursor(a.At, a.Id), (older, newer) => PageAsync(id, older, newer, ct));
        (Entries, Newer, Older) = (page.Items, page.Newer, page.Older);
        return Page();
    }

    // Keyset paging by (At, Id), newest first, over IX_AuditEntries_Institution_At (or …_Action_At with a filter): every page
    // is one index range read, whatever its depth. The "<= then tie-break" form lets the cursor bound the index scan.
    private Task<List<AuditEntry>> PageAsync(Guid id, KeysetCursor? before, KeysetCursor? after, CancellationToken ct)
    {
        var entries = db.AuditEntries.AsNoTracking().Where(a => a.InstitutionId == id);
        if (!string.IsNullOrEmpty(ActionFilter)) entries = entries.Where(a => a.Action == ActionFilter);
        return entries.Around(a => a.At, a => a.Id, before, after).Take(PageSize + 1).ToListAsync(ct);
    }

    public string PageLink(string direction, KeysetCursor cursor) =>
        $"/manage/institutions/{Institution.Id}/audit?{direction}={cursor}" + (string.IsNullOrEmpty(ActionFilter) ? "" : "&filter=" + Uri.EscapeDataString(ActionFilter));
}
