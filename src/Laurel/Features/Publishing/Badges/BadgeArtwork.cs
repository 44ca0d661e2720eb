using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Laurel.Credentials.Baking;
using Laurel.Features.Achievements;

namespace Laurel.Features.Publishing.Badges;

/// <summary>
/// The images behind every download: the achievement's image as PNG and SVG, ready to be baked. Plain fallbacks are drawn
/// here when the achievement has no image in the requested format.
/// </summary>
public sealed class BadgeArtwork
{
    public Task<byte[]> PngAsync(Achievement achievement, CancellationToken ct) =>
        Task.FromResult(achievement.Image is { } image && BadgeImage.Detect(image) == BadgeImageFormat.Png ? image : SolidPng(240, 240));

    public Task<byte[]> SvgAsync(Achievement achievement, CancellationToken ct) =>
        Task.FromResult(achievement.Image is { } image && BadgeImage.Detect(image) == BadgeImageFormat.Svg ? image : PlainSvg(achievement.Name));

    private static byte[] PlainSvg(string name) => Encoding.UTF8.GetBytes(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 240 240\" width=\"240\" height=\"240\" role=\"img\">"
        + $"<title>{System.Net.WebUtility.HtmlEncode(name)}</title><circle cx=\"120\" cy=\"120\" r=\"110\" fill=\"#0b5394\"/></svg>");

    // A valid RGB PNG of one colour: signature, IHDR, one zlib IDAT, IEND.
    private static byte[] SolidPng(int width, int height)
    {
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            for (var x = 0; x < width; x++) raw.Write([0x0b, 0x53, 0x94]);
        }
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw.ToArray());
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; header[9] = 2;
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc(typeAndData));
        png.Write(length);
    }

    private static uint Crc(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return crc ^ 0xFFFFFFFFu;
    }
}
