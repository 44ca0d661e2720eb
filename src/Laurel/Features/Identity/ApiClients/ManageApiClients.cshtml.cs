using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Identity.ApiClients;

/// <summary>Institution admins create (secret shown once) and revoke their institution's API clients.</summary>
[RequireStaffRight(StaffRight.ManageStaff, ScopeLevel.Institution, "id")]
public sealed class ManageApiClientsModel(LaurelDb db, ApiClientService clients, IStringLocalizer<IdentityText> text) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public Institution Institution { get; private set; } = null!;

    public List<ApiClient> Clients { get; private set; } = [];

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public List<string> Scopes { get; set; } = [];

    /// <summary>The new client's secret: rendered in this one response and never again.</summary>
    public ApiClientService.Created? Created { get; private set; }

    public Problems Errors { get; } = Problems.OnePerField();

    public bool Revoked { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var name = Name?.Trim() ?? "";
        if (name.Length == 0) Errors.Add(nameof(Name), text["ApiClientNameRequired"]);
        else if (name.Length > 100) Errors.Add(nameof(Name), text["ApiClientNameTooLong"]);
        if (Scopes.Count == 0) Errors.Add(nameof(Scopes), text["ApiClientScopesRequired"]);
        else if (Scopes.Except(ApiScopes.All).Any()) Errors.Add(nameof(Scopes), text["ApiClientScopesUnknown"]);
        if (!Errors.Any)
        {
            Created = await clients.CreateAsync(User, Id, name, Scopes.Distinct().ToList(), ct);
            Name = null;
            Scopes = [];
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid clientId, CancellationToken ct)
    {
        if (!await clients.RevokeAsync(User, Id, clientId, ct)) return NotFound();
        Revoked = true;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Institution = await db.Institutions.AsNoTracking().FirstAsync(i => i.Id == Id, ct);
        Clients = await db.ApiClients.AsNoTracking().Where(c => c.InstitutionId == Id)
            .OrderBy(c => c.RevokedAt != null).ThenBy(c => c.Name).ToListAsync(ct);
    }
}
