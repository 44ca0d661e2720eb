using Microsoft.Extensions.Options;

namespace Laurel.Features.Notifications.Webhooks;

/// <summary>Delivers pending webhooks in the background on every node (the dispatcher's leases keep nodes apart).</summary>
public sealed class WebhookWorker(WebhookDispatcher dispatcher, IOptionsMonitor<WebhookOptions> options, TimeProvider clock,
    ILogger<WebhookWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.WorkerEnabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await dispatcher.DeliverOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // A database hiccup must not stop the worker for good; the next pass tries again.
                log.LogError(error, "Webhook worker pass failed.");
            }
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
}
