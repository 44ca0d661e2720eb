using System.Collections.Concurrent;
using Laurel.Features.Identity;

namespace Laurel.Features.Insights;

/// <summary>
/// Counts in memory, never in the database: a public request only adds one to a concurrent dictionary, so counting costs the
/// badge page no query and no write. <see cref="InsightsFlusher"/> drains the buffer into <see cref="InsightDailyCount"/>.
/// Events name the award; its definition (and whether a viewer is its owner) is looked up at flush time, off the request path.
/// </summary>
public sealed class InsightsCounter(TimeProvider time)
{
    /// <summary>
    /// One buffered event group. <paramref name="Viewer"/> is set for page views only (the owner's own views are dropped at flush);
    /// <paramref name="Signer"/> for verifications only: the DID that signed the verified credential, which must be the award's
    /// issuer DID, or anyone could sign a credential with a Laurel award's id and count verifications for it.
    /// </summary>
    public readonly record struct Key(DateOnly Day, Guid AwardId, InsightKind Kind, Guid? Viewer, string? Signer = null);

    private readonly ConcurrentDictionary<Key, long> buffer = new();

    // The number of keys in the buffer, kept beside it: ConcurrentDictionary.Count takes every one of its locks, which on the hot
    // path of each public request (a verification, a badge view) was ≈ 5 % of the CPU of an uncached verification under load.
    // Raised when a key is added, lowered when the flusher takes one, and set to the true count after each drain.
    private int keys;

    /// <summary>Most distinct keys kept between flushes: a flood of requests for made-up ids cannot grow memory without bound.</summary>
    public const int MaxKeys = 100_000;

    public void Count(Guid awardId, InsightKind kind, Guid? viewer = null, string? signer = null)
    {
        var key = new Key(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), awardId, kind, kind == InsightKind.PageView ? viewer : null,
            kind == InsightKind.Verification ? signer : null);
        if (Volatile.Read(ref keys) >= MaxKeys && !buffer.ContainsKey(key)) return;
        Add(key, 1);
    }

    private void Add(Key key, long n)
    {
        // An existing key is the common case: one increment, no allocation; a new key is counted when this call adds it.
        while (true)
        {
            if (buffer.TryGetValue(key, out var current))
            {
                if (buffer.TryUpdate(key, current + n, current)) return;
            }
            else if (buffer.TryAdd(key, n))
            {
                Interlocked.Increment(ref keys);
                return;
            }
        }
    }

    /// <summary>Counts for the signed-in person of <paramref name="context"/> (the owner's page views are not counted).</summary>
    public void Count(HttpContext context, Guid awardId, InsightKind kind) => Count(awardId, kind, StaffAccess.PersonId(context.User));

    /// <summary>Takes everything buffered so far (the flusher's batch).</summary>
    public IReadOnlyDictionary<Key, long> Drain()
    {
        // Remove key by key rather than swapping the dictionary: an increment racing the drain either lands in the taken value
        // or re-adds its key for the next flush (AddOrUpdate retries after a concurrent remove), so none is lost.
        var batch = new Dictionary<Key, long>();
        foreach (var key in buffer.Keys)
            if (buffer.TryRemove(key, out var n)) batch[key] = n;
        Volatile.Write(ref keys, buffer.Count); // off the request path: keeps the kept count from drifting under races
        return batch;
    }

    /// <summary>Puts a batch back when writing it failed, so a database hiccup loses no counts.</summary>
    public void Restore(IReadOnlyDictionary<Key, long> batch)
    {
        foreach (var (key, n) in batch) Add(key, n);
    }

    /// <summary>The DID of a verification method (the DID URL without its fragment): stays the same when a key is rotated.</summary>
    public static string Did(string verificationMethod) =>
        verificationMethod.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 ? verificationMethod[..hash] : verificationMethod;

    /// <summary>Increments waiting for the next flush (for tests and metrics).</summary>
    public int Pending => buffer.Count;
}
