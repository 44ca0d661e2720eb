using System.Buffers.Binary;
using System.Text;
using Laurel.Credentials.Limits;

namespace Laurel.Credentials.Baking;

/// <summary>One PNG chunk located inside the image bytes.</summary>
internal readonly record struct PngChunk(int Offset, int DataLength, string Type)
{
    /// <summary>Total bytes: length + type + data + CRC.</summary>
    internal int TotalLength => DataLength + 12;

    internal int DataOffset => Offset + 8;
}

/// <summary>Splits a PNG into chunks, checking the signature, lengths and every CRC (PNG spec §5).</summary>
internal static class PngChunks
{
    internal static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    internal static List<PngChunk> Read(ReadOnlySpan<byte> png, BakingLimits limits)
    {
        if (png.Length > limits.MaxImageBytes)
            throw new BakingException($"The image is larger than {limits.MaxImageBytes} bytes.");
        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
            throw new BakingException("Not a PNG image: the 8-byte PNG signature is missing.");

        var chunks = new List<PngChunk>();
        var offset = Signature.Length;
        while (true)
        {
            if (png.Length - offset < 12)
                throw new BakingException($"The PNG is truncated: a chunk header is cut off at byte {offset} (no IEND).");
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[offset..]);
            // PNG §5.3: lengths are limited to 2^31-1; anything past the end of the file is corrupt.
            if (length > int.MaxValue || length > (uint)(png.Length - offset - 12))
                throw new BakingException($"The PNG is truncated or corrupt: the chunk at byte {offset} declares {length} bytes, more than the file holds.");
            var typeBytes = png.Slice(offset + 4, 4);
            foreach (var b in typeBytes)
                if (!char.IsAsciiLetter((char)b))
                    throw new BakingException($"The PNG chunk at byte {offset} has an invalid type.");
            var chunk = new PngChunk(offset, (int)length, Encoding.ASCII.GetString(typeBytes));
            var expected = BinaryPrimitives.ReadUInt32BigEndian(png[(chunk.DataOffset + chunk.DataLength)..]);
            var actual = Crc32.Compute(typeBytes, png.Slice(chunk.DataOffset, chunk.DataLength));
            if (expected != actual)
                throw new BakingException($"The PNG chunk '{chunk.Type}' at byte {offset} has a bad CRC (corrupt image).");
            if (chunks.Count == 0 && chunk.Type != "IHDR")
                throw new BakingException("The PNG does not start with an IHDR chunk.");
            chunks.Add(chunk);
            if (chunks.Count > limits.MaxPngChunks)
                throw BakingLimits.Exceeded(nameof(ProcessingLimits.MaxPngChunks), limits.MaxPngChunks, $"the PNG has more than {limits.MaxPngChunks:N0} chunks");
            offset += chunk.TotalLength;
            if (chunk.Type == "IEND") return chunks;
        }
    }

    internal static void Write(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, header[4..]);
        output.Write(header);
        output.Write(data);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Compute(header[4..], data));
        output.Write(crc);
    }
}
