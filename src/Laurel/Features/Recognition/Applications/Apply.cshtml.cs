using Laurel.Features.Identity;
using Laurel.Features.Presentations;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Recognition.Applications;

/// <summary>
/// /backpack/exemptions/new: choose the institution (a draft is made), then on the draft (<c>?id=</c>) choose badges from the backpack
/// or a wallet, the courses (those a badge meets are suggested) and a motivation; save as draft at any time; review shows the
/// proposal per course with its reasons; submit. Only the draft's owner reaches it (404 otherwise).
/// </summary>
[Authorize]
public sealed class ApplyModel(ExemptionApplications applications, BackpackChoices backpack, ApplicationWallet wallet, PublicOrigin origin,
    Microsoft.Extensions.Localization.IStringLocalizer<ApplicationsText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    /// <summary><c>review</c> shows the proposals and the submit button; anything else the form.</summary>
    [BindProperty(SupportsGet = true)] public string? Step { get; set; }
    [BindProperty(SupportsGet = true)] public bool Saved { get; set; }
    [BindProperty] public Guid? InstitutionId { get; set; }
    [BindProperty] public List<string> Badges { get; set; } = [];
    [BindProperty] public List<string> Courses { get; set; } = [];
    [BindProperty] public string? Motivation { get; set; }

    public Problems Errors { get; private set; } = new();
    public List<InstitutionChoice> Institutions { get; private set; } = [];
    public ExemptionApplication? Application { get; private set; }
    public InstitutionChoice? Institution { get; private set; }
    public List<RecognitionCourse> CourseList { get; private set; } = [];
    public List<BadgeChoice> Choices { get; private set; } = [];
    /// <summary>Per course, the usable badges (form keys) that meet one of its rules (full or partial): the suggestion.</summary>
    public Dictionary<Guid, List<BadgeChoice>> Suggested { get; private set; } = [];
    public PresentationRequest? WalletRequest { get; private set; }
    public int WalletAdded { get; private set; }
    public bool Review => Step == "review" && Application is { State: ExemptionApplicationState.Draft };
    public string InteractionUrl(PresentationRequest request) => origin.Url(PresentationRoutes.Interaction(request.Id));
    public string WalletLink(PresentationRequest request) => PresentationRoutes.WalletLink(origin, request.Id);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (Id is not { } id)
        {
            Institutions = await applications.InstitutionsAsync(ct);
            return Page();
        }
        WalletAdded = await wallet.CollectAsync(personId, id, ct);
        if (!await LoadAsync(personId, id, fromDraft: true, ct)) return NotFound();
        if (Application!.State != ExemptionApplicationState.Draft) return Redirect(RecognitionRoutes.MyApplication(id));
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (InstitutionId is { } institutionId && await applications.StartAsync(personId, institutionId, ct) is { } started)
            return Redirect($"{RecognitionRoutes.Apply}?id={started.Id}");
        Institutions = await applications.InstitutionsAsync(ct);
        Errors.Add("InstitutionId", text["Error_Institution"].Value);
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => SaveAsync(complete: false, ct);

    public Task<IActionResult> OnPostReviewAsync(CancellationToken ct) => SaveAsync(complete: true, ct);

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (Id is not { } id) return NotFound();
        var problems = await applications.SubmitAsync(personId, id, ct);
        if (problems is null) return NotFound();
        if (!problems.Any) return Redirect(RecognitionRoutes.MyApplication(id) + "?submitted=true");
        Errors = problems;
        if (!await LoadAsync(personId, id, fromDraft: true, ct)) return NotFound();
        Step = null;
        return Page();
    }

    /// <summary>Makes the single-use wallet request for this draft (the form's choices are saved first, so nothing is lost).</summary>
    public async Task<IActionResult> OnPostWalletAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (Id is not { } id) return NotFound();
        var problems = await applications.SaveAsync(personId, id, Form(), complete: false, ct);
        if (problems is null) return NotFound();
        if (problems.Any) return await ShowAsync(personId, id, problems, ct);
        return await wallet.StartAsync(personId, id, ct) is null ? NotFound() : Redirect($"{RecognitionRoutes.Apply}?id={id}#wallet");
    }

    public async Task<IActionResult> OnPostDiscardAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (Id is not { } id || !await applications.DiscardAsync(personId, id, ct)) return NotFound();
        return Redirect(RecognitionRoutes.MyApplications + "?discarded=true");
    }

    private async Task<IActionResult> SaveAsync(bool complete, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (Id is not { } id) return NotFound();
        var problems = await applications.SaveAsync(personId, id, Form(), complete, ct);
        if (problems is null) return NotFound();
        if (problems.Any) return await ShowAsync(personId, id, problems, ct);
        return Redirect(complete ? $"{RecognitionRoutes.Apply}?id={id}&step=review" : $"{RecognitionRoutes.Apply}?id={id}&saved=true");
    }

    private async Task<IActionResult> ShowAsync(Guid personId, Guid id, Problems problems, CancellationToken ct)
    {
        Errors = problems;
        Step = null;
        // The form shows what the learner posted, not the saved draft, so they correct rather than redo.
        return await LoadAsync(personId, id, fromDraft: false, ct) ? Page() : NotFound();
    }

    private ApplicationForm Form() => new([.. Badges], [.. Courses.Select(c => Guid.TryParse(c, out var g) ? g : Guid.Empty)], Motivation);

    private async Task<bool> LoadAsync(Guid personId, Guid id, bool fromDraft, CancellationToken ct)
    {
        Application = await applications.FindAsync(personId, id, ct);
        if (Application is null) return false;
        Institution = (await applications.InstitutionsAsync(ct)).FirstOrDefault(i => i.Id == Application.InstitutionId);
        CourseList = await applications.CoursesAsync(Application.InstitutionId, ct);
        if (Application.State != ExemptionApplicationState.Draft) return true;
        Choices = await backpack.ListAsync(personId, ct);
        WalletRequest = await wallet.OpenRequestAsync(Application, ct);
        if (fromDraft)
        {
            Badges = [.. Application.Badges.Select(ExemptionApplications.FormKey)];
            Courses = [.. Application.Items.Select(i => i.CourseId.ToString())];
            Motivation = Application.Motivation;
        }
        var chosen = Choices.Where(c => c.Usable && Badges.Contains(c.Key)).ToList();
        // Before any badge is chosen, every usable badge suggests; after, only the chosen ones do.
        var suggesting = chosen.Count > 0 ? chosen : Choices.Where(c => c.Usable).ToList();
        foreach (var course in CourseList)
            Suggested[course.Id] = [.. suggesting.Where(c => course.Rules.Any(r => r.Criteria.IsMetBy(c.Credential.Facts)))];
        // A fresh draft has its suggested courses ticked; once the learner saved a choice, their choice stands.
        if (fromDraft && Application.Items.Count == 0)
            Courses = [.. CourseList.Where(c => Suggested[c.Id].Count > 0).Select(c => c.Id.ToString())];
        return true;
    }
}
