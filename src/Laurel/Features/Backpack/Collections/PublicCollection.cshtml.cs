using Laurel.Credentials.Verification;
using Laurel.Features.Identity;
using Laurel.Features.Verification;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Backpack.Collections;

/// <summary>
/// The public page of a collection: each credential with its own live verification. Unknown or private → 404 (the owner
/// sees their private collection here as a preview). Grades and evidence follow each award's own sharing choices.
/// </summary>
public sealed class PublicCollectionModel(CollectionContents contents, ReportPresenter presenter) : PageModel
{
    public Collection Collection { get; private set; } = null!;
    public bool IsOwner { get; private set; }
    public List<(CollectionCredential Credential, VerificationReport Report, string Verdict)> Credentials { get; } = [];
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
        foreach (var credential in await contents.CredentialsAsync(collection, ct))
        {
            var report = await contents.VerifyAsync(credential, ct);
            Credentials.Add((credential, report, presenter.Verdict(report)));
            if (!credential.SignedVisible(IsOwner)) HeldBack++;
        }
        Response.Headers.CacheControl = collection.IsPublic && !IsOwner ? "no-cache" : "private, no-store";
        return Page();
    }
}
