using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Paging;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Notifications.Webhooks;

/// <summary>
/// One endpoint (institution administrators only): rotate its secret (shown once), disable/enable, archive, send a test
/// event, and its delivery log, newest first, with "deliver again" for deliveries that failed for good.
/// </summary>
[RequireStaffRight(ScopeLevel.Institution, "id", InstitutionAdministrator = true)]
public sealed class EndpointModel(LaurelDb db, AuditLog audit, TimeProvider clock, WebhookSecrets secrets) : PageModel
{
    public const int PageSize = 25;

    public Institution Institution { get; private set; } = null!;
    public WebhookEndpoint Endpoint { get; private set; } = null!;
    public List<WebhookDelivery> Deliveries { get; private set; } = [];
    /// <summary>Cursors of the newer (previous) and older (next) page of the delivery log, null at either end.</summary>
    public KeysetCursor? Newer { get; private set; }
    public KeysetCursor? Older { get; private set; }
    public string? RotatedSecret { get; private set; }

    [TempData] public string? Notice { get; set; }

    /// <param name="before">Show the deliveries after this one (older).</param>
    /// <param name="after">Show the deliveries before this one (newer).</param>
    public async Task<IActionResult> OnGetAsync(Guid id, Guid endpointId, string? before, string? after, CancellationToken ct)
    {
        if (await LoadAsync(id, endpointId, ct) is { } denied) return denied;
        var page = await Keyset.ReadAsync(before, after, PageSize, d => new KeysetCursor(d.CreatedAt, d.Id),
            (older, newer) => db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId)
                .Around(d => d.CreatedAt, d => d.Id, older, newer).Take(PageSize + 1).ToListAsync(ct));
        // Keyset paging by (CreatedAt, Id) over the (EndpointId, CreatedAt) index: a deep page costs what the first costs (issue 18).
        (Deliveries, Newer, Older) = (page.Items, page.Newer, page.Older);
        return Page();
    }

    public async Task<IActionResult> OnPostRotateAsync(Guid id, Guid endpointId, CancellationToken ct)
    {
        if (await LoadAsync(id, endpointId, ct, forChange: true) is { } denied) return denied;
        var (secret, protectedSecret) = secrets.Create();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.WebhookEndpoints.Where(e => e.Id == endpointId).ExecuteUpdateAsync(s => s.SetProperty(e => e.ProtectedSecret, protectedSecret)
            .SetProperty(e => e.SecretRotatedAt, now).SetProperty(e => e.UpdatedAt, now).SetProperty(e => e.UpdatedByPersonId, StaffAccess.PersonId(User)), ct);
        audit.Add(User, "webhook.secret-rotated", nameof(WebhookEndpoint), endpointId, id);
        await db.SaveChangesAsync(ct);
        // Shown in this answer only (no redirect, nothing kept in TempData).
        RotatedSecret = secret;
        Notice = null;
        return await OnGetAsync(id, endpointId, null, null, ct);
    }

    public Task<IActionResult> OnPostDisableAsync(Guid id, Guid endpointId, CancellationToken ct) => SetActiveAsync(id, endpointId, false, ct);
    public Task<IActionResult> OnPostEnableAsync(Guid id, Guid endpointId, CancellationToken ct) => SetActiveAsync(id, endpointId, true, ct);

    private async Task<IActionResult> SetActiveAsync(Guid id, Guid endpointId, bool active, CancellationToken ct)
    {
        if (await LoadAsync(id, endpointId, ct, forChange: true) is { } denied) return denied;
        await db.WebhookEndpoints.Where(e => e.Id == endpointId).ExecuteUpdateAsync(s => s.SetProperty(e => e.IsActive, active)
            .SetProperty(e => e.UpdatedAt, clock.GetUtcNow().UtcDateTime).SetProperty(e => e.UpdatedByPersonId, StaffAccess.PersonId(User)), ct);
        audit.Add(User, active ? "webhook.enabled" : "webhook.disabled", nameof(WebhookEndpoint), endpointId, id);
        await db.SaveChangesAsync(ct);
        Notice = active ? "Enabled" : "Disabled";
        return RedirectToPage(new { id, endpointId });
    }

    public async Task<IActionResult> OnPostArchiveAsync(Guid id, Guid endpointId, CancellationToken ct)
    {
        if (await LoadAsync(id, endpointId, ct, forChange: true) is { } denied) return denied;
        var now = clock.GetUtcNow().UtcDateTime;
        await db.WebhookEndpoints.Where(e => e.Id == endpointId).ExecuteUpdateAsync(s => s.SetProperty(e => e.ArchivedAt, now).SetProperty(e => e.IsActive, false)
            .SetProperty(e => e.UpdatedAt, now).SetProperty(e => e.UpdatedByPersonId, StaffAccess.PersonId(User)), ct);
        audit.Add(User, "webhook.archived", nameof(WebhookEndpoint), endpointId, id);
        await db.SaveChangesAsync(ct);
        Notice = "Archived";
        return RedirectToPage(new { id, endpointId });
    }

    public async Task<IActionResult> OnPostPingAsync(Guid id, Guid endpointId, CancellationToken ct)
    {
        if (await LoadAsync(id, endpointId, ct, forChange: true) is { } denied) return denied;
        var now = clock.GetUtcNow().UtcDateTime;
        var delivery = WebhookQueue.NewDelivery(endpointId, id, WebhookEventTypes.Ping, Guid.CreateVersion7(), now, new { endpointId });
        db.WebhookDeliveries.Add(delivery);
        audit.Add(User, "webhook.pinged", nameof(WebhookEndpoint), endpointId, id, new { deliveryId = delivery.Id });
        await db.SaveChangesAsync(ct);
        Notice = "PingQueued";
        return RedirectToPage(new { id, endpointId });
    }

    public async Task<IActionResult> OnPostRedeliverAsync(Guid id, Guid endpointId, Guid deliveryId, CancellationToken ct)
    {
        if (await LoadAsync(id, endpointId, ct, forChange: true) is { } denied) return denied;
        // A fresh set of attempts for a delivery that failed for good; the same id, so the receiver can still de-duplicate.
        var changed = await db.WebhookDeliveries.Where(d => d.Id == deliveryId && d.EndpointId == endpointId && d.State == WebhookDeliveryState.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, WebhookDeliveryState.Pending).SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.NextAttemptAt, (DateTime?)null).SetProperty(d => d.FailedAt, (DateTime?)null), ct);
        if (changed == 0) return NotFound();
        audit.Add(User, "webhook.redelivered", nameof(WebhookDelivery), deliveryId, id, new { endpointId });
        await db.SaveChangesAsync(ct);
        Notice = "Redelivered";
        return RedirectToPage(new { id, endpointId });
    }

    private async Task<IActionResult?> LoadAsync(Guid id, Guid endpointId, CancellationToken ct, bool forChange = false)
    {
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == endpointId && e.InstitutionId == id, ct);
        // Archived endpoints keep their log but take no more changes.
        if (endpoint is null || (forChange && endpoint.ArchivedAt is not null)) return NotFound();
        Endpoint = endpoint;
        Institution = await db.Institutions.AsNoTracking().FirstAsync(i => i.Id == id, ct);
        return null;
    }
}
