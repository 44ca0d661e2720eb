using Laurel.Features.Identity;
using Laurel.Features.Presentations.Requests;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Presentations.Answers;

/// <summary>
/// The learner answers a request from their backpack: picks badges (those meeting the request first; the others with the reasons
/// they do not), chooses the facts to share, and sends. The page starts a session when it renders and carries its id, so a double
/// submit is a replay and is refused (<see cref="IPresentationAnswers"/> consumes the session once).
/// </summary>
[Authorize]
[RequestSizeLimit(RequestFormPage.RequestLimitBytes)]
public sealed class AnswerPageModel(PresentationRequestStore store, PresentationSessions sessions, AnswerCandidates candidates,
    IPresentationAnswers answers, LaurelDb db, IStringLocalizer<RequestPagesText> text, IStringLocalizer<PresentationsText> p) : PageModel
{
    public PresentationRequest Asked { get; private set; } = null!;
    public string Verifier { get; private set; } = "";
    public List<AnswerCandidate> Candidates { get; private set; } = [];
    public AnswerOutcome? Outcome { get; private set; }
    public string? OutcomeText { get; private set; }
    public Problems Errors { get; } = new();

    [BindProperty] public Guid? SessionId { get; set; }
    [BindProperty] public List<string> Badges { get; set; } = [];
    [BindProperty] public List<DisclosedFact> Share { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (!await LoadAsync(id, ct)) return NotFound();
        Share = [.. Asked.RequiredFacts];
        if (Asked.ClosedAt is null) await PrepareAsync(personId, newSession: true, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Asked.ClosedAt is not null) return Show(AnswerOutcome.Refused("request.closed", "This request is closed."));
        var chosen = Badges.Where(b => !string.IsNullOrWhiteSpace(b)).Distinct(StringComparer.Ordinal).ToList();
        if (chosen.Count == 0) Errors.Add("badges", text["Error_ChooseBadge"].Value);
        else if (chosen.Count > 1 && !Asked.AllowMultiple) Errors.Add("badges", text["Error_OnlyOne"].Value);
        else if (chosen.Count > AnswerCandidates.Max) Errors.Add("badges", text["Error_TooMany", AnswerCandidates.Max].Value);
        if (Errors.Any)
        {
            if (Asked.ClosedAt is null) await PrepareAsync(personId, newSession: SessionId is null, ct);
            return Page();
        }
        var share = Share.Distinct().ToList();
        var credentials = new List<PresentedCredential>();
        foreach (var key in chosen)
        {
            // Someone else's award (a changed form) is not found: refused, nothing stored, no hint whose it is.
            if (await candidates.ChosenAsync(personId, key, share, ct) is not { } credential)
                return Show(AnswerOutcome.Refused("credential.not_holders", "A badge is not the presenter's."));
            credentials.Add(credential);
        }
        var name = share.Contains(DisclosedFact.RecipientName)
            ? await db.Persons.Where(x => x.Id == personId).Select(x => x.ValidatedName ?? x.DisplayName).SingleAsync(ct)
            : null;
        var outcome = await answers.RecordAsync(new PresentationAnswer
        {
            RequestId = id, SessionId = SessionId ?? Guid.Empty, Channel = PresentationChannel.Backpack, HolderKey = $"person:{personId}",
            HolderPersonId = personId, HolderName = name, PresentationChecks = [], Credentials = credentials,
        }, ct);
        return Show(outcome);
    }

    private IActionResult Show(AnswerOutcome outcome)
    {
        Outcome = outcome;
        OutcomeText = outcome.Accepted ? text["Sent", Verifier].Value : PresentationAnswers.Describe(outcome, p);
        Response.StatusCode = outcome.Accepted ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await store.FindPublicAsync(id, ct) is not { } request) return false;
        Asked = request;
        Verifier = await store.VerifierNameAsync(request, ct);
        Response.Headers.CacheControl = "private, no-store";
        return true;
    }

    private async Task PrepareAsync(Guid personId, bool newSession, CancellationToken ct)
    {
        if (newSession) SessionId = (await sessions.StartAsync(Asked.Id, PresentationChannel.Backpack, ct))?.Id;
        Candidates = await candidates.ListAsync(personId, Asked, ct);
    }
}
