using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Limits;

namespace Laurel.Credentials.DataIntegrity;

/// <summary>
/// The eddsa-rdfc-2022 hash of a proof configuration (EDDSA-3.1 step 4: SHA-256 of its canonical N-Quads), remembered by the
/// configuration's exact JSON text. A bulk award signs thousands of credentials in the same second with the same key, so their proofs
/// differ only in <c>proofValue</c>, which the configuration leaves out: the same text is the same JSON-LD document under the same
/// (default) options, hence the same hash. Bounded: configurations up to <see cref="MaxKeyChars"/> characters, at most
/// <see cref="MaxEntries"/> of them; when full the cache is emptied. Thread-safe.
/// </summary>
internal sealed class ProofConfigHashCache
{
    public const int MaxEntries = 1024;
    public const int MaxKeyChars = 4096;

    public static ProofConfigHashCache Instance { get; } = new();

    private readonly ConcurrentDictionary<string, (byte[] Hash, ProcessingLimits Limits)> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>
    /// The key of a proof's configuration: its entries but proofValue and @context, in order, then the document's @context; null when
    /// too long to keep.
    /// </summary>
    public static string? Key(JsonObject proof, JsonNode? documentContext)
    {
        var key = new StringBuilder(512);
        foreach (var (name, value) in proof)
        {
            if (name is "proofValue" or "@context") continue;
            // Names JSON-encoded and values as JSON text: no two configurations share a key.
            key.Append(JsonValue.Create(name).ToJsonString()).Append(':').Append(value is null ? "null" : value.ToJsonString()).Append('\n');
            if (key.Length > MaxKeyChars) return null;
        }
        key.Append(documentContext?.ToJsonString());
        return key.Length > MaxKeyChars ? null : key.ToString();
    }

    /// <summary>The hash for <paramref name="key"/> when it was computed under the same limits (so no limit is skipped), else null.</summary>
    public byte[]? TryGet(string key, ProcessingLimits limits) =>
        _entries.TryGetValue(key, out var entry) && entry.Limits == limits ? entry.Hash : null;

    public void Add(string key, ReadOnlySpan<byte> hash, ProcessingLimits limits)
    {
        lock (_entries)
        {
            if (_entries.Count >= MaxEntries) _entries.Clear();
            _entries[key] = (hash.ToArray(), limits);
        }
    }
}
