using Laurel.Tests.Performance;

namespace Laurel.Tests.Completions;

/// <summary>
/// The SQL commands EF Core runs while serving the HTTP requests of one trace, as text: the statement counts of the results API,
/// the badge page and the verdict cache. A view of <see cref="SqlCapture"/> (which records them with their parameters for the
/// query-plan test), so both follow requests the same way: the test sends a W3C <c>traceparent</c> with the counter's trace id,
/// and background workers and other tests' requests, which have other trace ids, are not counted.
/// </summary>
internal sealed class SqlCommandCounter : IDisposable
{
    private readonly SqlCapture _capture = new();

    /// <summary>
    /// EF Core caches whether a diagnostic event has listeners for a second (<c>LoggingCacheTime</c>), so commands run right after
    /// subscribing may go unseen: create the counter before the test's setup and await this before the request to count.
    /// </summary>
    public Task ReadyAsync() => _capture.ReadyAsync();

    /// <summary>The header that puts a request in this counter's trace.</summary>
    public string TraceParent => _capture.TraceParent;

    /// <summary>Commands recorded so far (SQL text), in order.</summary>
    public IReadOnlyList<string> Commands => [.. _capture.Commands.Select(c => c.Sql)];

    public void Reset() => _capture.Clear();

    public void Dispose() => _capture.Dispose();
}
