using Laurel.Credentials.Verification;
using Laurel.Features.Backpack.Imports;
using Laurel.Features.Identity;
using Laurel.Features.Verification;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Backpack.Collections;

/// <summary>
/// The public page of a collection: each credential with its own live verification. Unknown or private → 404 (the owner
/// sees their private collection here as a preview). Grades and evidence follow each award's own sharing choices.
/// </summary>
public sealed class PublicCollectionModel(CollectionContents contents, ImportVerdicts verdicts, ReportPresenter presenter) : PageModel
{
    public Collection Collection { get; private set; } = null!;
    public bool IsOwner { get; private set; }
    public List<(CollectionCredential Credential, VerificationReport Report, string Verdict, ImportVerdict? Import)> Credentials { get; } = [];
    /// <summary>The learner whose collection this is (display name).</summary>
    public string Holder { get; private set; } = "";
    public string PublicUrl => contents.PublicUrl(Collection.Id);
    public string LinkedInFeedUrl => ShareLinks.LinkedInFeed(PublicUrl);
    /// <summary>Credentials the public download leaves out because the learner hides their grade or evidence.</summary>
    public int HeldBack { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var viewer = StaffAccess.PersonId(User);
        if (await contents.FindVisibleAsync(id, viewer, ct) is not { } collection) return NotFound();
        Collection = collection;
        IsOwner = collection.PersonId == viewer;
        Holder = await contents.HolderAsync(collection, ct);
        foreach (var credential in (await contents.CredentialsAsync(collection, ct)).Where(c => c.VisibleTo(IsOwner)))
        {
            var report = await contents.VerifyAsync(credential, ct);
            // An import's signature is checked live; whom it names and who vouches for its issuer come from its stored check.
            var import = credential.Import is { } i
                ? (await verdicts.ForAsync([i], ct, new Dictionary<Guid, ImportStatus> { [i.Id] = ImportVerifier.StatusOf(report) }))[i.Id]
                : null;
            Credentials.Add((credential, report, presenter.Verdict(report), import));
            if (!credential.SignedVisible(IsOwner)) HeldBack++;
        }
        Response.Headers.CacheControl = collection.IsPublic && !IsOwner ? "no-cache" : "private, no-store";
        return Page();
    }
}
