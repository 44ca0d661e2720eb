namespace Laurel.Credentials.StatusList;

/// <summary>
/// The uncompressed bitstring of a Bitstring Status List (SL-6.3): index 0 is the most significant
/// (left-most) bit of byte 0, so index i lives in byte i / 8 under mask 0x80 &gt;&gt; (i % 8).
/// </summary>
public sealed class StatusBitstring
{
    /// <summary>The minimum list size the spec demands for herd privacy: 131,072 entries (16 KB).</summary>
    public const int MinimumBitCount = 131_072;

    private readonly byte[] _bytes;

    /// <summary>Creates an all-zero list of <paramref name="bitCount"/> bits (a multiple of 8, at least the spec minimum).</summary>
    public StatusBitstring(int bitCount = MinimumBitCount)
    {
        if (bitCount < MinimumBitCount)
            throw new ArgumentOutOfRangeException(nameof(bitCount), $"A status list has at least {MinimumBitCount} entries (SL-6.3).");
        if (bitCount % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(bitCount), "The bit count must be a multiple of 8.");
        _bytes = new byte[bitCount / 8];
    }

    private StatusBitstring(byte[] bytes) => _bytes = bytes;

    /// <summary>Wraps decoded bytes without copying or size checks (the checker reports short lists itself).</summary>
    public static StatusBitstring FromBytes(byte[] bytes) => new(bytes ?? throw new ArgumentNullException(nameof(bytes)));

    /// <summary>Number of bits in the list.</summary>
    public long BitCount => (long)_bytes.Length * 8;

    /// <summary>The raw bytes (big-endian bit order as described on the type).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Returns whether the bit at <paramref name="index"/> is set.</summary>
    public bool Get(long index)
    {
        CheckIndex(index, 1);
        return (_bytes[index >> 3] & (0x80 >> (int)(index & 7))) != 0;
    }

    /// <summary>Sets (or, with <paramref name="value"/> false, clears) the bit at <paramref name="index"/>.</summary>
    public void Set(long index, bool value = true)
    {
        CheckIndex(index, 1);
        var mask = (byte)(0x80 >> (int)(index & 7));
        if (value) _bytes[index >> 3] |= mask;
        else _bytes[index >> 3] &= (byte)~mask;
    }

    /// <summary>Clears the bit at <paramref name="index"/>.</summary>
    public void Clear(long index) => Set(index, false);

    /// <summary>Reads the <paramref name="statusSize"/>-bit value of entry <paramref name="index"/> (bits i*s .. i*s+s-1, most significant first).</summary>
    public int GetValue(long index, int statusSize = 1)
    {
        CheckSize(statusSize);
        var first = index * statusSize;
        CheckIndex(first, statusSize);
        var value = 0;
        for (var bit = first; bit < first + statusSize; bit++)
            value = (value << 1) | ((_bytes[bit >> 3] >> (7 - (int)(bit & 7))) & 1);
        return value;
    }

    /// <summary>Writes the <paramref name="statusSize"/>-bit value of entry <paramref name="index"/>.</summary>
    public void SetValue(long index, int value, int statusSize = 1)
    {
        CheckSize(statusSize);
        if (value < 0 || value >= 1 << statusSize) throw new ArgumentOutOfRangeException(nameof(value));
        var first = index * statusSize;
        CheckIndex(first, statusSize);
        for (var i = 0; i < statusSize; i++)
            Set(first + i, ((value >> (statusSize - 1 - i)) & 1) != 0);
    }

    /// <summary>Number of entries of <paramref name="statusSize"/> bits the list holds.</summary>
    public long EntryCount(int statusSize = 1)
    {
        CheckSize(statusSize);
        return BitCount / statusSize;
    }

    /// <summary>GZIP-compresses and multibase-encodes the list for <c>encodedList</c> (SL-6.3).</summary>
    public string Encode() => EncodedList.Encode(_bytes);

    /// <summary>Decodes an <c>encodedList</c> value, refusing to inflate beyond <paramref name="maxBytes"/>.</summary>
    public static StatusBitstring Decode(string encodedList, int maxBytes = EncodedList.DefaultMaxDecodedBytes) =>
        new(EncodedList.Decode(encodedList, maxBytes));

    private void CheckIndex(long firstBit, int width)
    {
        if (firstBit < 0 || firstBit + width > BitCount)
            throw new ArgumentOutOfRangeException(nameof(firstBit), $"Index {firstBit} is outside the {BitCount}-bit list.");
    }

    private static void CheckSize(int statusSize)
    {
        // 8 bits is far beyond anything deployed; larger sizes would overflow the int value.
        if (statusSize is < 1 or > 8) throw new ArgumentOutOfRangeException(nameof(statusSize), "statusSize must be 1..8.");
    }
}
