using System.Globalization;
using Laurel.Features.Identity.Authorization;
using Laurel.Features.Institutions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Achievements.Manage;

/// <summary>What the new and edit pages share: reading the form, the preview, errors per field.</summary>
[Authorize]
public abstract class AchievementFormPage(AchievementService service, StaffAuthorizer access, IStringLocalizer<AchievementText> t) : PageModel
{
    protected AchievementService Service => service;
    protected StaffAuthorizer Access => access;
    protected IStringLocalizer<AchievementText> Text => t;

    [BindProperty] public AchievementDraft Input { get; set; } = new();
    // Numbers and lists arrive as text and are parsed here, culture-independently (see AchievementDraft).
    [BindProperty] public string? StudyLoadText { get; set; }
    [BindProperty] public string? EqfLevelText { get; set; }
    [BindProperty] public string? NlqfLevelText { get; set; }
    [BindProperty] public string? ValidForDaysText { get; set; }
    [BindProperty] public string? TagsText { get; set; }
    [BindProperty] public string? ProgrammeIdentifiersText { get; set; }
    [BindProperty] public IFormFile? Image { get; set; }
    /// <summary>
    /// The image chosen earlier (base64 of the checked, sanitized bytes), sent back by the form after a preview or a refused
    /// save so nobody has to choose it again. It comes from the browser, so it is checked again like a new upload.
    /// </summary>
    [BindProperty] public string? PendingImage { get; set; }

    public Issuer Issuer { get; protected set; } = null!;
    public Institution Institution => Issuer.Faculty!.Institution!;
    public Dictionary<string, List<string>> Errors { get; protected set; } = [];
    /// <summary>The definition as it would appear in the catalog (set by the preview handler).</summary>
    public Achievement? PreviewAchievement { get; protected set; }

    public abstract string FormTitle { get; }

    /// <summary>Content type of <see cref="PendingImage"/> (PNG or SVG), for showing it as a data: image (the CSP allows those).</summary>
    public string? PendingImageType { get; private set; }

    /// <summary>The image that will be saved, checked and sanitized (from this request's upload or the earlier one).</summary>
    protected byte[]? ChosenImage { get; private set; }

    /// <summary>
    /// Where Save posts: this page without the preview handler. The form names it explicitly because after a preview the
    /// page's own address ends in ?handler=Preview, and a form without an action would keep posting there.
    /// </summary>
    public string SaveUrl => Request.PathBase + Request.Path + QueryWithout("handler");

    /// <summary>Where "Show preview" and the live preview post.</summary>
    public string PreviewUrl => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(SaveUrl, "handler", "Preview");

    private string QueryWithout(string name) =>
        QueryString.Create(Request.Query.Where(q => !string.Equals(q.Key, name, StringComparison.OrdinalIgnoreCase))).ToString();

    /// <summary>Fills the text fields from <see cref="Input"/> (when showing an existing or new draft).</summary>
    protected void ShowDraft(AchievementDraft draft)
    {
        Input = draft;
        StudyLoadText = draft.StudyLoad?.ToString("0.##", CultureInfo.InvariantCulture);
        EqfLevelText = draft.EqfLevel?.ToString(CultureInfo.InvariantCulture);
        NlqfLevelText = draft.NlqfLevel?.ToString(CultureInfo.InvariantCulture);
        ValidForDaysText = draft.ValidForDays?.ToString(CultureInfo.InvariantCulture);
        TagsText = string.Join(", ", draft.Tags);
        ProgrammeIdentifiersText = string.Join(", ", draft.ProgrammeIdentifiers);
    }

    /// <summary>Parses the text fields into <see cref="Input"/>; returns problems the rules cannot see (unreadable input).</summary>
    protected Dictionary<string, List<string>> ReadInput()
    {
        var problems = new Dictionary<string, List<string>>();
        foreach (var (key, entry) in ModelState)
            if (entry.Errors.Count > 0 && key.StartsWith("Input.", StringComparison.Ordinal))
                problems[key["Input.".Length..]] = [t["Rule_InvalidValue"].Value];
        Input.StudyLoad = ParseDecimal(StudyLoadText, nameof(Input.StudyLoad), problems);
        Input.EqfLevel = ParseInt(EqfLevelText, nameof(Input.EqfLevel), problems);
        Input.NlqfLevel = ParseInt(NlqfLevelText, nameof(Input.NlqfLevel), problems);
        Input.ValidForDays = ParseInt(ValidForDaysText, nameof(Input.ValidForDays), problems);
        Input.Tags = SplitList(TagsText);
        Input.ProgrammeIdentifiers = SplitList(ProgrammeIdentifiersText);
        return problems;
    }

    /// <summary>Validates everything and merges in reading problems, which win for their field.</summary>
    protected async Task<(Dictionary<string, List<string>> Errors, byte[]? Image)> CheckAsync(CancellationToken ct)
    {
        var problems = ReadInput();
        var image = await ChooseImageAsync(problems, ct);
        var errors = service.Validate(Input, Issuer, image);
        foreach (var (key, messages) in problems) errors[key] = messages;
        return (errors, image);
    }

    /// <summary>Server-side preview (works without JavaScript; the script asks for the partial only).</summary>
    protected async Task<IActionResult> PreviewAsync(CancellationToken ct)
    {
        var problems = ReadInput();
        await ChooseImageAsync(problems, ct);
        Errors = problems;
        var preview = new Achievement { Issuer = Issuer, InstitutionId = Institution.Id, IssuerId = Issuer.Id };
        Input.ApplyTo(preview);
        PreviewAchievement = preview;
        if (PendingImage is not null) ViewData["ImageSrc"] = PendingImageSrc;
        // Not PageModel.Partial: it starts from empty view data, so the live preview (the script replaces the server's
        // preview with this) would lose ImageSrc and hide the chosen image right after "Show preview".
        if (Request.Headers["X-Preview"] == "partial")
            return new PartialViewResult { ViewName = "_AchievementView", ViewData = new ViewDataDictionary<Achievement>(ViewData, preview) };
        return Page();
    }

    /// <summary>The image the definition already has (edit page), as a data: address; null on the new page.</summary>
    public virtual string? CurrentImageSrc => null;

    /// <summary>The kept image as a data: address for an img element (null when there is none).</summary>
    public string? PendingImageSrc => PendingImage is null ? null : $"data:{PendingImageType};base64,{PendingImage}";

    /// <summary>
    /// The image to save: a new upload when one came and passed the checks, otherwise the one kept from before. Returns
    /// the new upload even when it failed the checks, so validation names the problem; the kept one stays in the form.
    /// </summary>
    private async Task<byte[]?> ChooseImageAsync(Dictionary<string, List<string>> problems, CancellationToken ct)
    {
        byte[]? upload = null;
        if (Image is { Length: > 0 })
        {
            if (Image.Length > AchievementImage.MaxBytes)
                problems["Image"] = [t["Image_TooLarge", AchievementImage.MaxBytes / 1024 / 1024].Value];
            else
            {
                using var buffer = new MemoryStream();
                await Image.CopyToAsync(buffer, ct);
                upload = buffer.ToArray();
            }
        }
        if (upload is not null && Keep(upload)) return ChosenImage;
        var kept = Decode(PendingImage);
        PendingImage = null;
        if (kept is not null) Keep(kept);
        return upload ?? ChosenImage;
    }

    // Same checks as any upload (PNG by signature, SVG rebuilt by the sanitizer, 2 MB); only what passes is kept.
    private bool Keep(byte[] bytes)
    {
        var (clean, contentType, problem) = AchievementImage.Check(bytes);
        if (problem is not null || clean is null) return false;
        ChosenImage = clean;
        PendingImage = Convert.ToBase64String(clean);
        PendingImageType = contentType;
        return true;
    }

    private static byte[]? Decode(string? base64)
    {
        // Bounded before decoding: base64 of the largest allowed image, nothing more.
        if (string.IsNullOrWhiteSpace(base64) || base64.Length > (AchievementImage.MaxBytes + 2) / 3 * 4) return null;
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), bytes, out var written) ? bytes[..written] : null;
    }

    private decimal? ParseDecimal(string? text, string field, Dictionary<string, List<string>> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        // Accept both "2.5" and the Dutch "2,5".
        if (decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            return value;
        problems[field] = [t["Rule_NotANumber"].Value];
        return null;
    }

    private int? ParseInt(string? text, string field, Dictionary<string, List<string>> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        problems[field] = [t["Rule_NotAWholeNumber"].Value];
        return null;
    }

    private static List<string> SplitList(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. text.Split([',', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
