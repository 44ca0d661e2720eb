using Laurel.Features.Identity;
using Laurel.Features.Identity.Authorization;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Institutions;

/// <summary>Staff of an institution, faculty or issuer: add a person, invite by e-mail, change a role, revoke.</summary>
public sealed class StaffModel(StaffAuthorizer guard, LaurelDb db, StaffManagement staff, IStringLocalizer<InstitutionsText> L) : PageModel
{
    public StaffScope Scope { get; private set; } = null!;
    public List<StaffRow> Rows { get; private set; } = [];
    public Dictionary<Guid, (string Nl, string En)> ScopeNames { get; private set; } = [];
    public List<StaffRole> GrantableHere { get; private set; } = [];
    public StaffRole? ActorBest { get; private set; }
    public Problems Errors { get; private set; } = Problems.OnePerField();
    public string? PersonValue { get; private set; }
    public string? InviteValue { get; private set; }

    [BindProperty(SupportsGet = true, Name = "revoked")]
    public bool ShowRevoked { get; set; }

    public string InviteLink => $"{Request.Scheme}://{Request.Host}/account/sign-in?returnUrl=%2Fmanage";

    public async Task<IActionResult> OnGetAsync(string level, Guid scopeId, CancellationToken ct)
    {
        if (await LoadAsync(level, scopeId, ct) is { } denied) return denied;
        await FillAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(string level, Guid scopeId, string? person, string? role, CancellationToken ct)
    {
        if (await LoadAsync(level, scopeId, ct) is { } denied) return denied;
        PersonValue = person;
        var problem = ParseRole(role, "AddRole", out var parsed) ?? Remap(await staff.AddPersonAsync(User, Scope, person, parsed, ct), "Person", "AddRole");
        return await DoneAsync(problem, L["StaffAdded"], ct);
    }

    public async Task<IActionResult> OnPostInviteAsync(string level, Guid scopeId, string? inviteEmail, string? role, CancellationToken ct)
    {
        if (await LoadAsync(level, scopeId, ct) is { } denied) return denied;
        InviteValue = inviteEmail;
        var problem = ParseRole(role, "InviteRole", out var parsed) ?? Remap(await staff.InviteAsync(User, Scope, inviteEmail, parsed, ct), "InviteEmail", "InviteRole");
        if (problem is null) TempData["InviteLink"] = InviteLink;
        return await DoneAsync(problem, L["StaffInvited", inviteEmail?.Trim() ?? ""], ct);
    }

    public async Task<IActionResult> OnPostRoleAsync(string level, Guid scopeId, Guid membershipId, string? role, CancellationToken ct)
    {
        if (await LoadAsync(level, scopeId, ct) is { } denied) return denied;
        if (await FindInScopeAsync(membershipId, ct) is not { } membership) return NotFound();
        var field = "role-" + membershipId;
        var problem = ParseRole(role, field, out var parsed) ?? Remap(await staff.ChangeRoleAsync(User, membership, parsed, ct), field, field);
        return await DoneAsync(problem, L["RoleChanged"], ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string level, Guid scopeId, Guid membershipId, CancellationToken ct)
    {
        if (await LoadAsync(level, scopeId, ct) is { } denied) return denied;
        if (await FindInScopeAsync(membershipId, ct) is not { } membership) return NotFound();
        var problem = Remap(await staff.RevokeAsync(User, membership, ct), "role-" + membershipId, "role-" + membershipId);
        return await DoneAsync(problem, L["StaffRevoked"], ct);
    }

    private async Task<IActionResult?> LoadAsync(string level, Guid scopeId, CancellationToken ct)
    {
        if (StaffScope.LevelOf(level) is not { } scopeLevel) return NotFound();
        if (await guard.RequireAsync(User, StaffRight.ManageStaff, scopeLevel, scopeId, ct) is { } denied) return denied;
        Scope = (await StaffScope.FindAsync(db, scopeLevel, scopeId, ct))!;
        ActorBest = await staff.BestRoleAsync(User, scopeLevel, scopeId, ct);
        GrantableHere = [.. StaffRules.Grantable(ActorBest, scopeLevel)];
        return null;
    }

    // A membership may only be changed through a page whose scope contains it.
    private async Task<StaffMembership?> FindInScopeAsync(Guid membershipId, CancellationToken ct)
    {
        var ids = await Scope.SubtreeIdsAsync(db, ct);
        return await db.StaffMemberships.FirstOrDefaultAsync(m => m.Id == membershipId && m.InstitutionId == Scope.InstitutionId && ids.Contains(m.ScopeId), ct);
    }

    private async Task<IActionResult> DoneAsync(StaffProblem? problem, string notice, CancellationToken ct)
    {
        if (problem is null)
        {
            TempData["Notice"] = notice;
            return Redirect($"/manage/{StaffScope.Segment(Scope.Level)}/{Scope.Id}/staff");
        }
        Errors.Add(problem.Field, L[problem.Key]);
        await FillAsync(ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task FillAsync(CancellationToken ct)
    {
        Rows = await staff.ListAsync(Scope, ShowRevoked, ct);
        var ids = Rows.Select(r => r.ScopeId).Distinct().ToList();
        ScopeNames = [];
        foreach (var n in await db.Institutions.Where(i => ids.Contains(i.Id)).Select(i => new { i.Id, i.NameNl, i.NameEn }).ToListAsync(ct))
            ScopeNames[n.Id] = (n.NameNl, n.NameEn);
        foreach (var n in await db.Faculties.Where(f => ids.Contains(f.Id)).Select(f => new { f.Id, f.NameNl, f.NameEn }).ToListAsync(ct))
            ScopeNames[n.Id] = (n.NameNl, n.NameEn);
        foreach (var n in await db.Issuers.Where(i => ids.Contains(i.Id)).Select(i => new { i.Id, i.NameNl, i.NameEn }).ToListAsync(ct))
            ScopeNames[n.Id] = (n.NameNl, n.NameEn);
        foreach (var n in await db.Achievements.Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToListAsync(ct))
            ScopeNames[n.Id] = (n.Name, n.Name);
    }

    private StaffProblem? ParseRole(string? role, string field, out StaffRole parsed) =>
        Enum.TryParse(role, out parsed) && Enum.IsDefined(parsed) && !int.TryParse(role, out _) ? null : new StaffProblem(field, "ErrRoleChoose");

    private static StaffProblem? Remap(StaffProblem? problem, string personField, string roleField) =>
        problem is null ? null : problem with { Field = problem.Field == "Role" ? roleField : personField };
}
