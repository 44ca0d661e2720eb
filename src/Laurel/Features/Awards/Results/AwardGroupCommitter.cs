using System.Diagnostics;
using System.Threading.Channels;

namespace Laurel.Features.Awards.Results;

/// <summary>
/// Group commit for the results API (one per node): concurrent completions that passed the policy are queued here, and a few writer
/// loops each take whatever is waiting (up to <see cref="MaxGroup"/>) and store it with <see cref="AwardGroupWriter"/> in one
/// transaction: one commit, one fsync, a handful of round trips for the whole group instead of per award. Under light load a group
/// is one award and nothing waits; under heavy load the groups grow by themselves while the previous group commits. A request is
/// answered only after its group committed (or was refused), so a 201 is always durable; if the process dies first, nothing of the
/// group is stored and a retry (same Idempotency-Key or natural key) runs again.
/// </summary>
public sealed class AwardGroupCommitter : IAsyncDisposable
{
    public const int MaxGroup = 200;
    /// <summary>Two loops: one group signs and prepares while the other waits for its commit.</summary>
    public const int Writers = 2;

    // A caller's awards are queued as one unit (up to MaxGroup of them), so one batch is never torn between the two loops: it is
    // stored in one group and reads the signing key and webhooks once, however the loops happen to wake.
    private readonly Channel<Entry[]> _queue = Channel.CreateUnbounded<Entry[]>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<AwardGroupCommitter> _log;
    private readonly Task[] _writers;

    public AwardGroupCommitter(IServiceScopeFactory scopes, ILogger<AwardGroupCommitter> log)
    {
        _scopes = scopes;
        _log = log;
        // The loops belong to no request: they must not carry the first caller's context (its trace, culture, …) along.
        using (ExecutionContext.SuppressFlow()) _writers = [.. Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteAsync))];
    }

    /// <summary>Stores the awards (each on its own, see <see cref="AwardGroupWriter.StoreAsync"/>) once their group committed. Not
    /// cancellable: once queued, an award is stored or refused, and the caller learns which.</summary>
    public async Task<AwardOutcome?[]> StoreAsync(IReadOnlyList<PendingAward> items)
    {
        var trace = Activity.Current?.Context ?? default;
        var entries = items.Select(i => new Entry(i, trace, new TaskCompletionSource<AwardOutcome?>(TaskCreationOptions.RunContinuationsAsynchronously))).ToArray();
        foreach (var unit in entries.Chunk(MaxGroup))
            if (!_queue.Writer.TryWrite(unit))
                foreach (var entry in unit) entry.Done.TrySetException(new ObjectDisposedException(nameof(AwardGroupCommitter)));
        return await Task.WhenAll(entries.Select(e => e.Done.Task));
    }

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        var group = new List<Entry>(MaxGroup);
        while (await reader.WaitToReadAsync())
        {
            group.Clear();
            // Whole units while they fit; the other loop may take a peeked unit first, so a group can end up to one unit larger.
            while (reader.TryPeek(out var next) && (group.Count == 0 || group.Count + next.Length <= MaxGroup) && reader.TryRead(out var unit))
                group.AddRange(unit);
            if (group.Count == 0) continue;
            // The group's work (its SQL, its log lines) is traced under the request of its first award.
            using var activity = group[0].Trace == default ? null
                : new Activity("Laurel.AwardGroupCommit").SetParentId(group[0].Trace.TraceId, group[0].Trace.SpanId, group[0].Trace.TraceFlags).Start();
            activity?.SetTag("laurel.awards", group.Count);
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var writer = scope.ServiceProvider.GetRequiredService<AwardGroupWriter>();
                var outcomes = await writer.StoreAsync([.. group.Select(e => e.Item)], CancellationToken.None);
                for (var i = 0; i < group.Count; i++) group[i].Done.TrySetResult(outcomes[i]);
            }
            catch (Exception e)
            {
                // Nothing of the group was committed (or a commit's outcome is unknown): every request of it fails, and its
                // Idempotency-Key is released so that a retry runs again and finds a stored award by its natural key.
                _log.LogError(e, "A group of {Count} awards could not be stored", group.Count);
                foreach (var entry in group) entry.Done.TrySetException(e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private sealed record Entry(PendingAward Item, ActivityContext Trace, TaskCompletionSource<AwardOutcome?> Done);
}
