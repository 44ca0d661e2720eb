using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Laurel.Features.Awards.Issuing;

namespace Laurel.Features.Awards.Results;

/// <summary>
/// Reads for the single results endpoint made per group, not per request (issue 18): concurrent <c>POST /api/v1/completions</c>
/// requests on this node are queued here, and each group of whatever is waiting (up to <see cref="MaxGroup"/>) is read and checked
/// at once by <see cref="CompletionService.ProcessManyAsync"/>, as the batch endpoint does: the definitions, earlier completions,
/// learners and the policy's duplicate check are a handful of queries per group instead of four per request. Every request still
/// gets the answer it would get alone (its own Idempotency-Key record, its own culture, its own client), and its award is stored
/// by <see cref="AwardGroupCommitter"/> as before. At most <see cref="InFlight"/> groups run at once; under light load a group is
/// one request and nothing waits, under heavy load the next group gathers while the running ones read and commit.
/// </summary>
public sealed class CompletionCoalescer : IAsyncDisposable
{
    public const int MaxGroup = 200;
    public const int InFlight = 4;

    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>();
    private readonly SemaphoreSlim _slots = new(InFlight, InFlight);
    private readonly IServiceScopeFactory _scopes;
    private readonly Task _loop;

    public CompletionCoalescer(IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        // The loop belongs to no request: it must not carry the first caller's context (its trace, culture, …) along.
        using (ExecutionContext.SuppressFlow()) _loop = Task.Run(LoopAsync);
    }

    /// <summary>One completion, answered as <see cref="CompletionService.ProcessAsync"/> answers it. Not cancellable once queued (its
    /// group may already be storing it).</summary>
    public Task<CompletionResult> ProcessAsync(Awarder.ApiClient client, JsonNode? item, Guid? answerRecord)
    {
        var entry = new Entry(client, item, answerRecord, CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture,
            Activity.Current?.Context ?? default, new TaskCompletionSource<CompletionResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(entry)) entry.Done.TrySetException(new ObjectDisposedException(nameof(CompletionCoalescer)));
        return entry.Done.Task;
    }

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            await _slots.WaitAsync();
            var group = new List<Entry>();
            while (group.Count < MaxGroup && reader.TryRead(out var entry)) group.Add(entry);
            if (group.Count == 0)
            {
                _slots.Release();
                continue;
            }
            _ = RunAsync(group);
        }
        for (var i = 0; i < InFlight; i++) await _slots.WaitAsync();
    }

    private async Task RunAsync(List<Entry> group)
    {
        try
        {
            // A group is read for one client (its institution and its token's scopes decide) in one culture (its problems' language).
            await Task.WhenAll(group.GroupBy(e => (e.Client.ClientId, e.Client.InstitutionId, Scopes: string.Join(' ', e.Client.Scopes.Order(StringComparer.Ordinal)),
                e.Culture.Name, UiCulture: e.UiCulture.Name)).Select(part => RunPartAsync([.. part])));
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task RunPartAsync(List<Entry> part)
    {
        try
        {
            CultureInfo.CurrentCulture = part[0].Culture;
            CultureInfo.CurrentUICulture = part[0].UiCulture;
            // The group's work (its SQL, its log lines) is traced under the request of its first completion.
            var trace = part[0].Trace;
            using var activity = trace == default ? null
                : new Activity("Laurel.CompletionGroup").SetParentId(trace.TraceId, trace.SpanId, trace.TraceFlags).Start();
            activity?.SetTag("laurel.completions", part.Count);
            await using var scope = _scopes.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<CompletionService>();
            // Alone (light load), a request is read as before: the definition with its earlier completion in one query.
            var results = part.Count == 1 ? [await service.ProcessAsync(part[0].Client, part[0].Item, part[0].AnswerRecord, CancellationToken.None)]
                : await service.ProcessManyAsync(part[0].Client, [.. part.Select(e => e.Item)], [.. part.Select(e => e.AnswerRecord)], CancellationToken.None);
            for (var i = 0; i < part.Count; i++) part[i].Done.TrySetResult(results[i]);
        }
        catch (Exception e)
        {
            // Nothing answered: every request of the part fails as a lone request would (and releases its Idempotency-Key).
            foreach (var entry in part) entry.Done.TrySetException(e);
        }
    }

    /// <summary>Completions queued and not yet taken into a group.</summary>
    internal int Waiting => _queue.Reader.Count;

    /// <summary>Tests: no group starts until the returned hold is disposed, so the requests sent meanwhile become one group.</summary>
    internal async Task<IDisposable> HoldAsync()
    {
        for (var i = 0; i < InFlight; i++) await _slots.WaitAsync();
        return new Hold(_slots);
    }

    private sealed class Hold(SemaphoreSlim slots) : IDisposable
    {
        public void Dispose() => slots.Release(InFlight);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        _slots.Dispose();
    }

    private sealed record Entry(Awarder.ApiClient Client, JsonNode? Item, Guid? AnswerRecord, CultureInfo Culture, CultureInfo UiCulture,
        ActivityContext Trace, TaskCompletionSource<CompletionResult> Done);
}
