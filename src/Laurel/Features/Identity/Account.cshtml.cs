using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Identity;

/// <summary>The signed-in person's own account: name (validated or self-asserted), e-mail and linked identities.</summary>
[Authorize]
public sealed class AccountModel(LaurelDb db) : PageModel
{
    public Person Person { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is not { } id) return Challenge();
        var person = await db.Persons.AsNoTracking().Include(p => p.Identities.OrderBy(i => i.LinkedAt))
            .FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null) return Challenge();
        Person = person;
        return Page();
    }
}
