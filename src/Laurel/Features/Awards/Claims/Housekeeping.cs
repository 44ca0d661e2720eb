using Laurel.Features.Awards.Results;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Awards.Claims;

/// <summary>What one housekeeping run did (<paramref name="Refused"/>: scheduled awards the award rules no longer allowed on their date).</summary>
public sealed record HousekeepingResult(int Issued, int Reminded, int Expired, int Refused = 0);

/// <summary>
/// The awards' time-driven jobs, one class each, run in turn: scheduled awards, claim expiry, claim reminders and forgetting old
/// results-API idempotency keys. A new job is a class with <c>RunAsync(now, ct)</c> registered in <see cref="ClaimsFeature"/> and
/// called here. Several app nodes may run them at once: each job claims its items by conditional UPDATEs.
/// </summary>
public sealed class Housekeeping(ScheduledAwardJob scheduled, ClaimExpiryJob expiry, ClaimReminderJob reminders, IdempotencyStore idempotency,
    ILogger<Housekeeping> log)
{
    public const int BatchSize = 200;

    /// <summary>Runs everything due at <paramref name="now"/> (the worker passes its clock; tests pass the day they need).</summary>
    public async Task<HousekeepingResult> RunOnceAsync(DateTime now, CancellationToken ct)
    {
        var (issued, refused) = await RunAsync("scheduled awards", () => scheduled.RunAsync(now, ct), (0, 0));
        var expired = await RunAsync("claim expiry", () => expiry.RunAsync(now, ct), 0);
        var reminded = await RunAsync("claim reminders", () => reminders.RunAsync(now, ct), 0);
        await RunAsync("idempotency keys", async () => { await idempotency.ForgetOldAsync(now, ct); return 0; }, 0);
        return new HousekeepingResult(issued, reminded, expired, refused);
    }

    // One job failing (a database hiccup) does not keep the others from running; the next run tries it again.
    private async Task<T> RunAsync<T>(string job, Func<Task<T>> run, T none)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Housekeeping job {Job} failed; the next run tries again", job);
            return none;
        }
    }

    /// <summary>Settings of every institution with unclaimed awards (defaults where it has none).</summary>
    internal static async Task<List<ClaimSettings>> ClaimSettingsAsync(LaurelDb db, CancellationToken ct)
    {
        var institutions = await db.Awards.Where(a => a.State == AwardState.AwaitingClaim).Select(a => a.InstitutionId).Distinct().ToListAsync(ct);
        var stored = await db.ClaimSettings.AsNoTracking().Where(s => institutions.Contains(s.InstitutionId)).ToDictionaryAsync(s => s.InstitutionId, ct);
        return [.. institutions.Select(id => stored.GetValueOrDefault(id) ?? ClaimSettings.Defaults(id))];
    }
}

/// <summary>Runs <see cref="Housekeeping"/> every <c>Laurel:Claims:IntervalSeconds</c> seconds (default 60; 0 switches it off).</summary>
public sealed class HousekeepingWorker(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<HousekeepingWorker> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("Laurel:Claims:IntervalSeconds", 60);
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Housekeeping>().RunOnceAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Housekeeping run failed; the next run tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
