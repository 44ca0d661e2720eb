using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Microsoft.Extensions.Caching.Memory;

namespace Laurel.Features.Verification;

/// <summary>
/// Verification results of Laurel's own credentials, keyed by what the result depends on (the exact input or award,
/// the asked recipient, and the current versions of its status lists), so a change to a status list misses the cache at
/// once. Its own bounded cache: the inputs come from anyone, so they must not grow the application's shared cache.
/// Bounded by an estimate of the bytes its reports hold (<see cref="DefaultByteBudget"/>), not by their number: a report keeps
/// the parsed credential, tens of kilobytes each, so 20,000 of them were ≈ 450 MB of the app's memory (issue 18).
/// </summary>
public sealed class VerificationCache : IDisposable
{
    /// <summary>How long a result may be reused at most (proof and status list dates are checked against the clock too).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The estimated bytes all cached reports may hold together: 32 MB, ≈ 1,100 credentials as Laurel issues them (≈ 13 MB really
    /// kept, see EstimateBytes). A
    /// miss costs one verification (≈ 1–3 ms of CPU); the hot set of a busy platform (badge pages viewed again within five
    /// minutes) fits, a stream of distinct inputs only cycles the cache.
    /// </summary>
    public const long DefaultByteBudget = 32L * 1024 * 1024;

    private readonly TimeProvider _time;
    private readonly MemoryCache _cache;

    public VerificationCache(TimeProvider time) : this(time, DefaultByteBudget) { }

    /// <param name="byteBudget">The bound on <see cref="EstimatedBytes"/> (tests use a small one).</param>
    public VerificationCache(TimeProvider time, long byteBudget)
    {
        _time = time;
        // Over the budget a new entry is refused and a quarter of the cache (least recently used first) is dropped in the
        // background, so the bound holds at every moment and the cache fills again with what is asked now.
        _cache = new(new MemoryCacheOptions
        {
            SizeLimit = byteBudget, CompactionPercentage = 0.25, TrackStatistics = true, Clock = new SystemClockOf(time),
        });
    }

    /// <summary>The estimated bytes of the cached reports (never more than the budget).</summary>
    public long EstimatedBytes => _cache.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    public bool TryGet(string key, out VerificationReport report) => _cache.TryGetValue(key, out report!);

    /// <summary>
    /// Keeps <paramref name="report"/> for at most <see cref="MaxAge"/>, and never past the next instant its date check could
    /// change (the credential's validFrom or validUntil still ahead): an expiring credential shows expired on time.
    /// </summary>
    public void Set(string key, VerificationReport report)
    {
        var now = _time.GetUtcNow();
        var until = now + MaxAge;
        foreach (var name in (string[])["validFrom", "validUntil", "issuanceDate", "expirationDate"])
            if (report.Credential?[name] is JsonValue value && value.TryGetValue<string>(out var text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at > now && at < until)
                until = at;
        if (until > now) _cache.Set(key, report, new MemoryCacheEntryOptions { Size = EstimateBytes(key, report), AbsoluteExpiration = until });
    }

    public void Dispose() => _cache.Dispose();

    // Per-object sizes of the .NET objects behind a report, on the generous side: a seeded Laurel credential of 6.4 kB of JSON,
    // parsed and walked, keeps ≈ 12 kB alive (GC.GetTotalMemory over 300 copies) and is estimated at ≈ 29 kB (docs/benchmarks.md,
    // "Issue 18 — staff pages and memory, round 2"). Over-estimating only keeps fewer entries; under-estimating would break the bound.
    private const int EntryBytes = 400, CheckBytes = 96, ObjectBytes = 64, PropertyBytes = 32, ArrayBytes = 48, ValueBytes = 32, StringBytes = 24;

    /// <summary>An estimate of the memory <paramref name="report"/> keeps alive in the cache under <paramref name="key"/>.</summary>
    internal static long EstimateBytes(string key, VerificationReport report)
    {
        long bytes = EntryBytes + Text(key) + Text(report.IssuerId) + Text(report.IssuerName) + Text(report.AchievementName)
            + Text(report.VerificationMethod) + Text(report.StatusReason) + Text(report.ExceededLimit);
        foreach (var check in report.Checks) bytes += CheckBytes + Text(check.Id) + Text(check.Code) + Text(check.Detail);
        return bytes + Node(report.Credential);
    }

    private static long Text(string? text) => text is null ? 0 : StringBytes + 2L * text.Length;

    private static long Node(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                long bytes = ObjectBytes;
                foreach (var (name, value) in o) bytes += PropertyBytes + Text(name) + Node(value);
                return bytes;
            case JsonArray a:
                long items = ArrayBytes;
                foreach (var item in a) items += 8 + Node(item);
                return items;
            case JsonValue v:
                // A parsed value points into its document's UTF-8 (read without copying); a built one holds its own string.
                if (v.TryGetValue<JsonElement>(out var element))
                    return ValueBytes + 2L * System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element).Length;
                return ValueBytes + (v.TryGetValue<string>(out var s) ? Text(s) : 16);
            default:
                return 0;
        }
    }

#pragma warning disable CS0618 // ISystemClock is the only way to give MemoryCache a clock; tests move the TimeProvider.
    private sealed class SystemClockOf(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
#pragma warning restore CS0618
}
