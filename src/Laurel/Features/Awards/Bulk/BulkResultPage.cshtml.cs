using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Bulk;

/// <summary>Step 3: the outcome of every row (awarded with its award, or refused with every reason) and the report download.</summary>
public sealed class BulkResultPageModel(ManageGuard guard, AwardService awards, BulkAwardService bulk) : PageModel
{
    public Achievement Achievement { get; private set; } = null!;
    public BulkUpload Upload { get; private set; } = null!;
    public List<BulkOutcome> Shown { get; private set; } = [];
    public Pager Pager { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, Guid uploadId, int? p, CancellationToken ct)
    {
        if (await guard.RequireAsync(User, StaffRight.Award, ScopeLevel.Achievement, id, ct) is { } denied) return denied;
        Achievement = (await awards.FindAchievementAsync(id, ct))!;
        if (await bulk.FindAsync(id, uploadId, ct) is not { } upload) return NotFound();
        Upload = upload;
        if (upload.Status is BulkUploadStatus.Previewed or BulkUploadStatus.Confirming) return Redirect($"/manage/achievements/{id}/bulk/{uploadId}");
        if (upload.Status == BulkUploadStatus.Expired) Response.StatusCode = StatusCodes.Status410Gone;
        var outcomes = BulkAwardService.Outcomes(upload);
        Pager = new Pager(outcomes.Count, BulkPreviewPageModel.PageSize, p, "");
        Shown = outcomes.Skip(Pager.Offset).Take(BulkPreviewPageModel.PageSize).ToList();
        return Page();
    }
}
