using System.Collections.Concurrent;
using Laurel.Features.Notifications;
using Laurel.Tests.Awards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Laurel.Tests.Notifications;

/// <summary>A clock the test moves by hand (retry times and lease expiry without waiting).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>Options that do not change.</summary>
public sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;
    public T Get(string? name) => value;
    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

/// <summary>Keeps every log line (all levels) so tests can read what operators would see.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _lines = new();
    public IReadOnlyList<string> Lines => [.. _lines];
    public string All => string.Join("\n", _lines);
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
}

internal static class MailTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string NewAddress(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.org";

    public static Task<Guid> UtrechtAsync(this LaurelHost host) => host.InstitutionIdAsync("uu");

    /// <summary>Adds a message to the outbox as a feature would (committed), and returns its id.</summary>
    public static async Task<Guid> QueueAsync(this LaurelHost host, string recipient, Guid? institutionId = null, string subject = "Test message")
    {
        var id = Guid.CreateVersion7();
        await host.DbAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = id, Kind = NotificationKind.AwardIssued, RecipientAddress = recipient, Language = "en", Subject = subject,
                TextBody = "Body text " + id, HtmlBody = "<p>Body text " + id + "</p>", InstitutionId = institutionId, CreatedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync(Ct);
        });
        return id;
    }

    public static Task<OutboxMessage> MessageAsync(this LaurelHost host, Guid id) =>
        host.DbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, Ct));

    /// <summary>Runs passes until one finds nothing due.</summary>
    public static async Task<int> DrainAllAsync(this OutboxDispatcher dispatcher)
    {
        var total = 0;
        while (await dispatcher.DrainOnceAsync(Ct) is var handled and > 0) total += handled;
        return total;
    }
}
