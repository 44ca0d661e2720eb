using Laurel.Credentials.Verification;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Institutions;
using Laurel.Features.Verification;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Publishing.Badges;

/// <summary>The public page of one award: what was achieved, who issued it, a live verification and every download.</summary>
public sealed class BadgePageModel(AwardAccess access, VerificationService verification, ReportPresenter presenter, PublicOrigin origin,
    PublicCredentials credentials, RenderedPages rendered) : PageModel
{
    public VisibleAward Visible { get; private set; } = null!;
    public Award Award => Visible.Award;
    /// <summary>The definition for display; its own image is replaced by the marked badge image above it.</summary>
    public Achievement Achievement { get; private set; } = null!;
    public Issuer Issuer => Visible.Achievement.Issuer!;
    public Faculty Faculty => Issuer.Faculty!;
    public Institution Institution => Faculty.Institution!;
    public VerificationReport Report { get; private set; } = null!;
    public string VerdictText { get; private set; } = "";
    public IReadOnlyList<PresentedCheck> Checks { get; private set; } = [];

    public string PageUrl => origin.Url($"/badges/{Award.Id}");
    public string ShareImageUrl => origin.Url($"/badges/{Award.Id}/share.png");
    /// <summary>The credential file this viewer may have (the <c>rel="alternate"</c> link for machines).</summary>
    public string CredentialUrl => origin.Url($"/badges/{Award.Id}/credential.json");
    /// <summary>True when the public gets the signed public variant without grade and evidence.</summary>
    public bool PublicVariant => PublicCredentials.IsVariant(Visible);
    // The issuer profile pages of the publishing feature.
    public string InstitutionUrl => $"/institutions/{Institution.Slug}";
    public string FacultyUrl => $"/institutions/{Institution.Slug}/faculties/{Faculty.Id}";
    public string IssuerUrl => $"/issuers/{Issuer.Id}";
    public string LinkedInUrl => LinkedInLink.For(Award, Visible.Achievement.Name, Faculty, Institution, PageUrl);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        // The same address answers people (HTML, the default) and machines that ask for the credential (Accept), so a shared
        // badge link is also a credential link (issue 14 finding 2); caches must keep the two apart.
        Response.Headers.Append("Vary", "Accept");
        if (CredentialNegotiation.CredentialType(Request) is { } mediaType)
        {
            if (await access.FindVisibleAsync(id, User, ct) is not { } viewed) return NotFound();
            if (await credentials.ForViewerAsync(viewed, ct) is not { } json) return NotFound();
            return new ResultActionResult(BadgeDownloads.CredentialFile(HttpContext, viewed, json, mediaType, asDownload: false));
        }
        // One small query decides whether anything changed: a current copy costs a 304 (the browser's) or a stored rendering
        // (an anonymous visitor's), and only a change loads the award and definition, verifies and renders again.
        // An anonymous view of a public award arrives with its tag already read (PublicPageCache found no current copy).
        var tag = PublicPageCache.KnownTag(HttpContext) is { } known ? (known, AwardViewer.Public, true) : await access.PageTagAsync(id, User, ct);
        if (tag is null) return NotFound();
        if (!tag.Value.IsPublic)
        {
            // A private award's page (its owner's or staff's view) is never stored anywhere, nor indexed (the page says noindex).
            Response.Headers.CacheControl = "private, no-store";
        }
        else if (ConditionalGet.Validate(HttpContext, tag.Value.ETag, isPrivate: tag.Value.Viewer != AwardViewer.Public || User.Identity?.IsAuthenticated == true))
        {
            // Owners and staff see more than the public, and the layout names whoever is signed in: their copies are private.
            return StatusCode(StatusCodes.Status304NotModified);
        }
        if (tag.Value.Viewer == AwardViewer.Public && rendered.Find(HttpContext, tag.Value.ETag) is { } copy) return copy;
        if (await access.FindVisibleAsync(id, User, ct) is not { } visible) return NotFound();
        if (visible.Viewer == AwardViewer.Public) RenderedPages.Capture(HttpContext, tag.Value.ETag);
        Visible = visible;
        Achievement = visible.Achievement;
        Achievement.Image = null;
        Report = await verification.VerifyStoredAsync(visible.Award, ct);
        VerdictText = presenter.Verdict(Report);
        Checks = presenter.Checks(Report, StatusNoteOf(visible.Award));
        return Page();
    }

    // The reason is stored with the award; the status list itself only says revoked or suspended.
    private static StatusNote? StatusNoteOf(Award award) => award.State switch
    {
        AwardState.Revoked => new StatusNote(award.RevokedAt ?? award.UpdatedAt, award.RevocationReason ?? "", Revoked: true),
        AwardState.Suspended => new StatusNote(award.SuspendedAt ?? award.UpdatedAt, award.SuspensionReason ?? "", Revoked: false),
        _ => null,
    };

    /// <summary>Runs a minimal-API result (the download endpoints' file answer) from a page handler.</summary>
    private sealed class ResultActionResult(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
