using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace Laurel.Features.Standards.ObConnect;

/// <summary>
/// Service Description Documents as HTTP caching allows (OB3-7.6: clients SHOULD honour Cache-Control, Expires and ETag;
/// RFC 9111 as a shared cache, since one copy serves every learner): a fresh copy is reused without a request, a stale one
/// with an ETag is revalidated with <c>If-None-Match</c> (304 keeps it), <c>no-store</c> and <c>private</c> are not kept,
/// <c>no-cache</c> means revalidate every time. Freshness is capped at a day and the cache at <see cref="MaxEntries"/> hosts.
/// </summary>
public sealed class ObSddCache(TimeProvider time)
{
    public const int MaxEntries = 500;
    public static readonly TimeSpan MaxFreshness = TimeSpan.FromDays(1);

    public sealed record Entry(ObServiceDescription Sdd, string? ETag, DateTimeOffset FreshUntil);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The entry for <paramref name="url"/>, fresh or not; null when none.</summary>
    public Entry? Find(Uri url) => _entries.TryGetValue(url.AbsoluteUri, out var entry) ? entry : null;

    public bool IsFresh(Entry entry) => entry.FreshUntil > time.GetUtcNow();

    /// <summary>Keeps (or refreshes) the document as <paramref name="response"/>'s headers allow; forgets it when they forbid.</summary>
    public void Store(Uri url, ObServiceDescription sdd, ObResponse response, string? etag)
    {
        var control = response.CacheControl;
        if (control is { NoStore: true } or { Private: true })
        {
            _entries.TryRemove(url.AbsoluteUri, out _);
            return;
        }
        var until = FreshUntil(control, response.Expires);
        // Nothing to revalidate with and nothing fresh: not worth keeping.
        if (etag is null && until <= time.GetUtcNow()) return;
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[url.AbsoluteUri] = new(sdd, etag, until);
    }

    private DateTimeOffset FreshUntil(CacheControlHeaderValue? control, DateTimeOffset? expires)
    {
        var now = time.GetUtcNow();
        if (control?.NoCache == true) return now;
        var lifetime = control?.SharedMaxAge ?? control?.MaxAge ?? (expires is { } e ? e - now : TimeSpan.Zero);
        if (lifetime <= TimeSpan.Zero) return now;
        return now + (lifetime > MaxFreshness ? MaxFreshness : lifetime);
    }
}
