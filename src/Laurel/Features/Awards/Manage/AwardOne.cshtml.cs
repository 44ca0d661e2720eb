using System.Globalization;
using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Manage;

/// <summary>What the "award to one person" form posts.</summary>
public sealed class AwardOneInput
{
    public string? Learner { get; set; }
    public string? CompletedOn { get; set; }
    public string? Grade { get; set; }
    public string? Narrative { get; set; }
    public string? EvidenceUrl { get; set; }
    public string? EvidenceName { get; set; }
    public string? EvidenceDescription { get; set; }
}

/// <summary>Award a published definition to one learner who has signed in before (staff with the Award right).</summary>
public sealed class AwardOneModel(ManageGuard guard, AwardService awards, LearnerLookup learners, TimeProvider clock,
    IStringLocalizer<AwardsText> t) : PageModel
{
    public Achievement Achievement { get; private set; } = null!;
    public AwardOneInput Input { get; private set; } = new();
    public FormErrors Errors { get; private set; } = new();
    public string Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied) return denied;
        Input = new AwardOneInput { CompletedOn = Today };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, AwardOneInput input, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied) return denied;
        Input = input;
        var found = await learners.FindAsync(input.Learner, ct);
        DateOnly? completedOn = DateOnly.TryParseExact(input.CompletedOn?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        var outcome = await awards.AwardAsync(User, new AwardRequest
        {
            AchievementId = id, RecipientPersonId = found?.Person.Id, RecipientIdentity = found?.Identity,
            RecipientIdentityType = found?.IdentityType ?? RecipientTypes.EmailAddress, CompletedOn = completedOn,
            Grade = input.Grade, Narrative = input.Narrative,
            Evidence = [new AwardEvidence { Url = input.EvidenceUrl, Name = input.EvidenceName, Description = input.EvidenceDescription }],
        }, ct);
        if (outcome.Succeeded)
        {
            TempData["Notice"] = t["Awarded", outcome.Award!.RecipientName ?? outcome.Award.RecipientIdentity].Value;
            return Redirect($"/manage/awards/{outcome.Award!.Id}");
        }
        Errors = ToFormErrors(input, found, completedOn, outcome.Errors);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    // Service keys → the form's field ids, in the order the fields appear; reading problems win for their field.
    private FormErrors ToFormErrors(AwardOneInput input, FoundLearner? found, DateOnly? completedOn, Dictionary<string, List<string>> errors)
    {
        var form = new FormErrors();
        foreach (var key in new[] { "Achievement", AwardService.RightKey })
            if (errors.TryGetValue(key, out var m)) form.Add("award-title", m[0]);
        if (found is null)
            form.Add("Learner", string.IsNullOrWhiteSpace(input.Learner) ? t["Check_RecipientRequired"].Value : t["LearnerNotFound"].Value);
        else if (errors.TryGetValue("Recipient", out var r)) form.Add("Learner", r[0]);
        if (completedOn is null && !string.IsNullOrWhiteSpace(input.CompletedOn)) form.Add("CompletedOn", t["Check_DateUnreadable"].Value);
        foreach (var (key, field) in new[] { ("CompletedOn", "CompletedOn"), ("Grade", "Grade"), ("Narrative", "Narrative"),
            ("Evidence[0].Url", "EvidenceUrl"), ("Evidence[0].Name", "EvidenceName"), ("Evidence[0].Description", "EvidenceDescription") })
            if (errors.TryGetValue(key, out var messages)) form.Add(field, messages[0]);
        return form;
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await guard.RequireAsync(User, StaffRight.Award, ScopeLevel.Achievement, id, ct) is { } denied) return denied;
        Achievement = (await awards.FindAchievementAsync(id, ct))!;
        return null;
    }
}
