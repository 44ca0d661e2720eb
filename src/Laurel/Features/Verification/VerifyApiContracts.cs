using System.Text.Json;
using Laurel.Credentials.Verification;

namespace Laurel.Features.Verification;

/// <summary>VC-API request to verify one credential.</summary>
/// <param name="VerifiableCredential">A VC 2.0 or 1.1 credential object with its proof (Open Badges 3.0 or any other), or a VC-JWT string. A credential serialized as a JSON string is refused.</param>
/// <param name="Options">Optional: <c>recipient</c> (e-mail, DID or URL the credential must belong to) and <c>recipientType</c>.</param>
public sealed record VerifyCredentialRequest(JsonElement VerifiableCredential, VerifyOptionsDto? Options);

/// <summary>VC-API request to verify a presentation.</summary>
/// <param name="VerifiablePresentation">A VerifiablePresentation object (VC 2.0 or 1.1); verifiableCredential, when present, holds credential objects.</param>
/// <param name="Options">Optional: <c>challenge</c> and <c>domain</c> the presentation proof must carry.</param>
public sealed record VerifyPresentationRequest(JsonElement VerifiablePresentation, VerifyOptionsDto? Options);

/// <summary>Verification options Laurel reads (others are ignored).</summary>
public sealed record VerifyOptionsDto(string? Recipient, string? RecipientType, string? Challenge, string? Domain);

/// <summary>One check in full: id (format, schema, proof, issuer, status, dates, recipient), outcome, machine code and detail.</summary>
public sealed record CheckDetail(string Id, string Outcome, string Code, string Detail);

/// <summary>A warning or error in VC-API form (ProblemDetails-like), naming the check.</summary>
public sealed record CheckProblem(string Type, string Title, string Detail, string Check, string Code);

/// <summary>
/// VC-API verification result: passed check ids, warnings and errors, plus Laurel's per-check detail and verdict; for a CLR 2.0
/// ClrCredential also <c>components</c>, one result per credential inside it.
/// </summary>
public sealed record VerificationResult(
    IReadOnlyList<string> Checks,
    IReadOnlyList<CheckProblem> Warnings,
    IReadOnlyList<CheckProblem> Errors,
    string Verdict,
    IReadOnlyList<CheckDetail> Details,
    string? IssuerId,
    string? IssuerName,
    string? AchievementName,
    IReadOnlyList<VerificationResult>? Components = null)
{
    /// <summary>A check as a VC-API warning or error; its type is the check code's page under <paramref name="problemTypeBase"/>.</summary>
    /// <param name="title">The check's meaning in the request's language (<see cref="ReportPresenter.Explanation"/>); without one,
    /// "{check}: {outcome}".</param>
    internal static CheckProblem Problem(VerificationCheck c, string problemTypeBase, string? title = null) =>
        new(problemTypeBase + c.Code, title ?? c.Id + ": " + c.Outcome, c.Detail, c.Id, c.Code);

    /// <param name="problemTypeBase">Where the problem pages are (<see cref="Laurel.Infrastructure.Web.ProblemTypes.Base"/>); a check's code names its page.</param>
    /// <param name="presenter">When given, each warning's and error's title says in the request's language (nl/en) what it means.</param>
    public static VerificationResult From(VerificationReport report, string problemTypeBase, ReportPresenter? presenter = null)
    {
        CheckProblem Problem(VerificationCheck c) => VerificationResult.Problem(c, problemTypeBase, presenter?.Explanation(c, report));
        var essentialUnchecked = report.Verdict == Laurel.Credentials.Verification.Verdict.Indeterminate;
        return new(
            report.Checks.Where(c => c.Outcome == CheckOutcome.Passed).Select(c => c.Id).ToList(),
            report.Checks.Where(c => c.Outcome == CheckOutcome.Warning || (!essentialUnchecked && c.Outcome == CheckOutcome.NotChecked)).Select(Problem).ToList(),
            report.Checks.Where(c => c.Outcome == CheckOutcome.Failed || (essentialUnchecked && c.Outcome == CheckOutcome.NotChecked)).Select(Problem).ToList(),
            report.Verdict.ToString().ToLowerInvariant(),
            report.Checks.Select(c => new CheckDetail(c.Id, c.Outcome.ToString(), c.Code, c.Detail)).ToList(),
            report.IssuerId, report.IssuerName, report.AchievementName,
            // A CLR 2.0 credential: one result per credential inside it (docs/clr.md); absent for every other credential.
            report.Components.Count == 0 ? null : [.. report.Components.Select(c => From(c, problemTypeBase, presenter))]);
    }
}

/// <summary>
/// Result of verifying a presentation: the presentation's own checks (schema, proof, holder, credentials) in VC-API form, its
/// per-check detail, the holder it names, and one result per credential.
/// </summary>
public sealed record PresentationVerificationResult(
    IReadOnlyList<string> Checks,
    IReadOnlyList<CheckProblem> Warnings,
    IReadOnlyList<CheckProblem> Errors,
    string Verdict,
    IReadOnlyList<VerificationResult> Credentials,
    IReadOnlyList<CheckDetail> Details,
    string? HolderId)
{
    /// <param name="problemTypeBase">Where the problem pages are (<see cref="Laurel.Infrastructure.Web.ProblemTypes.Base"/>).</param>
    public static PresentationVerificationResult From(PresentationReport report, string problemTypeBase, ReportPresenter? presenter = null) => new(
        report.Checks.Where(c => c.Outcome == CheckOutcome.Passed).Select(c => c.Id).ToList(),
        report.Checks.Where(c => c.Outcome is CheckOutcome.Warning or CheckOutcome.NotChecked).Select(c => VerificationResult.Problem(c, problemTypeBase, presenter?.CodeText(c.Code))).ToList(),
        report.Checks.Where(c => c.Outcome == CheckOutcome.Failed).Select(c => VerificationResult.Problem(c, problemTypeBase, presenter?.CodeText(c.Code))).ToList(),
        report.Verdict.ToString().ToLowerInvariant(),
        report.Credentials.Select(r => VerificationResult.From(r, problemTypeBase, presenter)).ToList(),
        report.Checks.Select(c => new CheckDetail(c.Id, c.Outcome.ToString(), c.Code, c.Detail)).ToList(),
        report.HolderId);
}
