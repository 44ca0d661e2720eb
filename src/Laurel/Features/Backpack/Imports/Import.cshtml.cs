using Laurel.Features.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Backpack.Imports;

/// <summary>
/// /backpack/import: a learner adds a badge earned elsewhere from a file (up to 5 MB) or an address. The server's request
/// limit is just above 5 MB and a larger declared length is refused before the body is read; anti-forgery is therefore
/// validated here, after that check, instead of by the automatic filter (which would read the whole form first).
/// </summary>
[Authorize]
[IgnoreAntiforgeryToken]
[RequestSizeLimit(RequestLimitBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = RequestLimitBytes, ValueLengthLimit = 16 * 1024)]
public sealed class ImportModel(ImportService imports, IAntiforgery antiforgery, IStringLocalizer<ImportText> t) : PageModel
{
    /// <summary>The 5 MB file plus room for the multipart framing and the other fields.</summary>
    public const long RequestLimitBytes = ImportReader.MaxFileBytes + 64 * 1024;

    public string? Address { get; private set; }
    /// <summary>Every problem, in the order shown in the error summary; each names its field (file or url).</summary>
    public List<ImportProblem> Problems { get; } = [];
    /// <summary>Set when the learner already imported this very credential.</summary>
    public ImportedCredential? Duplicate { get; private set; }
    /// <summary>Set when a verified CLR 2.0 was unpacked: what became of each credential in it.</summary>
    public IReadOnlyList<UnpackedCredential>? Unpacked { get; private set; }

    public IActionResult OnGet() => StaffAccess.PersonId(User) is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (Request.ContentLength > RequestLimitBytes) return TooLarge();
        IFormCollection form;
        try
        {
            form = await Request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or InvalidDataException)
        {
            // No declared length (chunked) or a multipart section over the limit: reading stopped at the limit.
            return TooLarge();
        }
        try
        {
            await antiforgery.ValidateRequestAsync(HttpContext);
        }
        catch (AntiforgeryValidationException)
        {
            return BadRequest();
        }

        var file = form.Files.GetFile("file");
        Address = form["url"].ToString().Trim();
        var hasFile = file is { Length: > 0 };
        var hasUrl = Address.Length > 0;
        Uri? url = null;
        if (!hasFile && !hasUrl) Problems.Add(new("file", t["Input_Required"]));
        if (hasFile && hasUrl) Problems.Add(new("url", t["Input_Both"]));
        if (file is { Length: > ImportReader.MaxFileBytes }) Problems.Add(new("file", t["File_TooLarge", ImportReader.MaxFileBytes / 1024 / 1024]));
        if (hasUrl && (!Uri.TryCreate(Address, UriKind.Absolute, out url) || url.Scheme is not ("https" or "http")))
            Problems.Add(new("url", t["Url_Invalid"]));
        if (Problems.Count > 0) return Invalid(StatusCodes.Status400BadRequest);

        ImportOutcome outcome;
        if (hasFile)
        {
            using var buffer = new MemoryStream((int)file!.Length);
            await file.CopyToAsync(buffer, ct);
            outcome = await imports.ImportFileAsync(personId, buffer.ToArray(), file.FileName, ct);
        }
        else outcome = await imports.ImportUrlAsync(personId, url!, ct);

        if (outcome.Imported is { } imported) return Redirect($"/backpack/imports/{imported.Id}?imported=true");
        if (outcome.Unpacked is { } unpacked)
        {
            // Every row reported, each stored or refused by itself (a CLR is many credentials, not one).
            Unpacked = unpacked;
            Address = null;
            return Page();
        }
        if (outcome.Duplicate is { } duplicate)
        {
            Duplicate = duplicate;
            Problems.Add(new(hasFile ? "file" : "url", t["Duplicate", duplicate.AchievementName]));
            return Invalid(StatusCodes.Status409Conflict);
        }
        Problems.AddRange(outcome.Problems);
        return Invalid(StatusCodes.Status422UnprocessableEntity);
    }

    private PageResult TooLarge()
    {
        Problems.Add(new("file", t["File_TooLarge", ImportReader.MaxFileBytes / 1024 / 1024]));
        return Invalid(StatusCodes.Status413PayloadTooLarge);
    }

    private PageResult Invalid(int status)
    {
        Response.StatusCode = status;
        return Page();
    }
}
