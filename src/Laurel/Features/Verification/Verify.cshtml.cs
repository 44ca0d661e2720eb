using System.Text;
using Laurel.Credentials.Verification;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Verification;

/// <summary>
/// The public verifier: a file, pasted text or an address in; the verdict, every check explained, and the credential's
/// key facts out. Nothing is stored. The request limit is above the 5 MB input limit so an oversized file gets a clear
/// message instead of a broken connection.
/// </summary>
[RequestSizeLimit(VerifyModel.RequestLimitBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = VerifyModel.RequestLimitBytes, ValueLengthLimit = VerifyModel.RequestLimitBytes)]
public sealed class VerifyModel(VerificationService verification, ReportPresenter presenter, KnownIssuers knownIssuers, LaurelAwards laurelAwards,
    IStringLocalizer<VerificationText> text) : PageModel
{
    public const int RequestLimitBytes = 16 * 1024 * 1024;

    [BindProperty(SupportsGet = true, Name = "url")] public string? Address { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Recipient { get; set; }

    /// <summary>Field id → message, in the order they are shown in the error summary.</summary>
    public Problems Errors { get; } = Problems.OnePerField();

    public VerificationReport? Report { get; private set; }
    public string VerdictText { get; private set; } = "";
    public IReadOnlyList<PresentedCheck> Checks { get; private set; } = [];
    public IReadOnlyList<PresentedFact> Facts { get; private set; } = [];
    /// <summary>Who and what, shown before the checks; null when there is no credential to speak of.</summary>
    public CredentialSummary? Summary { get; private set; }

    /// <summary>Whether this Laurel knows the proven issuer, and that as a sentence; null when there is no credential to speak of.</summary>
    public KnownIssuer? Issuer { get; private set; }
    public string IssuerText { get; private set; } = "";

    // ?url= only fills in the address form: a GET that fetched would make Laurel an anonymous fetch proxy for any link
    // (issue 12); the fetch happens on the form's POST, with anti-forgery and the VerifyUrl rate limit.
    public void OnGet() { }

    public async Task<IActionResult> OnPostFileAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) Errors.Add("file", text["FileRequired"]);
        else if (file.Length > VerificationService.MaxInputBytes) Errors.Add("file", text["FileTooLarge"]);
        if (Errors.Any) return Invalid();

        using var content = new MemoryStream((int)file!.Length);
        await file.CopyToAsync(content, ct);
        var bytes = content.ToArray();
        await ShowAsync(await verification.VerifyAsync(bytes, RecipientRequest(), ct), ct);
        // OB3-8.2: a baked badge is shown as the very image that was checked (img-src allows data:; an SVG in <img> runs no script).
        if (Summary is not null && Report?.Container is BakedContainer.Png or BakedContainer.Svg && bytes.Length <= MaxShownImageBytes)
            Summary = Summary with
            {
                ImageUrl = $"data:image/{(Report.Container == BakedContainer.Png ? "png" : "svg+xml")};base64,{Convert.ToBase64String(bytes)}",
                ImageIsBaked = true,
            };
        return Page();
    }

    /// <summary>Larger baked images are verified but not echoed back into the page.</summary>
    public const int MaxShownImageBytes = 1024 * 1024;

    public async Task<IActionResult> OnPostTextAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Text)) Errors.Add("text", text["TextRequired"]);
        else if (Encoding.UTF8.GetByteCount(Text) > VerificationService.MaxInputBytes) Errors.Add("text", text["TextTooLarge"]);
        if (Errors.Any) return Invalid();
        await ShowAsync(await verification.VerifyAsync(Encoding.UTF8.GetBytes(Text!), RecipientRequest(), ct), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUrlAsync(CancellationToken ct)
    {
        await VerifyUrlAsync(ct);
        return Errors.Any ? Invalid() : Page();
    }

    private async Task VerifyUrlAsync(CancellationToken ct)
    {
        var url = Address?.Trim();
        if (string.IsNullOrEmpty(url)) Errors.Add("url", text["UrlRequired"]);
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            Errors.Add("url", text["UrlInvalid"]);
        else await ShowAsync(await verification.VerifyUrlAsync(uri, RecipientRequest(), ct), ct);
        if (Errors.Any) Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private VerificationRequest? RecipientRequest() =>
        string.IsNullOrWhiteSpace(Recipient) ? null : new VerificationRequest { RecipientIdentity = Recipient.Trim() };

    private async Task ShowAsync(VerificationReport report, CancellationToken ct)
    {
        // Input that ran out of budget is refused, not judged: 422 like the API, with the check that names the limit.
        if (report.ExceededLimit is not null) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        Report = report;
        Laurel.Features.Insights.InsightsCounting.Verified(HttpContext, report);
        VerdictText = presenter.Verdict(report);
        var award = await laurelAwards.FindAsync(report, ct);
        Checks = presenter.Checks(report, StatusNote(report, award));
        Facts = presenter.Facts(report);
        // The holder's name only when the learner made the badge public: then its public page shows the name too.
        Summary = presenter.Summary(report, award is { IsPublic: true, RecipientName: { Length: > 0 } name } ? name : null,
            award is null ? null : $"/catalog/{award.AchievementId}/badge.png");
        if (Summary is not null && award is { IsPublic: true }) Summary = Summary with { PageUrl = $"/badges/{award.Id}" };
        Issuer = await knownIssuers.DescribeAsync(report, ct);
        if (Issuer is not null) IssuerText = presenter.IssuerLine(report, Issuer);
    }

    /// <summary>For Laurel's own revoked or suspended credential: when, and the reason staff gave (the status list only holds a bit).</summary>
    private static StatusNote? StatusNote(VerificationReport report, Laurel.Features.Awards.Award? award)
    {
        // LaurelAwards only finds an award whose institution's key made the proof: a look-alike id must not borrow Laurel's reason.
        if (report.StatusReason is null || award is null) return null;
        return report.StatusReason == "revoked"
            ? award.RevokedAt is { } revokedAt ? new StatusNote(revokedAt, award.RevocationReason ?? "", Revoked: true) : null
            : award.SuspendedAt is { } suspendedAt ? new StatusNote(suspendedAt, award.SuspensionReason ?? "", Revoked: false) : null;
    }
}
