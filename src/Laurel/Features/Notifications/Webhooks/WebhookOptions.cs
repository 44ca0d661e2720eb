namespace Laurel.Features.Notifications.Webhooks;

/// <summary>Webhook sending (<c>Laurel:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>host:port pairs that may be private or plain http (tests, a receiver on the same machine); empty by default.</summary>
    public string AllowedHosts { get; set; } = "";
    /// <summary>A PEM file with a CA certificate trusted for receivers besides the system's roots (a private PKI, or tests); none by default.</summary>
    public string? ExtraTrustedRootPath { get; set; }
    public bool WorkerEnabled { get; set; } = true;
    public int PollSeconds { get; set; } = 5;
    public int BatchSize { get; set; } = 20;
    public int TimeoutSeconds { get; set; } = 10;
    /// <summary>How long a claimed delivery is held by one node; longer than a batch of timeouts.</summary>
    public int LeaseSeconds { get; set; } = 300;
    /// <summary>Waits after failed attempts 1, 2, …; after the last one the delivery fails for good (7 attempts in about 35 hours).</summary>
    public int[] RetryMinutes { get; set; } = [1, 5, 30, 120, 480, 1440];

    public int MaxAttempts => RetryMinutes.Length + 1;

    /// <summary>The wait after <paramref name="attempts"/> failed attempts, with up to 10% jitter so receivers coming back are not hit all at once.</summary>
    public TimeSpan RetryDelay(int attempts, double jitter)
    {
        var minutes = RetryMinutes[Math.Clamp(attempts - 1, 0, RetryMinutes.Length - 1)];
        return TimeSpan.FromMinutes(minutes * (1 + 0.1 * Math.Clamp(jitter, 0, 1)));
    }

    public HashSet<string> AllowedHostSet() => new(
        AllowedHosts.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries).Select(h => h.Trim().ToLowerInvariant()), StringComparer.Ordinal);
}
