using System.Buffers.Text;
using System.IO.Compression;

namespace Laurel.Credentials.StatusList;

/// <summary>
/// The <c>encodedList</c> codec (SL-6.3): multibase base64url without padding ('u' prefix) of the
/// GZIP (RFC 1952) compressed bitstring. Decoding is bounded so a small "GZIP bomb" cannot exhaust memory.
/// </summary>
public static class EncodedList
{
    /// <summary>Default inflate limit: 16 MiB, i.e. 134 million entries — far above any real list.</summary>
    public const int DefaultMaxDecodedBytes = 16 * 1024 * 1024;

    /// <summary>Compresses and encodes raw bitstring bytes.</summary>
    public static string Encode(ReadOnlySpan<byte> bitstring)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(bitstring);
        return "u" + Base64Url.EncodeToString(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Decodes and decompresses; throws <see cref="StatusListException"/> with a clear reason on bad input.</summary>
    public static byte[] Decode(string encodedList, int maxBytes = DefaultMaxDecodedBytes)
    {
        ArgumentNullException.ThrowIfNull(encodedList);
        if (maxBytes <= 0) throw new ArgumentOutOfRangeException(nameof(maxBytes));
        if (encodedList.Length == 0 || encodedList[0] != 'u')
            throw new StatusListException(StatusListErrorCode.MalformedValue,
                "encodedList must be multibase base64url (it must start with 'u').");

        byte[] compressed;
        try
        {
            compressed = Base64Url.DecodeFromChars(encodedList.AsSpan(1));
        }
        catch (FormatException)
        {
            throw new StatusListException(StatusListErrorCode.MalformedValue, "encodedList is not valid base64url.");
        }

        return Inflate(compressed, maxBytes);
    }

    private static byte[] Inflate(byte[] compressed, int maxBytes)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = gzip.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > maxBytes)
                    throw new StatusListException(StatusListErrorCode.DecompressionLimitExceeded,
                        $"encodedList inflates to more than {maxBytes} bytes; refusing to decompress further (possible GZIP bomb).");
                output.Write(chunk, 0, read);
            }
            if (output.Length == 0)
                throw new StatusListException(StatusListErrorCode.MalformedValue, "encodedList decompresses to an empty bitstring.");
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new StatusListException(StatusListErrorCode.MalformedValue, "encodedList is not valid GZIP data: " + e.Message);
        }
    }
}
