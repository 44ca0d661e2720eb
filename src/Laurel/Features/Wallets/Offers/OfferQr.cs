using QRCoder;

namespace Laurel.Features.Wallets.Offers;

/// <summary>
/// The "Add to wallet" QR code as an SVG data URI, made on the server like the backpack's PNG codes (same error correction):
/// the page's CSP allows <c>data:</c> images and no script, and the code never sits in a cache under a shared address.
/// </summary>
public static class OfferQr
{
    public static string SvgDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(8);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
    }
}
