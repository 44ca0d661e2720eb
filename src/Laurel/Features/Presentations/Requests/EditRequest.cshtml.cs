using Laurel.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Presentations.Requests;

/// <summary>Changes one of the verifier's requests (answers already received keep the criteria results of their time).</summary>
[Authorize]
[RequestSizeLimit(RequestFormPage.RequestLimitBytes)]
public sealed class EditRequestModel(PresentationRequestStore store, CatalogChoices catalog, IStringLocalizer<RequestPagesText> text,
    IStringLocalizer<PresentationsText> criteriaText) : RequestFormPage(text, criteriaText)
{
    public Guid Id { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (await store.FindOwnAsync(personId, id, ct) is not { } request) return NotFound();
        Id = id;
        Catalog = await catalog.ListAsync(ct);
        Fill(request);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (await store.FindOwnAsync(personId, id, ct) is null) return NotFound();
        Id = id;
        if (Validate() is not { } values)
        {
            Catalog = await catalog.ListAsync(ct);
            return Page();
        }
        return await store.UpdateAsync(personId, id, values, ct) ? Redirect(PresentationRoutes.Manage(id) + "?saved=true") : NotFound();
    }
}
