using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Requests;
using Laurel.Features.Identity;
using Laurel.Features.Notifications.Webhooks;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Institutions;

/// <summary>
/// /manage: per node the person holds a role on (institution, faculty, issuer, definition) the work waiting there — definitions
/// with their award counts, drafts, requests, scheduled awards, claims waiting and, for institution administrators, failed mail and
/// webhook deliveries — each with a link the person may follow. Counted with a few grouped queries, never one per definition.
/// </summary>
public sealed class DashboardModel(StaffWorkspace workspace, StaffAccess access, LaurelDb db) : PageModel
{
    /// <summary>Definitions shown per section; the micro-credentials page lists them all.</summary>
    public const int DefinitionsShown = 25;

    public sealed record Definition(Guid Id, string Name, Guid IssuerId, Guid FacultyId, Guid InstitutionId, AchievementStatus Status)
    {
        public int Issued { get; set; }
        public int AwaitingClaim { get; set; }
        public int Scheduled { get; set; }
        public int Requests { get; set; }
    }

    public sealed record Section(StaffWorkspace.RoleAt Role, List<Definition> Definitions, int FailedMails, int FailedWebhooks)
    {
        public bool MayAward => Role.Grants(StaffRight.Award);
        public bool MayManage => Role.Grants(StaffRight.ManageAchievements);
        public bool IsInstitutionAdmin => Role.Level == ScopeLevel.Institution && Role.Role == StaffRole.InstitutionAdmin;
        public int Drafts => Definitions.Count(d => d.Status == AchievementStatus.Draft);
        public int Requests => Definitions.Sum(d => d.Requests);
        public int Scheduled => Definitions.Sum(d => d.Scheduled);
        public int AwaitingClaim => Definitions.Sum(d => d.AwaitingClaim);
        public int Issued => Definitions.Sum(d => d.Issued);
    }

    public StaffWorkspace.Workspace Workspace { get; private set; } = new([], [], []);
    public List<Section> Sections { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (StaffAccess.PersonId(User) is null) return Challenge();
        Workspace = await workspace.LoadAsync(User, ct);
        if (!Workspace.HasRole) return Page();

        var memberships = await access.MembershipsAsync(User, ct);
        List<Guid> Ids(ScopeLevel level) => memberships.Where(m => m.Level == level).Select(m => m.ScopeId).Distinct().ToList();
        var (institutions, faculties, issuers, achievements) = (Ids(ScopeLevel.Institution), Ids(ScopeLevel.Faculty), Ids(ScopeLevel.Issuer), Ids(ScopeLevel.Achievement));

        var definitions = await db.Achievements.AsNoTracking().Where(a => a.ArchivedAt == null
                && (institutions.Contains(a.InstitutionId) || faculties.Contains(a.Issuer!.FacultyId) || issuers.Contains(a.IssuerId) || achievements.Contains(a.Id)))
            .OrderBy(a => a.Name).ThenBy(a => a.Version)
            .Select(a => new Definition(a.Id, a.Name, a.IssuerId, a.Issuer!.FacultyId, a.InstitutionId, a.Status)).ToListAsync(ct);
        var byId = definitions.ToDictionary(d => d.Id);

        // One grouped count per kind of work over the same set of definitions (the filter repeats so the database does the join).
        var counted = new[] { AwardState.Issued, AwardState.AwaitingClaim, AwardState.Scheduled };
        var awards = await db.Awards.Where(w => counted.Contains(w.State) && w.Achievement!.ArchivedAt == null
                && (institutions.Contains(w.Achievement!.InstitutionId) || faculties.Contains(w.Achievement.Issuer!.FacultyId)
                    || issuers.Contains(w.Achievement.IssuerId) || achievements.Contains(w.AchievementId)))
            .GroupBy(w => new { w.AchievementId, w.State }).Select(g => new { g.Key.AchievementId, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        foreach (var a in awards)
        {
            if (!byId.TryGetValue(a.AchievementId, out var d)) continue;
            if (a.State == AwardState.Issued) d.Issued = a.Count;
            else if (a.State == AwardState.AwaitingClaim) d.AwaitingClaim = a.Count;
            else d.Scheduled = a.Count;
        }
        var requests = await db.BadgeRequests.Where(r => r.State == BadgeRequestState.Open && r.Achievement!.ArchivedAt == null
                && (institutions.Contains(r.Achievement!.InstitutionId) || faculties.Contains(r.Achievement.Issuer!.FacultyId)
                    || issuers.Contains(r.Achievement.IssuerId) || achievements.Contains(r.AchievementId)))
            .GroupBy(r => r.AchievementId).Select(g => new { AchievementId = g.Key, Count = g.Count() }).ToListAsync(ct);
        foreach (var r in requests)
            if (byId.TryGetValue(r.AchievementId, out var d)) d.Requests = r.Count;

        // Failed deliveries are shown to institution administrators only: the mail queue and webhooks are their pages.
        var adminOf = Workspace.Institutions.Where(i => i.IsAdministrator).Select(i => i.Id).ToList();
        Dictionary<Guid, int> failedMails = adminOf.Count == 0 ? [] : await db.OutboxMessages.Where(m => m.SentAt == null && m.FailedAt != null && m.InstitutionId != null && adminOf.Contains(m.InstitutionId.Value))
            .GroupBy(m => m.InstitutionId!.Value).Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Id, g => g.Count, ct);
        Dictionary<Guid, int> failedWebhooks = adminOf.Count == 0 ? [] : await db.WebhookDeliveries.Where(w => w.State == WebhookDeliveryState.Failed && adminOf.Contains(w.InstitutionId))
            .GroupBy(w => w.InstitutionId).Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Id, g => g.Count, ct);

        foreach (var role in Workspace.Roles)
        {
            var mine = definitions.Where(d => role.Level switch
            {
                ScopeLevel.Institution => d.InstitutionId == role.ScopeId,
                ScopeLevel.Faculty => d.FacultyId == role.ScopeId,
                ScopeLevel.Issuer => d.IssuerId == role.ScopeId,
                _ => d.Id == role.ScopeId,
            }).ToList();
            var admin = role.Level == ScopeLevel.Institution && role.Role == StaffRole.InstitutionAdmin;
            Sections.Add(new Section(role, mine,
                admin ? failedMails.GetValueOrDefault(role.ScopeId) : 0, admin ? failedWebhooks.GetValueOrDefault(role.ScopeId) : 0));
        }
        return Page();
    }
}
