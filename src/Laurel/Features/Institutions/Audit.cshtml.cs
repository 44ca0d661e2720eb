using Laurel.Features.Identity;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Institutions;

/// <summary>The institution's audit trail, newest first, paged and filterable by action (institution administrators only).</summary>
[RequireStaffRight(ScopeLevel.Institution, "id", InstitutionAdministrator = true)]
public sealed class AuditModel(LaurelDb db) : PageModel
{
    public const int PageSize = 50;

    public Institution Institution { get; private set; } = null!;
    public List<AuditEntry> Entries { get; private set; } = [];
    public List<string> Actions { get; private set; } = [];
    public int TotalCount { get; private set; }
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);

    [BindProperty(SupportsGet = true, Name = "filter")]
    public string? ActionFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Institution = await db.Institutions.AsNoTracking().FirstAsync(i => i.Id == id, ct);
        var entries = db.AuditEntries.AsNoTracking().Where(a => a.InstitutionId == id);
        Actions = await entries.Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
        if (!string.IsNullOrEmpty(ActionFilter)) entries = entries.Where(a => a.Action == ActionFilter);
        TotalCount = await entries.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Entries = await entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return Page();
    }

    public string PageLink(int page) =>
        $"/manage/institutions/{Institution.Id}/audit?p={page}" + (string.IsNullOrEmpty(ActionFilter) ? "" : "&filter=" + Uri.EscapeDataString(ActionFilter));
}
