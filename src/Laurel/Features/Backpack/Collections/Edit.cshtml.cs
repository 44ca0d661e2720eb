using Laurel.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Backpack.Collections;

/// <summary>One of the learner's collections: its name, description and visibility, its credentials, and deleting it.</summary>
[Authorize]
public sealed class EditCollectionModel(CollectionService collections, CollectionContents contents, IStringLocalizer<CollectionsText> text)
    : CollectionPageBase(text)
{
    public Collection Collection { get; private set; } = null!;
    public List<CollectionCredential> Credentials { get; private set; } = [];
    /// <summary>The learner's credentials that are not in the collection yet.</summary>
    public List<BackpackEntry> Addable { get; private set; } = [];
    public string PublicUrl => contents.PublicUrl(Collection.Id);

    [BindProperty(SupportsGet = true)] public bool Created { get; set; }
    [BindProperty(SupportsGet = true)] public bool Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        if (!await LoadAsync(personId, id, fillForm: true, ct)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        var change = await collections.UpdateAsync(personId, id, Form, ct);
        if (!change.Found) return NotFound();
        if (change.Succeeded) return Redirect($"/backpack/collections/{id}?saved=true");
        Show(change.Errors);
        await LoadAsync(personId, id, fillForm: false, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(Guid id, List<Guid> credentials, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        var change = await collections.AddAsync(personId, id, credentials, ct);
        if (!change.Found) return NotFound();
        if (change.Succeeded) return Redirect($"/backpack/collections/{id}?saved=true#items");
        Show(change.Errors);
        await LoadAsync(personId, id, fillForm: true, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        return await collections.RemoveAsync(personId, id, itemId, ct) ? Redirect($"/backpack/collections/{id}?saved=true#items") : NotFound();
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid id, Guid itemId, bool up, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        return await collections.MoveAsync(personId, id, itemId, up, ct) ? Redirect($"/backpack/collections/{id}#item-{itemId}") : NotFound();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } personId) return Challenge();
        return await collections.DeleteAsync(personId, id, ct) ? Redirect("/backpack/collections?deleted=true") : NotFound();
    }

    private async Task<bool> LoadAsync(Guid personId, Guid id, bool fillForm, CancellationToken ct)
    {
        if (await collections.FindOwnAsync(personId, id, ct) is not { } collection) return false;
        Collection = collection;
        if (fillForm) (Name, Description, IsPublic) = (collection.Name, collection.Description, collection.IsPublic);
        Credentials = await contents.CredentialsAsync(collection, ct);
        var present = Credentials.Select(c => c.CredentialId).ToHashSet();
        Addable = (await collections.EligibleAsync(personId, ct)).Where(e => !present.Contains(e.Id)).ToList();
        return true;
    }
}
