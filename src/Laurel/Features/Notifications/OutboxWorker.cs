using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Laurel.Features.Notifications;

/// <summary>
/// Drains the outbox in the background on every node. Without an SMTP host (Development, <c>dotnet run</c>) nothing is sent:
/// messages stay in the outbox, visible on the institution's mail page, and each one is logged once (without its body).
/// </summary>
public sealed class OutboxWorker(OutboxDispatcher dispatcher, IServiceScopeFactory scopes, IOptionsMonitor<SmtpOptions> smtp,
    IOptionsMonitor<OutboxOptions> options, TimeProvider clock, ILogger<OutboxWorker> log) : BackgroundService
{
    // Held messages already logged: everything created before the watermark, and these ids created at it.
    private DateTime _heldWatermark = DateTime.MinValue;
    private readonly HashSet<Guid> _heldAtWatermark = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.WorkerEnabled) return;
        log.LogInformation(smtp.CurrentValue.IsConfigured ? "E-mail worker sends through {Server}." : "E-mail worker: no SMTP host configured (Laurel:Smtp:Host); e-mail stays in the outbox.",
            smtp.CurrentValue.ToString());
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                if (smtp.CurrentValue.IsConfigured) handled = await dispatcher.DrainOnceAsync(stoppingToken);
                else await ReportHeldAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // A database hiccup must not stop the worker for good; the next pass tries again.
                log.LogError(error, "E-mail worker pass failed.");
            }
            // A full batch suggests more is waiting: go on at once.
            if (handled >= options.CurrentValue.BatchSize) continue;
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(options.CurrentValue.PollSeconds), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReportHeldAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var held = await db.OutboxMessages.AsNoTracking().Where(m => m.SentAt == null && m.FailedAt == null && m.CreatedAt >= _heldWatermark)
            .OrderBy(m => m.CreatedAt).Take(500)
            .Select(m => new { m.Id, m.Kind, m.RecipientAddress, m.Subject, m.CreatedAt }).ToListAsync(ct);
        foreach (var m in held)
        {
            if (m.CreatedAt == _heldWatermark && _heldAtWatermark.Contains(m.Id)) continue;
            log.LogInformation("E-mail {MessageId} ({Kind}) to {Recipient} held in the outbox (no SMTP host configured): {Subject}",
                m.Id, m.Kind, m.RecipientAddress, m.Subject);
            if (m.CreatedAt > _heldWatermark)
            {
                _heldWatermark = m.CreatedAt;
                _heldAtWatermark.Clear();
            }
            _heldAtWatermark.Add(m.Id);
        }
    }
}
