using System.Buffers.Text;
using System.IO.Compression;

namespace Laurel.Credentials.TokenStatusList;

/// <summary>
/// The <c>lst</c> codec of draft-ietf-oauth-status-list §4.1/§5.1: the byte array compressed with DEFLATE (RFC 1951)
/// in the ZLIB format (RFC 1950, 2-byte header and Adler-32 trailer — not GZIP as in the W3C list), then base64url
/// without padding and without a multibase prefix. Decoding is bounded by <see cref="TokenStatusListLimits"/>.
/// </summary>
public static class TokenStatusListEncoding
{
    /// <summary>Compresses at the highest level (the draft RECOMMENDS it) and base64url-encodes.</summary>
    public static string Encode(ReadOnlySpan<byte> statusBytes)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            zlib.Write(statusBytes);
        return Base64Url.EncodeToString(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>
    /// Decodes and inflates <paramref name="lst"/>. Refuses (with <see cref="TokenStatusListErrorCode.LimitExceeded"/>)
    /// input whose compressed form or inflated output passes the budget: the inflate runs in small chunks and stops at
    /// the first byte beyond <see cref="TokenStatusListLimits.MaxDecompressedBytes"/>, so a ZLIB bomb costs at most that much work.
    /// </summary>
    public static byte[] Decode(string lst, TokenStatusListLimits limits)
    {
        ArgumentNullException.ThrowIfNull(lst);
        ArgumentNullException.ThrowIfNull(limits);
        // base64url of n bytes is ceil(4n/3) characters: refuse long input before decoding it.
        if (lst.Length > (long)limits.MaxCompressedBytes * 4 / 3 + 4)
            throw new TokenStatusListException(TokenStatusListErrorCode.LimitExceeded,
                $"lst is longer than the {limits.MaxCompressedBytes}-byte compressed budget.");
        if (lst.Length == 0 || lst.AsSpan().ContainsAny('=', '+', '/'))
            throw new TokenStatusListException(TokenStatusListErrorCode.Malformed, "lst must be non-empty unpadded base64url.");

        byte[] compressed;
        try
        {
            compressed = Base64Url.DecodeFromChars(lst);
        }
        catch (FormatException)
        {
            throw new TokenStatusListException(TokenStatusListErrorCode.Malformed, "lst is not valid base64url.");
        }
        if (compressed.Length > limits.MaxCompressedBytes)
            throw new TokenStatusListException(TokenStatusListErrorCode.LimitExceeded,
                $"lst is larger than the {limits.MaxCompressedBytes}-byte compressed budget.");
        return Inflate(compressed, limits.MaxDecompressedBytes);
    }

    private static byte[] Inflate(byte[] compressed, int maxBytes)
    {
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = zlib.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > maxBytes)
                    throw new TokenStatusListException(TokenStatusListErrorCode.LimitExceeded,
                        $"lst inflates to more than {maxBytes} bytes; refusing to decompress further (possible ZLIB bomb).");
                output.Write(chunk, 0, read);
            }
            if (output.Length == 0)
                throw new TokenStatusListException(TokenStatusListErrorCode.Malformed, "lst inflates to an empty status list.");
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new TokenStatusListException(TokenStatusListErrorCode.Malformed, "lst is not valid ZLIB (RFC 1950) data: " + e.Message, e);
        }
    }
}
