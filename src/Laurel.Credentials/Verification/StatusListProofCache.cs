using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;

namespace Laurel.Credentials.Verification;

/// <summary>
/// Remembers that a status list credential's proof verified (SL-6.4 step 2), so the list a thousand credentials point at is
/// not canonicalized and signature-checked again for each of them. Only the outcome of the proof check is kept, keyed by the
/// list URL and a SHA-256 of the list exactly as fetched (any changed bit, date or signature is another key), and it is
/// honoured only while the key that made the proof still resolves to the same key material; the list itself is fetched,
/// parsed and its bit, purpose and validity dates checked on every verification. Lists whose proof has an
/// <c>expires</c> are never remembered, and no entry outlives <see cref="MaxAge"/>. Thread-safe; bounded.
/// </summary>
public sealed class StatusListProofCache(TimeProvider? time = null, int capacity = 1024)
{
    /// <summary>How long a remembered proof check is reused at most.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(string MethodId, string KeyPrint, DateTimeOffset Until);

    /// <summary>The cache key of a fetched list: its URL and the hash of its JSON.</summary>
    internal static string KeyOf(string url, JsonObject list) =>
        url + "#" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(list.ToJsonString())));

    /// <summary>True when the proof of exactly this list verified before with a key that <paramref name="resolver"/> still resolves to.</summary>
    internal async Task<bool> IsVerifiedAsync(string key, IVerificationMethodResolver resolver, CancellationToken ct)
    {
        if (!_entries.TryGetValue(key, out var entry)) return false;
        if (_time.GetUtcNow() >= entry.Until)
        {
            _entries.TryRemove(KeyValuePair.Create(key, entry));
            return false;
        }
        // A key that no longer resolves, or resolves to other key material, must not keep vouching for the list.
        return KeyPrint(await resolver.ResolveAsync(entry.MethodId, ct).ConfigureAwait(false)) == entry.KeyPrint;
    }

    /// <summary>Remembers a list whose single proof by <paramref name="methodId"/> verified.</summary>
    internal async Task RememberAsync(string key, JsonObject list, string methodId, IVerificationMethodResolver resolver, CancellationToken ct)
    {
        if (HasExpiringProof(list["proof"]) || KeyPrint(await resolver.ResolveAsync(methodId, ct).ConfigureAwait(false)) is not { } print) return;
        if (_entries.Count >= capacity) _entries.Clear(); // lists are few; a flood of distinct ones only costs re-verification
        _entries[key] = new Entry(methodId, print, _time.GetUtcNow() + MaxAge);
    }

    private static bool HasExpiringProof(JsonNode? proof) => proof switch
    {
        JsonObject one => one.ContainsKey("expires"),
        JsonArray set => set.Any(HasExpiringProof),
        _ => true,
    };

    private static string? KeyPrint(VerificationMethod? method) => method switch
    {
        null => null,
        { PublicKey: { } ed } => Describe(method) + "|ed25519:" + Convert.ToHexString(ed.PublicKeyBytes),
        { P256PublicKey: { } p } => Describe(method) + "|p256:" + Convert.ToHexString(p.X) + Convert.ToHexString(p.Y),
        _ => null,
    };

    private static string Describe(VerificationMethod method) => method.Id + "|" + method.Controller + "|" + string.Join(",", method.Relationships);
}
