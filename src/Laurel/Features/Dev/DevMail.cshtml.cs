using Laurel.Features.Notifications;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Dev;

/// <summary>Development only: the newest mail in the outbox (to, subject, when, status), newest first. 404 elsewhere.</summary>
public sealed class DevMailModel(DevMailbox mailbox, LaurelDb db) : PageModel
{
    public sealed record Row(Guid Id, string To, string Subject, DateTime CreatedAt, DateTime? SentAt, DateTime? FailedAt);

    public List<Row> Messages { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!mailbox.Enabled) return NotFound();
        Messages = await db.OutboxMessages.AsNoTracking().OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(DevMailbox.PageSize)
            .Select(m => new Row(m.Id, m.RecipientAddress, m.Subject, m.CreatedAt, m.SentAt, m.FailedAt)).ToListAsync(ct);
        return Page();
    }
}

/// <summary>Development only: one message from the outbox, its body with working links. 404 elsewhere.</summary>
public sealed class DevMailMessageModel(DevMailbox mailbox, LaurelDb db) : PageModel
{
    public OutboxMessage Message { get; private set; } = null!;
    public DevMailbox Mailbox => mailbox;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!mailbox.Enabled) return NotFound();
        if (await db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) is not { } message) return NotFound();
        Message = message;
        return Page();
    }
}
