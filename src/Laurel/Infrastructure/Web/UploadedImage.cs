using System.Buffers.Binary;

namespace Laurel.Infrastructure.Web;

/// <summary>An accepted uploaded image (issuer or badge): PNG as uploaded, SVG as rebuilt by the sanitizer.</summary>
public sealed record UploadedImage(byte[] Bytes, string ContentType)
{
    public const int MaxBytes = 2 * 1024 * 1024;
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Checks the content (never the file name): a PNG with a sound header, or an SVG that survives sanitizing.
    /// Returns the image or the resource key of the problem.</summary>
    public static (UploadedImage? Image, string? ProblemKey) Check(byte[] bytes)
    {
        if (bytes.Length == 0) return (null, "ImageEmpty");
        if (bytes.Length > MaxBytes) return (null, "ImageTooLarge");
        if (bytes.AsSpan().StartsWith(PngSignature))
            return HasSoundPngHeader(bytes) ? (new UploadedImage(bytes, "image/png"), null) : (null, "ImageBadPng");
        var svg = SvgSanitizer.Sanitize(bytes);
        if (svg.Accepted) return (new UploadedImage(System.Text.Encoding.UTF8.GetBytes(svg.Svg!), "image/svg+xml"), null);
        return (null, svg.Refusal == SvgRefusal.HasDoctype ? "ImageSvgDoctype" : "ImageWrongType");
    }

    // IHDR must come first, be 13 bytes with a correct CRC, and describe a plausible image.
    private static bool HasSoundPngHeader(byte[] png)
    {
        if (png.Length < 8 + 25) return false;
        var chunk = png.AsSpan(8);
        if (BinaryPrimitives.ReadUInt32BigEndian(chunk) != 13 || !chunk.Slice(4, 4).SequenceEqual("IHDR"u8)) return false;
        var width = BinaryPrimitives.ReadUInt32BigEndian(chunk[8..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(chunk[12..]);
        var bitDepth = chunk[16];
        var colourType = chunk[17];
        if (width is 0 or > 8192 || height is 0 or > 8192) return false;
        if (colourType is not (0 or 2 or 3 or 4 or 6) || bitDepth is not (1 or 2 or 4 or 8 or 16)) return false;
        var crc = BinaryPrimitives.ReadUInt32BigEndian(chunk[21..]);
        return Crc32(chunk.Slice(4, 17)) == crc;
    }

    // PNG's CRC-32 (ISO 3309), bitwise: 17 bytes per upload do not need a table or a package.
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return crc ^ 0xFFFFFFFFu;
    }
}
