using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Laurel.Features.Notifications;

/// <summary>
/// The institution's undelivered e-mail (institution administrators only): failed messages with the server's last answer and
/// a retry, and messages still waiting. Bodies are not shown: they may hold links meant for the recipient only.
/// </summary>
[RequireStaffRight(ScopeLevel.Institution, "id", InstitutionAdministrator = true)]
public sealed class MailQueueModel(LaurelDb db, AuditLog audit, TimeProvider clock,
    IOptionsMonitor<SmtpOptions> smtp, IOptionsMonitor<OutboxOptions> outbox) : PageModel
{
    private const int ListLimit = 200;

    public Institution Institution { get; private set; } = null!;
    public List<OutboxMessage> Failed { get; private set; } = [];
    public List<OutboxMessage> Pending { get; private set; } = [];
    public int FailedCount { get; private set; }
    public int PendingCount { get; private set; }
    public int SentLastWeek { get; private set; }
    public bool SmtpConfigured => smtp.CurrentValue.IsConfigured;
    public int MaxAttempts => outbox.CurrentValue.MaxAttempts;
    public DateTime Now { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Institution = await db.Institutions.AsNoTracking().FirstAsync(i => i.Id == id, ct);
        Now = clock.GetUtcNow().UtcDateTime;
        var unsent = db.OutboxMessages.AsNoTracking().Where(m => m.InstitutionId == id && m.SentAt == null);
        var failed = unsent.Where(m => m.FailedAt != null);
        var pending = unsent.Where(m => m.FailedAt == null);
        var weekAgo = Now.AddDays(-7);
        // Counted up to CountCap only (shown as "1000+"): a backlog of a million messages costs what a thousand cost. Each
        // count and list is a range of an index made for it (IX_OutboxMessages_Institution_Failed / _Institution_Due /
        // InstitutionId+SentAt), never a scan of the outbox.
        FailedCount = await failed.Take(CountCap + 1).CountAsync(ct);
        PendingCount = await pending.Take(CountCap + 1).CountAsync(ct);
        SentLastWeek = await db.OutboxMessages.Where(m => m.InstitutionId == id && m.SentAt != null && m.SentAt >= weekAgo).Take(CountCap + 1).CountAsync(ct);
        Failed = await Listed(failed.OrderByDescending(m => m.FailedAt).Take(ListLimit)).ToListAsync(ct);
        Pending = await Listed(pending.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Take(ListLimit)).ToListAsync(ct);
        return Page();
    }

    // Only the columns the lists show: the bodies (text and HTML, kilobytes each) stay in the database.
    private static IQueryable<OutboxMessage> Listed(IQueryable<OutboxMessage> messages) => messages.Select(m => new OutboxMessage
    {
        Id = m.Id, RecipientAddress = m.RecipientAddress, Language = "", Subject = m.Subject, TextBody = "", CreatedAt = m.CreatedAt,
        Attempts = m.Attempts, NextAttemptAt = m.NextAttemptAt, LastError = m.LastError, LeaseUntil = m.LeaseUntil, FailedAt = m.FailedAt,
    });

    /// <summary>Counts above this show as "1000+" (enough to see a backlog; counting further costs time on every view).</summary>
    public const int CountCap = 1_000;

    public static string Shown(int count) => count > CountCap ? CountCap + "+" : count.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnPostRetryAsync(Guid id, Guid messageId, CancellationToken ct)
    {
        var retried = await RetryAsync(db.OutboxMessages.Where(m => m.Id == messageId && m.InstitutionId == id), ct);
        if (retried == 0) return NotFound();
        audit.Add(User, "mail.retried", nameof(OutboxMessage), messageId, id);
        await db.SaveChangesAsync(ct);
        Notice = "Retried";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostRetryAllAsync(Guid id, CancellationToken ct)
    {
        var retried = await RetryAsync(db.OutboxMessages.Where(m => m.InstitutionId == id), ct);
        audit.Add(User, "mail.retried-all", nameof(Institution), id, id, new { count = retried });
        await db.SaveChangesAsync(ct);
        Notice = "RetriedAll:" + retried;
        return RedirectToPage(new { id });
    }

    // A retry gives the message a fresh set of attempts; the last error stays visible until the next outcome replaces it.
    private static Task<int> RetryAsync(IQueryable<OutboxMessage> messages, CancellationToken ct) =>
        messages.Where(m => m.SentAt == null && m.FailedAt != null).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.FailedAt, (DateTime?)null).SetProperty(m => m.NextAttemptAt, (DateTime?)null)
            .SetProperty(m => m.Attempts, 0), ct);
}
