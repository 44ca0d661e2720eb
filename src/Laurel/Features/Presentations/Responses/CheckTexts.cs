using System.Globalization;
using Laurel.Features.Verification;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Presentations.Responses;

/// <summary>One stored check as a verifier reads it: what was checked, passed or not, and what the outcome means.</summary>
public sealed record CheckLine(string Id, bool Passed, string Title, string Outcome, string Explanation, string? Detail);

/// <summary>
/// Stored checks (<see cref="PresentedCheck"/>) in the current language, with the verifier page's own texts (Verification's
/// <c>Title_{id}</c>, <c>Code_{code}</c>, as <see cref="ReportPresenter"/> reads them) so a check reads the same on both pages.
/// Presentation-level checks and holder binding codes that the verifier page does not know have texts of their own.
/// </summary>
public sealed class CheckTexts(IStringLocalizer<VerificationText> verification, IStringLocalizer<Requests.RequestPagesText> text)
{
    public CheckLine Line(PresentedCheck check, string issuer)
    {
        var code = check.Code.Replace('.', '_');
        var own = text["Check_" + code];
        string explanation;
        if (!own.ResourceNotFound) explanation = own.Value;
        else
        {
            var template = verification["Code_" + code];
            explanation = template.ResourceNotFound ? verification["Code_unknown"].Value
                : string.Format(CultureInfo.CurrentCulture, template.Value, issuer, Method(check.Detail));
        }
        var title = verification["Title_" + check.Id];
        var ownTitle = text["CheckTitle_" + check.Id];
        return new CheckLine(check.Id, check.Passed, !ownTitle.ResourceNotFound ? ownTitle.Value : title.ResourceNotFound ? check.Id : title.Value,
            check.Passed ? verification["Outcome_Passed"].Value : verification["Outcome_Failed"].Value, explanation, check.Detail);
    }

    /// <summary>The verification method (a DID URL with a fragment) the verifier's detail names, for the proof texts' <c>{1}</c>.</summary>
    private static string Method(string? detail) =>
        detail?.Split(' ').FirstOrDefault(w => w.Contains(':', StringComparison.Ordinal) && w.Contains('#', StringComparison.Ordinal))?.TrimEnd('.', ',', ';')
        ?? "?";

    /// <summary>How the badge was tied to the person who presented it (<see cref="PresentedCredential.BindingCode"/>).</summary>
    public CheckLine Binding(PresentedCredential credential)
    {
        var own = text["Binding_" + credential.BindingCode.Replace('.', '_')];
        return new CheckLine("holder", credential.BoundToHolder, text["CheckTitle_holder"].Value,
            credential.BoundToHolder ? verification["Outcome_Passed"].Value : verification["Outcome_Failed"].Value,
            own.ResourceNotFound ? credential.BindingCode : own.Value, null);
    }
}
