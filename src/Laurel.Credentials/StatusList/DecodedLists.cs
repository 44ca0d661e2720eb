using System.Collections.Concurrent;

namespace Laurel.Credentials.StatusList;

/// <summary>
/// Remembers recently inflated <c>encodedList</c> values. Every credential of an issuer points at the same few lists, so the
/// same few hundred characters were base64-decoded and gunzipped into 16 KiB for every verification. Decoding is a pure
/// function of the exact text, so the key is the whole text (ordinal): a list with one bit changed is another key and is
/// decoded afresh. Only small lists are kept (a hostile list never pins memory), failures are never kept, and the bytes
/// handed out are only read (<see cref="BitstringStatusChecker"/> never writes to the bitstring it checks against).
/// </summary>
internal static class DecodedLists
{
    private const int MaxEncodedChars = 16 * 1024;
    private const int MaxDecodedBytes = 128 * 1024;
    private const int Capacity = 64; // at most 64 × 128 KiB = 8 MiB; real lists are 16 KiB

    private static readonly ConcurrentDictionary<string, byte[]> Entries = new(StringComparer.Ordinal);

    /// <summary>The decoded bitstring of <paramref name="encodedList"/>, refusing to inflate beyond <paramref name="maxBytes"/>.</summary>
    public static StatusBitstring Decode(string encodedList, int maxBytes)
    {
        var cacheable = encodedList.Length <= MaxEncodedChars;
        // A remembered list larger than this caller allows is decoded again, so the caller's limit answers exactly as without the memo.
        if (cacheable && Entries.TryGetValue(encodedList, out var known) && known.Length <= maxBytes) return StatusBitstring.FromBytes(known);
        var decoded = EncodedList.Decode(encodedList, maxBytes);
        if (cacheable && decoded.Length <= MaxDecodedBytes)
        {
            if (Entries.Count >= Capacity) Entries.Clear(); // a flood of distinct lists only costs decoding again
            Entries[encodedList] = decoded;
        }
        return StatusBitstring.FromBytes(decoded);
    }

    /// <summary>How many decoded lists are remembered (tests).</summary>
    internal static int Count => Entries.Count;
}
