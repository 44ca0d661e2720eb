namespace Laurel.Features.Notifications;

/// <summary>How the SMTP connection is secured (MailKit's SecureSocketOptions, limited to the three that make sense).</summary>
public enum SmtpSecurity { None, StartTls, SslOnConnect }

/// <summary>
/// <c>Laurel:Smtp</c>. Without a Host, e-mail stays in the outbox (Development, <c>dotnet run</c>) and the worker logs one line
/// per message so operators see what would have been sent. The password is never logged or shown.
/// </summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "noreply@laurel.invalid";
    public string FromName { get; set; } = "Laurel";
    /// <summary>Seconds MailKit waits for the server before giving up on one operation.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The domain of the From address: the right-hand side of every Message-ID Laurel sends.</summary>
    public string MessageIdDomain => From.Split('@') is [_, { Length: > 0 } domain] ? domain.Trim() : "laurel.invalid";

    /// <summary>Where the server is, for logs (no user name, no password).</summary>
    public override string ToString() => $"{Host}:{Port} ({Security})";
}

/// <summary><c>Laurel:Outbox</c>: how the e-mail worker drains the outbox.</summary>
public sealed class OutboxOptions
{
    /// <summary>Runs the background worker in this process (several nodes may all run it; claims keep them apart).</summary>
    public bool WorkerEnabled { get; set; } = true;
    public double PollSeconds { get; set; } = 5;
    public int BatchSize { get; set; } = 20;
    /// <summary>After this many failed attempts a message is marked failed and shown to institution admins.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>First retry delay; doubled after every further failure, up to RetryMaxSeconds.</summary>
    public double RetryBaseSeconds { get; set; } = 30;
    public double RetryMaxSeconds { get; set; } = 3600;
    /// <summary>How long a claim lasts; longer than any SMTP conversation, so a live worker never loses its claim mid-send.</summary>
    public double LeaseSeconds { get; set; } = 300;

    public TimeSpan RetryDelay(int attempts)
    {
        var seconds = RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, RetryMaxSeconds));
    }
}
