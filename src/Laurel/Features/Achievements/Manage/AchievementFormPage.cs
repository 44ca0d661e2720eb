using System.Globalization;
using Laurel.Features.Identity.Authorization;
using Laurel.Features.Institutions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
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

    public Issuer Issuer { get; protected set; } = null!;
    public Institution Institution => Issuer.Faculty!.Institution!;
    public Dictionary<string, List<string>> Errors { get; protected set; } = [];
    /// <summary>The definition as it would appear in the catalog (set by the preview handler).</summary>
    public Achievement? PreviewAchievement { get; protected set; }

    public abstract string FormTitle { get; }

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
        var image = await ReadImageAsync(problems, ct);
        var errors = service.Validate(Input, Issuer, image);
        foreach (var (key, messages) in problems) errors[key] = messages;
        return (errors, image);
    }

    /// <summary>Server-side preview (works without JavaScript; the script asks for the partial only).</summary>
    protected IActionResult Preview()
    {
        var problems = ReadInput();
        Errors = problems;
        var preview = new Achievement { Issuer = Issuer, InstitutionId = Institution.Id, IssuerId = Issuer.Id };
        Input.ApplyTo(preview);
        PreviewAchievement = preview;
        if (Request.Headers["X-Preview"] == "partial") return Partial("_AchievementView", preview);
        return Page();
    }

    private async Task<byte[]?> ReadImageAsync(Dictionary<string, List<string>> problems, CancellationToken ct)
    {
        if (Image is null || Image.Length == 0) return null;
        if (Image.Length > AchievementImage.MaxBytes)
        {
            problems["Image"] = [t["Image_TooLarge", AchievementImage.MaxBytes / 1024 / 1024].Value];
            return null;
        }
        using var buffer = new MemoryStream();
        await Image.CopyToAsync(buffer, ct);
        return buffer.ToArray();
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
