using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Presentations.Responses;

/// <summary>
/// Deletes answers past their <see cref="PresentationResponse.ExpiresAt"/> (the retention the verifier chose, counted from the
/// last update) and answer sessions expired for more than a day (kept that long so a late wallet still gets "expired", not "unknown").
/// Plain conditional deletes: several nodes may run it at once, a row is deleted once.
/// </summary>
public sealed class PresentationRetention(LaurelDb db, TimeProvider clock)
{
    public static readonly TimeSpan SessionGrace = TimeSpan.FromDays(1);

    public async Task<(int Responses, int Sessions)> PurgeAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var responses = await db.Set<PresentationResponse>().Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        var sessionsBefore = now - SessionGrace;
        var sessions = await db.Set<PresentationSession>().Where(s => s.ExpiresAt <= sessionsBefore).ExecuteDeleteAsync(ct);
        return (responses, sessions);
    }
}

/// <summary>Runs <see cref="PresentationRetention"/> every <c>Laurel:Presentations:RetentionIntervalMinutes</c> (default 60; 0 = off).</summary>
public sealed class PresentationRetentionWorker(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration,
    ILogger<PresentationRetentionWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = configuration.GetValue("Laurel:Presentations:RetentionIntervalMinutes", 60);
        if (minutes <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var (responses, sessions) = await scope.ServiceProvider.GetRequiredService<PresentationRetention>().PurgeAsync(stoppingToken);
                if (responses + sessions > 0) log.LogInformation("Presentation retention deleted {Responses} answers and {Sessions} sessions", responses, sessions);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Presentation retention run failed; the next run tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
