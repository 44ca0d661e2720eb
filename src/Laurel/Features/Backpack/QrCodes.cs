using QRCoder;

namespace Laurel.Features.Backpack;

/// <summary>QR codes (PNG) of public addresses, for the learner to show or print.</summary>
public static class QrCodes
{
    public static byte[] Png(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(8);
    }

    /// <summary>Never cached by shared caches: the owner may see a private one.</summary>
    public static IResult Result(HttpContext context, string url, bool isPublic)
    {
        context.Response.Headers.CacheControl = isPublic ? "public, max-age=300" : "private, no-store";
        context.Response.Headers.Vary = "Cookie";
        return Results.File(Png(url), "image/png");
    }
}
