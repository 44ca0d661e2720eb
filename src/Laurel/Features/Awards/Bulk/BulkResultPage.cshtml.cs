using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Bulk;

/// <summary>
/// Step 3: the outcome of every row (awarded now, awarded before an interruption, or refused with every reason) and the report
/// download; for an interrupted upload, how far it got and the Resume action.
/// </summary>
[RequireStaffRight(StaffRight.Award, ScopeLevel.Achievement, "id")]
public sealed class BulkResultPageModel(AwardPolicy policy, BulkAwardService bulk, IStringLocalizer<BulkText> t) : PageModel
{
    public Achievement Achievement { get; private set; } = null!;
    public BulkUpload Upload { get; private set; } = null!;
    public List<BulkOutcome> Shown { get; private set; } = [];
    public Pager Pager { get; private set; } = null!;
    /// <summary>Interrupted: rows awarded so far. Completed: rows awarded before an interruption.</summary>
    public int AwardedEarlier { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid uploadId, int? p, CancellationToken ct)
    {
        if (await LoadAsync(id, uploadId, ct) is { } denied) return denied;
        var upload = Upload;
        if (upload.Status is BulkUploadStatus.Previewed or BulkUploadStatus.Confirming) return Redirect($"/manage/achievements/{id}/bulk/{uploadId}");
        if (upload.Status == BulkUploadStatus.Expired) Response.StatusCode = StatusCodes.Status410Gone;
        if (upload.Status == BulkUploadStatus.Interrupted)
        {
            AwardedEarlier = await bulk.AwardedSoFarAsync(uploadId, ct);
            Pager = new Pager(0, BulkPreviewPageModel.PageSize, 1, "");
            return Page();
        }
        var outcomes = BulkAwardService.Outcomes(upload);
        AwardedEarlier = outcomes.Count(o => o.Earlier);
        Pager = new Pager(outcomes.Count, BulkPreviewPageModel.PageSize, p, "");
        Shown = outcomes.Skip(Pager.Offset).Take(BulkPreviewPageModel.PageSize).ToList();
        return Page();
    }

    /// <summary>Resumes an interrupted upload: only rows without an award are checked and awarded.</summary>
    public async Task<IActionResult> OnPostResumeAsync(Guid id, Guid uploadId, CancellationToken ct)
    {
        if (await LoadAsync(id, uploadId, ct) is { } denied) return denied;
        return await ConfirmAndShowAsync(this, bulk, t, Achievement, Upload, ct);
    }

    /// <summary>Confirms or resumes, then shows where the upload stands (the result, or the preview while another run is busy).</summary>
    internal static async Task<IActionResult> ConfirmAndShowAsync(PageModel page, BulkAwardService bulk, IStringLocalizer<BulkText> t,
        Achievement achievement, BulkUpload upload, CancellationToken ct)
    {
        var result = await bulk.ConfirmAsync(Awarder.Of(page.User), achievement, upload, ct);
        if (result == BulkConfirmResult.Forbidden) return new StatusCodeResult(StatusCodes.Status403Forbidden);
        if (result != BulkConfirmResult.Completed)
            page.TempData["Notice"] = t[result == BulkConfirmResult.Interrupted ? "Notice_Interrupted" : "Confirm_NotPossible"].Value;
        var now = await bulk.FindAsync(achievement.Id, upload.Id, ct);
        return new RedirectResult(now?.Status is BulkUploadStatus.Completed or BulkUploadStatus.Interrupted
            ? $"/manage/achievements/{achievement.Id}/bulk/{upload.Id}/result" : $"/manage/achievements/{achievement.Id}/bulk/{upload.Id}");
    }

    private async Task<IActionResult?> LoadAsync(Guid id, Guid uploadId, CancellationToken ct)
    {
        Achievement = (await policy.FindAchievementAsync(id, ct))!;
        if (await bulk.FindAsync(id, uploadId, ct) is not { } upload) return NotFound();
        Upload = upload;
        return null;
    }
}
