using Laurel.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Backpack.Collections;

/// <summary>Creates a collection; the credentials are added on its edit page.</summary>
[Authorize]
public sealed class NewCollectionModel(CollectionService collections, IStringLocalizer<CollectionsText> text) : CollectionPageBase(text)
{
    public IActionResult OnGet() => StaffAccess.PersonId(User) is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        var change = await collections.CreateAsync(personId, Form, ct);
        if (change.Succeeded) return Redirect($"/backpack/collections/{change.Id}?created=true");
        Show(change.Errors);
        return Page();
    }
}
