using System.Globalization;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Microsoft.Extensions.Caching.Memory;

namespace Laurel.Features.Verification;

/// <summary>
/// Verification results of Laurel's own credentials, keyed by what the result depends on (the exact input or award,
/// the asked recipient, and the current versions of its status lists), so a change to a status list misses the cache at
/// once. Its own bounded cache: the inputs come from anyone, so they must not grow the application's shared cache.
/// </summary>
public sealed class VerificationCache(TimeProvider time) : IDisposable
{
    /// <summary>How long a result may be reused at most (proof and status list dates are checked against the clock too).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 20_000, Clock = new SystemClockOf(time) });

    public bool TryGet(string key, out VerificationReport report) => _cache.TryGetValue(key, out report!);

    /// <summary>
    /// Keeps <paramref name="report"/> for at most <see cref="MaxAge"/>, and never past the next instant its date check could
    /// change (the credential's validFrom or validUntil still ahead): an expiring credential shows expired on time.
    /// </summary>
    public void Set(string key, VerificationReport report)
    {
        var now = time.GetUtcNow();
        var until = now + MaxAge;
        foreach (var name in (string[])["validFrom", "validUntil", "issuanceDate", "expirationDate"])
            if (report.Credential?[name] is JsonValue value && value.TryGetValue<string>(out var text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at > now && at < until)
                until = at;
        if (until > now) _cache.Set(key, report, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = until });
    }

    public void Dispose() => _cache.Dispose();

#pragma warning disable CS0618 // ISystemClock is the only way to give MemoryCache a clock; tests move the TimeProvider.
    private sealed class SystemClockOf(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
#pragma warning restore CS0618
}
