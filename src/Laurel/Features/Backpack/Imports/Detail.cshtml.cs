using System.Text;
using Laurel.Credentials.Verification;
using Laurel.Features.Identity;
using Laurel.Features.Verification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Backpack.Imports;

/// <summary>
/// /backpack/imports/{id}: one imported badge, verified again on every view (the issuer may have revoked it since), with
/// the full report, the recipient match, a download of the stored credential and a remove button. Owner only: 404 otherwise.
/// </summary>
[Authorize]
public sealed class DetailModel(ImportService imports, ImportVerdicts verdicts, ReportPresenter presenter) : PageModel
{
    public ImportedCredential Item { get; private set; } = null!;
    public ImportCheck Check { get; private set; } = null!;
    public ImportVerdict Verdict { get; private set; } = null!;
    public string VerdictText { get; private set; } = "";
    public IReadOnlyList<PresentedCheck> Checks { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public bool Imported { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (await imports.FindAsync(personId, id, ct) is not { } item) return NotFound();
        Item = item;
        Check = await imports.RecheckAsync(item, ct);
        Verdict = await verdicts.ForAsync(item, ct);
        VerdictText = presenter.Verdict(Check.Report);
        // The recipient is shown as the import's own match against every identity of the learner, not the verifier's single-identity check.
        Checks = presenter.Checks(Check.Report).Where(c => c.Id != CheckIds.Recipient).ToList();
        return Page();
    }

    /// <summary>The credential exactly as stored (JSON or VC-JWT; a baked image's credential, unbaked).</summary>
    public async Task<IActionResult> OnGetDownloadAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (await imports.FindAsync(personId, id, ct) is not { } item) return NotFound();
        var isJwt = item.Format == ImportFormat.VcJwt || !item.CredentialText.TrimStart().StartsWith('{');
        return File(Encoding.UTF8.GetBytes(item.CredentialText), isJwt ? "application/vc+jwt" : "application/json",
            $"imported-{item.Id}.{(isJwt ? "jwt" : "json")}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        return await imports.RemoveAsync(personId, id, ct) ? Redirect("/backpack/imports?removed=true") : NotFound();
    }
}
