using Laurel.Credentials.Verification;
using Microsoft.Extensions.Caching.Memory;

namespace Laurel.Features.Verification;

/// <summary>
/// Verification results of Laurel's own credentials, keyed by what the result depends on (the exact input or award,
/// the asked recipient, and the current versions of its status lists), so a change to a status list misses the cache at
/// once. Its own bounded cache: the inputs come from anyone, so they must not grow the application's shared cache.
/// </summary>
public sealed class VerificationCache : IDisposable
{
    /// <summary>How long a result may be reused at most, so date checks (validUntil) are never stale for long.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    public bool TryGet(string key, out VerificationReport report) => _cache.TryGetValue(key, out report!);

    public void Set(string key, VerificationReport report) =>
        _cache.Set(key, report, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = MaxAge });

    public void Dispose() => _cache.Dispose();
}
