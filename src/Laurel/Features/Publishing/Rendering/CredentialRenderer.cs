namespace Laurel.Features.Publishing.Rendering;

/// <summary>
/// One injectable entry point to the renderings (all pure: records in, bytes out, no database, thread-safe).
/// Register as a singleton: <c>services.AddSingleton&lt;CredentialRenderer&gt;();</c>
/// Same input gives the same bytes, so callers can cache and use a hash of the output as ETag.
/// </summary>
public sealed class CredentialRenderer
{
    /// <summary>Credential image PNG: marked for micro-credentials, the plain image (or a generic badge) otherwise.</summary>
    public byte[] BadgePng(BadgeArt art, int size = MarkedBadge.DefaultSize) => MarkedBadge.Png(art, size);

    /// <summary>Credential image SVG; passes SvgSanitizer unchanged, so it can be baked and served as is.</summary>
    public string BadgeSvg(BadgeArt art) => MarkedBadgeSvg.Svg(art);

    /// <summary>1200×627 OpenGraph/LinkedIn preview.</summary>
    public byte[] SharePng(BadgeArt art, string institutionName) => ShareImage.Png(art, institutionName);

    /// <summary>One-page A4 certificate with a QR code to the verification URL.</summary>
    public byte[] CertificatePdf(CertificateContent content) => Rendering.CertificatePdf.Pdf(content);
}
