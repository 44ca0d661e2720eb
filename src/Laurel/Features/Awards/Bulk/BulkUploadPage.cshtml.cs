using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Bulk;

/// <summary>Step 1 of a bulk award: upload the CSV file (staff with the Award right); problems with the file as a whole are shown here.</summary>
[RequestFormLimits(MultipartBodyLengthLimit = RequestLimitBytes)]
[RequestSizeLimit(RequestLimitBytes)]
[RequireStaffRight(StaffRight.Award, ScopeLevel.Achievement, "id")]
public sealed class BulkUploadPageModel(AwardPolicy policy, BulkAwardService bulk, IStringLocalizer<BulkText> t) : PageModel
{
    /// <summary>Files up to this size reach the page, so one somewhat over the limit gets a clear message instead of a bare 413.</summary>
    public const long RequestLimitBytes = 4L * BulkCsvParser.MaxBytes;

    public Achievement Achievement { get; private set; } = null!;
    /// <summary>Every problem with the uploaded file (all shown at once, each linked to the file field).</summary>
    public List<string> Problems { get; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id, IFormFile? file, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied) return denied;
        if (file is null || file.Length == 0) Problems.Add(t["File_Required"]);
        else if (file.Length > BulkCsvParser.MaxBytes) Problems.Add(t["File_TooLarge", BulkCsvParser.MaxBytes / (1024 * 1024)]);
        else
        {
            // Parsed as it is read: no copy of the whole file in memory (the parser keeps the size limit itself as well).
            await using var stream = file.OpenReadStream();
            var (upload, parse) = await bulk.UploadAsync(User, Achievement, file.FileName, stream, ct);
            if (upload is not null) return Redirect($"/manage/achievements/{id}/bulk/{upload.Id}");
            Problems.AddRange(parse.Problems.Select(p => t[p.Key, p.Args].Value));
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        Achievement = (await policy.FindAchievementAsync(id, ct))!;
        return null;
    }
}
