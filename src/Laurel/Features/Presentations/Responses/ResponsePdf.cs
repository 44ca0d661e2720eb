using System.Globalization;
using Laurel.Features.Presentations.Requests;
using Laurel.Features.Publishing.Rendering;
using Microsoft.Extensions.Localization;
using SkiaSharp;

namespace Laurel.Features.Presentations.Responses;

/// <summary>
/// One answer as an A4 PDF for the verifier's file: the request, who answered, each badge with its facts, criteria reasons,
/// disclosures and every check. Real text (Skia's PDF backend with the embedded fonts, as Publishing/Rendering/CertificatePdf),
/// so it can be searched and read aloud; it flows onto further pages when long.
/// </summary>
public static class ResponsePdf
{
    private const float PageWidth = 595;
    private const float PageHeight = 842;
    private const float Margin = 50;
    private const float Width = PageWidth - 2 * Margin;

    public static byte[] Pdf(PresentationRequest request, PresentationResponse response, IReadOnlyList<BadgeView> badges,
        IStringLocalizer<RequestPagesText> l, IStringLocalizer<PresentationsText> p)
    {
        var culture = CultureInfo.CurrentCulture;
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = l["ResponseTitle", response.HolderName ?? l["NameNotDisclosed"].Value], Creator = "Laurel", Producer = "Laurel",
            Creation = response.UpdatedAt, Modified = response.UpdatedAt,
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var flow = new Flow(document);
            flow.Text(metadata.Title, RenderFonts.Bold, 18);
            flow.Text(request.Title, RenderFonts.Regular, 12, PdfPageWriter.Grey);
            flow.Gap(8);
            flow.Pair(l["ColHolder"], response.HolderName ?? l["NameNotDisclosed"].Value);
            flow.Pair(l["ColChannel"], p["Channel_" + response.Channel]);
            flow.Pair(l["ColReceived"], response.ReceivedAt.ToString("g", culture) + " UTC");
            flow.Pair(l["AnswerCount"], l[response.AnswerCount == 1 ? "AnsweredOnce" : "AnsweredTimes", response.AnswerCount, response.UpdatedAt.ToString("g", culture)]);
            flow.Pair(l["KeptUntil"], response.ExpiresAt.ToString("d MMMM yyyy", culture));
            foreach (var badge in badges)
            {
                flow.Gap(14);
                flow.Text(badge.Credential.Facts.AchievementName, RenderFonts.Bold, 14);
                flow.Text(badge.Meets ? l["BadgeMeets"] : l["BadgeDoesNotMeet"], RenderFonts.Regular, 10.5f);
                foreach (var (label, value) in badge.Facts) flow.Pair(label, value);
                foreach (var (_, reason) in badge.Reasons) flow.Text("• " + reason, RenderFonts.Regular, 10);
                foreach (var (label, value) in badge.Disclosures) flow.Pair(label, value ?? l["NotDisclosed"].Value);
                flow.Text(l["ChecksTitle"], RenderFonts.Bold, 11);
                foreach (var check in badge.Checks) flow.Text($"• {check.Title}: {check.Outcome}. {check.Explanation}", RenderFonts.Regular, 9.5f);
            }
            flow.Close();
            document.Close();
        }
        return stream.ToArray();
    }

    /// <summary>Top-down text that starts a new page when the next block would not fit.</summary>
    private sealed class Flow(SKDocument document)
    {
        private PdfPageWriter? _page;
        private float _y;

        private PdfPageWriter Page(float needed)
        {
            if (_page is null || _y + needed > PageHeight - Margin)
            {
                if (_page is not null) document.EndPage();
                _page = new PdfPageWriter(document.BeginPage(PageWidth, PageHeight));
                _y = Margin;
            }
            return _page;
        }

        public void Text(string text, SKTypeface face, float size, SKColor? colour = null)
        {
            var page = Page(size * 1.3f);
            var lines = Math.Min(page.Wrap(text, face, size, Width).Count, 12);
            page = Page(lines * size * 1.25f);
            _y = page.Block(text, Margin, _y, Width, face, size, size, lines, colour ?? PdfPageWriter.Dark) + 3;
        }

        public void Pair(string label, string value)
        {
            const float labelWidth = 130;
            var page = Page(14);
            var lines = Math.Min(page.Wrap(value, RenderFonts.Regular, 10.5f, Width - labelWidth).Count, 6);
            page = Page(lines * 13.5f);
            page.Block(label, Margin, _y, labelWidth - 8, RenderFonts.Regular, 10.5f, 8, 2, PdfPageWriter.Grey);
            _y = page.Block(value, Margin + labelWidth, _y, Width - labelWidth, RenderFonts.Regular, 10.5f, 10.5f, lines, PdfPageWriter.Dark) + 3;
        }

        public void Gap(float points) => _y += points;

        public void Close()
        {
            if (_page is not null) document.EndPage();
        }
    }
}
