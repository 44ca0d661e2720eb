using System.Globalization;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards.Direct;

/// <summary>What the direct award form posts.</summary>
public sealed class DirectAwardInput
{
    /// <summary>Automatic unless staff choose: forms that post no kind (older clients, scripts) get the same recognition.</summary>
    public RecipientKind RecipientKind { get; set; } = RecipientKind.Auto;
    public string? Learner { get; set; }
    public string? CompletedOn { get; set; }
    public string? ScheduledFor { get; set; }
    public string? Grade { get; set; }
    public string? Narrative { get; set; }
    public string? EvidenceUrl { get; set; }
    public string? EvidenceName { get; set; }
    public string? EvidenceDescription { get; set; }
}

/// <summary>
/// The one staff page for awarding a published definition to one learner (staff with the Award right): by e-mail, EPPN or eduID,
/// or recognised automatically; now or on a later date. A learner Laurel knows by that address gets the award linked to them;
/// learners Laurel does not know yet receive it as a claim. The old address <c>/direct-award</c> redirects here.
/// </summary>
[RequireStaffRight(StaffRight.Award, ScopeLevel.Achievement, "id")]
public sealed class DirectAwardModel(AwardService awards, AwardPolicy policy, RecipientResolver recipients, TimeProvider clock,
    IStringLocalizer<DirectText> t) : PageModel
{
    public Achievement Achievement { get; private set; } = null!;
    public DirectAwardInput Input { get; private set; } = new();
    public Problems Errors { get; private set; } = Problems.OnePerField();
    public string Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied) return denied;
        Input = new DirectAwardInput { CompletedOn = Today };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, DirectAwardInput input, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied) return denied;
        Input = input;
        var institution = Achievement.Issuer!.Faculty!.Institution!;
        var recipient = await recipients.ResolveAsync(input.RecipientKind, input.Learner, institution.Identifier, ct);
        var completedOn = ParseDate(input.CompletedOn);
        var scheduledFor = ParseDate(input.ScheduledFor);
        var outcome = await awards.AwardAsync(User, new AwardRequest
        {
            AchievementId = id, RecipientPersonId = recipient?.Person?.Id, RecipientIdentity = recipient?.Identity ?? "",
            RecipientIdentityType = recipient?.IdentityType ?? RecipientTypes.EmailAddress, CompletedOn = completedOn, ScheduledFor = scheduledFor,
            Grade = input.Grade, Narrative = input.Narrative,
            Evidence = [new AwardEvidence { Url = input.EvidenceUrl, Name = input.EvidenceName, Description = input.EvidenceDescription }],
        }, ct);
        if (outcome.Succeeded)
        {
            var award = outcome.Award!;
            var notice = award.State is AwardState.Scheduled or AwardState.AwaitingClaim ? "Notice_" + award.State : "Notice_Issued";
            TempData["Notice"] = t[notice, award.RecipientName ?? award.RecipientIdentity,
                DateOnly.FromDateTime(award.IssuedAt).ToString("d", CultureInfo.CurrentCulture)].Value;
            return Redirect($"/manage/awards/{award.Id}");
        }
        Errors = ToProblems(input, recipient, completedOn, scheduledFor, outcome.Errors);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    // Policy keys → the form's field ids, in the order the fields appear; reading problems win for their field.
    private Problems ToProblems(DirectAwardInput input, ResolvedRecipient? recipient, DateOnly? completedOn, DateOnly? scheduledFor,
        Dictionary<string, List<string>> errors)
    {
        var form = Problems.OnePerField();
        foreach (var key in new[] { "Achievement", AwardService.RightKey, AwardService.CredentialKey })
            if (errors.TryGetValue(key, out var m)) form.Add("award-title", m[0]);
        if (recipient is null && !string.IsNullOrWhiteSpace(input.Learner)) form.Add("Learner", t["EduIdUnknown"].Value);
        if (errors.TryGetValue("Recipient", out var r)) form.Add("Learner", r[0]);
        if (completedOn is null && !string.IsNullOrWhiteSpace(input.CompletedOn)) form.Add("CompletedOn", t["DateUnreadable"].Value);
        if (scheduledFor is null && !string.IsNullOrWhiteSpace(input.ScheduledFor)) form.Add("ScheduledFor", t["DateUnreadable"].Value);
        foreach (var (key, field) in new[] { ("CompletedOn", "CompletedOn"), ("ScheduledFor", "ScheduledFor"), ("Grade", "Grade"),
            ("Narrative", "Narrative"), ("Evidence", "EvidenceUrl"), ("Evidence[0].Url", "EvidenceUrl"), ("Evidence[0].Name", "EvidenceName"),
            ("Evidence[0].Description", "EvidenceDescription") })
            if (errors.TryGetValue(key, out var messages)) form.Add(field, messages[0]);
        return form;
    }

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        Achievement = (await policy.FindAchievementAsync(id, ct))!;
        return null;
    }
}
