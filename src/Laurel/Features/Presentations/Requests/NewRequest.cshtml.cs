using Laurel.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Presentations.Requests;

/// <summary>A new presentation request: what is wanted, which facts must be shared, how long answers are kept.</summary>
[Authorize]
[RequestSizeLimit(RequestFormPage.RequestLimitBytes)]
public sealed class NewRequestModel(PresentationRequestStore store, CatalogChoices catalog, IStringLocalizer<RequestPagesText> text,
    IStringLocalizer<PresentationsText> criteriaText) : RequestFormPage(text, criteriaText)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is null) return Challenge();
        Catalog = await catalog.ListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (Validate() is not { } values)
        {
            Catalog = await catalog.ListAsync(ct);
            return Page();
        }
        var id = await store.CreateAsync(personId, values, ct);
        return Redirect(PresentationRoutes.Manage(id) + "?created=true");
    }
}
