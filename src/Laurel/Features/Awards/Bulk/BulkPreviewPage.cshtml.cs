using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Bulk;

/// <summary>Step 2: every row of the kept upload, checked now, with its problems per column; confirming awards the good rows.</summary>
[RequireStaffRight(StaffRight.Award, ScopeLevel.Achievement, "id")]
public sealed class BulkPreviewPageModel(AwardPolicy policy, BulkAwardService bulk, IStringLocalizer<BulkText> t) : PageModel
{
    public const int PageSize = 500;

    public Achievement Achievement { get; private set; } = null!;
    public BulkUpload Upload { get; private set; } = null!;
    public List<BulkRowCheck> Checks { get; private set; } = [];
    public List<BulkRowCheck> Shown { get; private set; } = [];
    public bool OnlyProblems { get; private set; }
    public Pager Pager { get; private set; } = null!;
    public string? Notice { get; private set; }
    public int GoodCount => Checks.Count(c => c.Good);
    public int BadCount => Checks.Count - GoodCount;

    public async Task<IActionResult> OnGetAsync(Guid id, Guid uploadId, string? show, int? p, CancellationToken ct)
    {
        if (await LoadAsync(id, uploadId, ct) is { } denied) return denied;
        if (Upload.Status is BulkUploadStatus.Completed or BulkUploadStatus.Interrupted) return Redirect($"/manage/achievements/{id}/bulk/{uploadId}/result");
        if (Upload.Status == BulkUploadStatus.Expired) Response.StatusCode = StatusCodes.Status410Gone;
        else if (Upload.Status == BulkUploadStatus.Confirming) Notice = t["Confirm_Busy"];
        else Checks = await bulk.CheckAsync(User, Achievement, Upload, ct);
        OnlyProblems = show == "problems";
        var rows = OnlyProblems ? Checks.Where(c => !c.Good).ToList() : Checks;
        Pager = new Pager(rows.Count, PageSize, p, OnlyProblems ? "show=problems&" : "");
        Shown = rows.Skip(Pager.Offset).Take(PageSize).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(Guid id, Guid uploadId, CancellationToken ct)
    {
        if (await LoadAsync(id, uploadId, ct) is { } denied) return denied;
        return await BulkResultPageModel.ConfirmAndShowAsync(this, bulk, t, Achievement, Upload, ct);
    }

    private async Task<IActionResult?> LoadAsync(Guid id, Guid uploadId, CancellationToken ct)
    {
        Achievement = (await policy.FindAchievementAsync(id, ct))!;
        if (await bulk.FindAsync(id, uploadId, ct) is not { } upload) return NotFound();
        Upload = upload;
        return null;
    }
}

/// <summary>Pages of a long table as plain links (no JavaScript), <c>?p=</c> 1-based.</summary>
public sealed record Pager(int Total, int Size, int? Requested, string Query)
{
    public int Count => Math.Max(1, (Total + Size - 1) / Size);
    public int Current => Math.Clamp(Requested ?? 1, 1, Count);
    public int Offset => (Current - 1) * Size;
    public string Link(int page) => $"?{Query}p={page}";
}
