using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Laurel.Tests.Performance;

/// <summary>One SQL command as EF Core sent it, with copies of its parameters (so it can be explained later, as it ran).</summary>
internal sealed record CapturedCommand(string Step, string Sql, IReadOnlyList<DbParameter> Parameters);

/// <summary>
/// Records every SQL command EF Core runs for the requests and calls of one trace, with its parameters (<c>SqlCommandCounter</c>
/// is the text-only view of it that statement-count tests use): the test sends a W3C <c>traceparent</c> with its own trace id on every request (and starts an
/// activity under it for direct service calls); every command run inside sees that trace id. Nothing is hard-coded: whatever a
/// request runs, now or after a later change, is recorded. Other tests' hosts and this host's background workers have other
/// trace ids and are not recorded.
/// </summary>
internal sealed class SqlCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly ActivityTraceId _traceId = ActivityTraceId.CreateRandom();
    private readonly ConcurrentQueue<CapturedCommand> _commands = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly ActivityListener _activities = new()
    {
        ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or nameof(SqlCapture),
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
    };
    private readonly ActivitySource _source = new(nameof(SqlCapture));
    private readonly object _gate = new();
    private readonly Stopwatch _since = Stopwatch.StartNew();

    public SqlCapture()
    {
        ActivitySource.AddActivityListener(_activities);
        lock (_gate) _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    /// <summary>The step commands are filed under (the page or call being driven).</summary>
    public string Step { get; set; } = "";

    /// <summary>EF Core caches "no listener" for a second: wait that long after creating the capture before driving anything.</summary>
    public Task ReadyAsync() => _since.Elapsed >= Settle ? Task.CompletedTask : Task.Delay(Settle - _since.Elapsed);

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    /// <summary>The header that puts a request in this capture's trace.</summary>
    public string TraceParent => $"00-{_traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";

    /// <summary>A client whose every request is in this capture's trace.</summary>
    public HttpClient Traced(HttpClient client)
    {
        client.DefaultRequestHeaders.Remove("traceparent");
        client.DefaultRequestHeaders.Add("traceparent", TraceParent);
        return client;
    }

    /// <summary>Runs a direct service call (no HTTP request) inside this capture's trace.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        using var activity = _source.StartActivity("plan-test", ActivityKind.Internal, new ActivityContext(_traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded));
        return await work();
    }

    public IReadOnlyList<CapturedCommand> Commands => [.. _commands];

    /// <summary>Forgets the commands recorded so far (a test's setup ran in the same trace).</summary>
    public void Clear() => _commands.Clear();

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name != DbLoggerCategory.Name) return;
        lock (_gate) _subscriptions.Add(listener.Subscribe(this, name => name == RelationalEventId.CommandExecuting.Name));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != RelationalEventId.CommandExecuting.Name || value.Value is not CommandEventData data || Activity.Current?.TraceId != _traceId) return;
        // Copied now: EF reuses parameter objects once the command is done.
        var parameters = data.Command.Parameters.Cast<DbParameter>().Select(Copy).ToList();
        _commands.Enqueue(new CapturedCommand(Step, data.Command.CommandText, parameters));
    }

    private static DbParameter Copy(DbParameter p) => p is ICloneable cloneable ? (DbParameter)cloneable.Clone() : p;

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
        _source.Dispose();
    }
}
