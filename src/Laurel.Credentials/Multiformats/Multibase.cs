using System.Buffers.Text;

namespace Laurel.Credentials.Multiformats;

/// <summary>Multibase (KEY-5.1): <c>z</c> = base58btc, <c>u</c> = base64url without padding.</summary>
public static class Multibase
{
    /// <summary>Encodes as <c>z</c> + base58btc.</summary>
    public static string EncodeBase58Btc(ReadOnlySpan<byte> data) => "z" + Base58Btc.Encode(data);

    /// <summary>Encodes as <c>u</c> + base64url without padding.</summary>
    public static string EncodeBase64Url(ReadOnlySpan<byte> data) => "u" + Base64Url.EncodeToString(data);

    /// <summary>Decodes a <c>z</c> or <c>u</c> multibase string; throws <see cref="FormatException"/> otherwise.</summary>
    public static byte[] Decode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0) throw new FormatException("An empty string is not multibase.");
        return value[0] switch
        {
            'z' => Base58Btc.Decode(value.AsSpan(1)),
            'u' => DecodeBase64Url(value.AsSpan(1)),
            _ => throw new FormatException($"Unsupported multibase prefix '{value[0]}'."),
        };
    }

    /// <summary>Decodes a string that must be base58btc (<c>z</c>), as Data Integrity proof values are.</summary>
    public static byte[] DecodeBase58Btc(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0 || value[0] != 'z') throw new FormatException("Expected a base58btc multibase string (prefix 'z').");
        return Base58Btc.Decode(value.AsSpan(1));
    }

    private static byte[] DecodeBase64Url(ReadOnlySpan<char> text)
    {
        if (text.Contains('=')) throw new FormatException("Multibase base64url has no padding.");
        try
        {
            return Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            throw new FormatException("Invalid base64url text.");
        }
    }
}
