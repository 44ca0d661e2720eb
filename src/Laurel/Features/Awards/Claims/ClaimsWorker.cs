namespace Laurel.Features.Awards.Claims;

/// <summary>Runs <see cref="ClaimsJob"/> every <c>Laurel:Claims:IntervalSeconds</c> seconds (default 60; 0 switches it off).</summary>
public sealed class ClaimsWorker(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<ClaimsWorker> log)
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
                await scope.ServiceProvider.GetRequiredService<ClaimsJob>().RunOnceAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Claims job run failed; the next run tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
