using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Laurel.Tests.Completions;

/// <summary>
/// Records the SQL commands EF Core runs while serving the HTTP requests of one trace. The test sends a W3C <c>traceparent</c>
/// header with its own trace id; ASP.NET Core starts the request's activity under it (an activity listener makes it do so), and
/// every command run inside that request (also in scopes it opens, e.g. pathway evaluation) sees that trace id. Background
/// workers of the same host (outbox, claims job) and other tests' requests have other trace ids and are not counted.
/// </summary>
internal sealed class SqlCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly ActivityTraceId _traceId = ActivityTraceId.CreateRandom();
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly ActivityListener _activities = new()
    {
        ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
    };
    private readonly object _gate = new();
    private readonly Stopwatch _since = Stopwatch.StartNew();

    public SqlCommandCounter()
    {
        ActivitySource.AddActivityListener(_activities);
        lock (_gate) _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    /// <summary>
    /// EF Core caches whether a diagnostic event has listeners for a second (<c>LoggingCacheTime</c>), so commands run right after
    /// subscribing may go unseen: create the counter before the test's setup and await this before the request to count.
    /// </summary>
    public Task ReadyAsync() => _since.Elapsed >= Settle ? Task.CompletedTask : Task.Delay(Settle - _since.Elapsed);

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    /// <summary>The header that puts a request in this counter's trace.</summary>
    public string TraceParent => $"00-{_traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";

    /// <summary>Commands recorded so far (SQL text), in order.</summary>
    public IReadOnlyList<string> Commands => [.. _commands];

    public void Reset() => _commands.Clear();

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name != DbLoggerCategory.Name) return;
        lock (_gate) _subscriptions.Add(listener.Subscribe(this, name => name == RelationalEventId.CommandExecuting.Name));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data && Activity.Current?.TraceId == _traceId)
            _commands.Enqueue(data.Command.CommandText);
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var s in _subscriptions) s.Dispose();
            _subscriptions.Clear();
        }
        _activities.Dispose();
    }
}
