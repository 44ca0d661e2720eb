namespace Laurel.Credentials.Multiformats;

/// <summary>Base58 with the Bitcoin alphabet (KEY-5.1): big-endian base conversion, each leading 0x00 ↔ one '1'.</summary>
public static class Base58Btc
{
    /// <summary>
    /// Longest text <see cref="Decode"/> accepts: far above anything base58btc carries in credentials (a 64-byte signature is
    /// 88 characters, a P-384 Multikey 68, a SHA-512 multihash 91), far below what makes the quadratic decoding costly.
    /// </summary>
    public const int MaxDecodeChars = 1_024;

    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private static readonly sbyte[] Values = BuildValues();

    /// <summary>Encodes bytes as base58btc text.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0) zeros++;

        // log(256)/log(58) ≈ 1.366: enough base-58 digits for the remaining bytes.
        var size = (data.Length - zeros) * 138 / 100 + 1;
        Span<byte> digits = size <= 256 ? stackalloc byte[size] : new byte[size];
        digits.Clear();
        var length = 0;
        for (var i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            var j = 0;
            for (var k = size - 1; (carry != 0 || j < length) && k >= 0; k--, j++)
            {
                carry += 256 * digits[k];
                digits[k] = (byte)(carry % 58);
                carry /= 58;
            }
            length = j;
        }

        var first = size - length;
        while (first < size && digits[first] == 0) first++;
        return Build(zeros, digits[first..]);
    }

    /// <summary>Decodes base58btc text; throws <see cref="FormatException"/> on characters outside the alphabet.</summary>
    public static byte[] Decode(ReadOnlySpan<char> text)
    {
        // Base conversion is quadratic in the length: 100,000 characters took 13 s of CPU (issue 12 finding 3).
        if (text.Length > MaxDecodeChars)
            throw new FormatException($"A base58btc value longer than {MaxDecodeChars} characters (MaxDecodeChars) is refused.");
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1') zeros++;

        // log(58)/log(256) ≈ 0.733.
        var size = (text.Length - zeros) * 733 / 1000 + 1;
        Span<byte> bytes = size <= 256 ? stackalloc byte[size] : new byte[size];
        bytes.Clear();
        var length = 0;
        for (var i = zeros; i < text.Length; i++)
        {
            var c = text[i];
            int carry = c < 128 ? Values[c] : -1;
            if (carry < 0) throw new FormatException($"'{c}' is not a base58btc character.");
            var j = 0;
            for (var k = size - 1; (carry != 0 || j < length) && k >= 0; k--, j++)
            {
                carry += 58 * bytes[k];
                bytes[k] = (byte)(carry & 0xFF);
                carry >>= 8;
            }
            length = j;
        }

        var first = size - length;
        while (first < size && bytes[first] == 0) first++;
        var result = new byte[zeros + size - first];
        bytes[first..].CopyTo(result.AsSpan(zeros));
        return result;
    }

    private static string Build(int zeros, ReadOnlySpan<byte> digits)
    {
        Span<char> chars = zeros + digits.Length <= 512 ? stackalloc char[zeros + digits.Length] : new char[zeros + digits.Length];
        chars[..zeros].Fill('1');
        for (var i = 0; i < digits.Length; i++) chars[zeros + i] = Alphabet[digits[i]];
        return new string(chars);
    }

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++) values[Alphabet[i]] = (sbyte)i;
        return values;
    }
}
