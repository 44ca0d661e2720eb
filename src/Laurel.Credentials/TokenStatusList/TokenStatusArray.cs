namespace Laurel.Credentials.TokenStatusList;

/// <summary>
/// The uncompressed Status List of draft-ietf-oauth-status-list §4.1: a byte array holding one status of
/// <see cref="Bits"/> (1, 2, 4 or 8) bits per referenced token. Entry i sits in byte <c>i * bits / 8</c>, starting at
/// bit <c>(i * bits) % 8</c> counted from the LEAST significant bit. This is the opposite of the W3C Bitstring Status
/// List (SL-6.3, most significant bit first), so the two codecs must never share bit helpers.
/// Example (§4.1, bits 1): statuses 1,0,0,1,1,1,0,1 | 1,1,0,0,0,1,0,1 are the bytes 0xB9 0xA3.
/// </summary>
public sealed class TokenStatusArray
{
    private readonly byte[] _bytes;

    private TokenStatusArray(int bits, byte[] bytes)
    {
        Bits = bits;
        _bytes = bytes;
    }

    /// <summary>Bits per status: 1, 2, 4 or 8 (§4.1 / §5.1 <c>bits</c>).</summary>
    public int Bits { get; }

    /// <summary>Number of statuses the array holds (a byte always holds 8 / <see cref="Bits"/> of them).</summary>
    public long Count => (long)_bytes.Length * 8 / Bits;

    /// <summary>The raw byte array, in the draft's order (least significant bits first).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Whether <paramref name="bits"/> is a size the draft allows (1, 2, 4, 8).</summary>
    public static bool IsValidBits(int bits) => bits is 1 or 2 or 4 or 8;

    /// <summary>
    /// Creates an all-VALID array for at least <paramref name="count"/> statuses (rounded up to whole bytes).
    /// The draft leaves the size to the issuer; a large list gives herd privacy (§12.1), so callers should size it well
    /// beyond the tokens they expect and allocate indices at random.
    /// </summary>
    public static TokenStatusArray Create(int bits, long count)
    {
        CheckBits(bits);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), "A status list holds at least one status.");
        var byteCount = (count * bits + 7) / 8;
        if (byteCount > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(count), "The status list would not fit in one array.");
        return new TokenStatusArray(bits, new byte[byteCount]);
    }

    /// <summary>Wraps an existing (for example inflated) byte array; the array is copied.</summary>
    public static TokenStatusArray FromBytes(int bits, ReadOnlySpan<byte> bytes)
    {
        CheckBits(bits);
        if (bytes.IsEmpty) throw new ArgumentException("A status list holds at least one byte.", nameof(bytes));
        return new TokenStatusArray(bits, bytes.ToArray());
    }

    /// <summary>Whether <paramref name="index"/> names an entry of this array.</summary>
    public bool Contains(long index) => index >= 0 && index < Count;

    /// <summary>Reads the status at <paramref name="index"/>.</summary>
    public int Get(long index)
    {
        CheckIndex(index);
        var (byteIndex, shift) = Locate(index);
        return (_bytes[byteIndex] >> shift) & Mask;
    }

    /// <summary>Writes the status at <paramref name="index"/>; <paramref name="status"/> must fit in <see cref="Bits"/> bits.</summary>
    public void Set(long index, int status)
    {
        CheckIndex(index);
        if (status < 0 || status > Mask)
            throw new ArgumentOutOfRangeException(nameof(status), $"Status {status} does not fit in {Bits} bit(s).");
        var (byteIndex, shift) = Locate(index);
        _bytes[byteIndex] = (byte)((_bytes[byteIndex] & ~(Mask << shift)) | (status << shift));
    }

    /// <summary>Compresses and encodes the array as the <c>lst</c> value (§4.1: ZLIB/DEFLATE, then base64url).</summary>
    public string ToLst() => TokenStatusListEncoding.Encode(_bytes);

    /// <summary>Decodes an <c>lst</c> value within <paramref name="limits"/> (see <see cref="TokenStatusListEncoding.Decode"/>).</summary>
    public static TokenStatusArray FromLst(int bits, string lst, TokenStatusListLimits? limits = null)
    {
        if (!IsValidBits(bits))
            throw new TokenStatusListException(TokenStatusListErrorCode.Malformed, $"bits must be 1, 2, 4 or 8, not {bits}.");
        return new TokenStatusArray(bits, TokenStatusListEncoding.Decode(lst, limits ?? TokenStatusListLimits.Default));
    }

    private int Mask => (1 << Bits) - 1;

    private (long ByteIndex, int Shift) Locate(long index)
    {
        var firstBit = index * Bits;
        return (firstBit >> 3, (int)(firstBit & 7));
    }

    private void CheckIndex(long index)
    {
        if (!Contains(index))
            throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside the list of {Count} statuses.");
    }

    private static void CheckBits(int bits)
    {
        if (!IsValidBits(bits)) throw new ArgumentOutOfRangeException(nameof(bits), "bits must be 1, 2, 4 or 8 (§4.1).");
    }
}
