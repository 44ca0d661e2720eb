using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Identity.Deletion;

/// <summary>Confirmation page for deleting one's own account: type the e-mail address (or the confirmation word), then POST.</summary>
[Authorize]
public sealed class DeleteAccountModel(LaurelDb db, AccountDeletion deletion, IStringLocalizer<AccountText> text) : PageModel
{
    public string? Email { get; private set; }
    public string ConfirmWord => text["DeleteConfirmWord"];
    public Problems Errors { get; } = Problems.OnePerField();

    [BindProperty]
    public string? Confirmation { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Challenge();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Challenge();
        var typed = Confirmation?.Trim() ?? "";
        var confirmed = typed.Equals(ConfirmWord, StringComparison.OrdinalIgnoreCase)
            || (Email is not null && typed.Equals(Email, StringComparison.OrdinalIgnoreCase));
        if (!confirmed)
        {
            Errors.Add("Confirmation", text["DeleteConfirmMismatch", ConfirmWord]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await deletion.DeleteAsync(StaffAccess.PersonId(User)!.Value, ct);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/account/deleted");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } id) return false;
        var person = await db.Persons.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.Email }).FirstOrDefaultAsync(ct);
        if (person is null) return false;
        Email = person.Email;
        return true;
    }
}
