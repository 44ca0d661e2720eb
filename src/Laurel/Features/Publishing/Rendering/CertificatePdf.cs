using SkiaSharp;

namespace Laurel.Features.Publishing.Rendering;

/// <summary>
/// A one-page A4 PDF certificate written by Skia's own PDF backend. All text is real (embedded DejaVu subsets),
/// so it can be selected, searched and read by screen readers; the QR code and the printed URL lead to the
/// verification page. Long outcome lists are cut to the page with a pointer to the online credential.
/// </summary>
public static class CertificatePdf
{
    private const float PageWidth = 595; // A4 in points
    private const float PageHeight = 842;
    private const float Margin = 50;
    private const float ContentWidth = PageWidth - 2 * Margin;
    private const float FooterTop = PageHeight - Margin - 122;
    private const float BadgeSize = 150;

    public static byte[] Pdf(CertificateContent content)
    {
        using var stream = new MemoryStream();
        var moment = new DateTime(content.IssuedOn, TimeOnly.MinValue, DateTimeKind.Utc);
        var metadata = new SKDocumentPdfMetadata
        {
            Title = content.Badge.AchievementName,
            Author = content.InstitutionName,
            Creator = "Laurel",
            Producer = "Laurel",
            Subject = content.VerificationUrl,
            Creation = moment, // fixed dates keep the bytes the same for the same credential
            Modified = moment,
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var canvas = document.BeginPage(PageWidth, PageHeight);
            using var badgeSource = BadgeSource.Read(content.Badge.Image);
            var page = new PdfPageWriter(canvas);
            var y = Header(page, content);
            page.Rule(y, SKColor.Parse(BadgeArt.MarkColour), 2);
            y = Body(page, content, badgeSource, y + 36);
            y = Details(page, content, y + 18);
            Outcomes(page, content, y + 16);
            Footer(page, content);
            document.EndPage();
            document.Close();
        }
        return stream.ToArray();
    }

    private static float Header(PdfPageWriter page, CertificateContent content)
    {
        var textLeft = Margin;
        using (var logo = BadgeSource.Read(content.InstitutionLogo))
        {
            if (logo.Raster is { } image)
            {
                var box = BadgeLayout.Contain(SKRect.Create(Margin, Margin, 170, 56), image.Width, image.Height);
                box.Offset(Margin - box.Left, 0); // left-aligned
                page.Image(image, box);
                textLeft = box.Right + 18;
            }
        }
        var width = PageWidth - Margin - textLeft;
        var y = page.Block(content.InstitutionName, textLeft, Margin, width, RenderFonts.Bold, 16, 11, 2, PdfPageWriter.Dark);
        if (!string.IsNullOrWhiteSpace(content.IssuerName))
            y = page.Block(content.IssuerName, textLeft, y + 2, width, RenderFonts.Regular, 11, 8, 2, PdfPageWriter.Grey);
        return Math.Max(y, Margin + 56) + 16;
    }

    private static float Body(PdfPageWriter page, CertificateContent content, BadgeSource badgeSource, float top)
    {
        var lang = content.Language;
        var badge = content.Badge;
        var columnWidth = ContentWidth - BadgeSize - 24;
        BadgePainter.Paint(page.Canvas, SKRect.Create(PageWidth - Margin - BadgeSize, top, BadgeSize, BadgeSize), badge, badgeSource);
        var titleKey = badge.IsMicroCredential ? "CertificateTitleMicroCredential" : "CertificateTitle";
        var y = page.Block(RenderingText.Get(titleKey, lang), Margin, top, columnWidth, RenderFonts.Bold, 24, 14, 2, SKColor.Parse(BadgeArt.MarkColour));
        if (!string.IsNullOrWhiteSpace(content.LearnerName))
        {
            y = page.Block(RenderingText.Get("AwardedTo", lang), Margin, y + 14, columnWidth, RenderFonts.Regular, 11, 11, 1, PdfPageWriter.Grey);
            y = page.Block(content.LearnerName, Margin, y + 2, columnWidth, RenderFonts.Bold, 22, 12, 2, PdfPageWriter.Dark);
            y = page.Block(RenderingText.Get("ForAchieving", lang), Margin, y + 8, columnWidth, RenderFonts.Regular, 11, 11, 1, PdfPageWriter.Grey);
        }
        y = page.Block(badge.AchievementName, Margin, y + 4, columnWidth, RenderFonts.Bold, 18, 11, 4, PdfPageWriter.Dark);
        return Math.Max(y, top + BadgeSize);
    }

    private static float Details(PdfPageWriter page, CertificateContent content, float top)
    {
        var lang = content.Language;
        var culture = RenderingText.Culture(lang);
        var rows = new List<(string Label, string Value)>
        {
            (RenderingText.Get("IssuedOn", lang), content.IssuedOn.ToString("d MMMM yyyy", culture)),
        };
        if (content.CompletedOn is { } completed) rows.Add((RenderingText.Get("CompletedOn", lang), completed.ToString("d MMMM yyyy", culture)));
        var levels = new List<string>();
        if (content.Badge.EqfLevel is { } eqf) levels.Add($"EQF {eqf}");
        if (content.NlqfLevel is { } nlqf) levels.Add($"NLQF {nlqf}");
        if (levels.Count > 0) rows.Add((RenderingText.Get("Level", lang), string.Join(" · ", levels)));
        if (StudyLoad(content) is { } load) rows.Add((RenderingText.Get("StudyLoad", lang), load));
        if (content.AssessmentTypes.Count > 0)
            rows.Add((RenderingText.Get("Assessment", lang),
                string.Join(", ", content.AssessmentTypes.Select(a => RenderingText.Get("Assessment_" + a, lang)))));
        if (!string.IsNullOrWhiteSpace(content.Grade)) rows.Add((RenderingText.Get("Grade", lang), content.Grade));

        var y = top;
        const float labelWidth = 130;
        foreach (var (label, value) in rows)
        {
            page.Block(label, Margin, y, labelWidth - 8, RenderFonts.Regular, 10.5f, 8, 2, PdfPageWriter.Grey);
            y = page.Block(value, Margin + labelWidth, y, ContentWidth - labelWidth, RenderFonts.Regular, 10.5f, 8, 3, PdfPageWriter.Dark) + 4;
        }
        return y;
    }

    private static string? StudyLoad(CertificateContent content)
    {
        var lang = content.Language;
        var hours = content.StudyLoadHours;
        var hoursText = hours is { } h ? RenderingText.Format("Hours", lang, Math.Round(h, 0)) : null;
        if (content.Badge.Ec is { } ec)
            return $"{BadgeArt.FormatEc(ec, lang)} EC" + (hoursText is null ? "" : $" ({hoursText})");
        return hoursText;
    }

    private static void Outcomes(PdfPageWriter page, CertificateContent content, float top)
    {
        var outcomes = content.LearningOutcomes.Where(o => !string.IsNullOrWhiteSpace(o)).ToList();
        if (outcomes.Count == 0 || top + 40 > FooterTop) return;
        var lang = content.Language;
        var y = page.Block(RenderingText.Get("LearningOutcomes", lang), Margin, top, ContentWidth, RenderFonts.Bold, 12, 12, 1, PdfPageWriter.Dark) + 4;
        const float size = 10;
        var lineHeight = size * 1.22f;
        var bottom = FooterTop - 12 - lineHeight; // room for the "and n more" line
        for (var i = 0; i < outcomes.Count; i++)
        {
            var lines = page.Wrap(outcomes[i], RenderFonts.Regular, size, ContentWidth - 14);
            var fits = (int)Math.Floor((bottom - y) / lineHeight);
            if (fits <= 0 || (lines.Count > fits && i < outcomes.Count - 1 && fits < 2))
            {
                page.Block(RenderingText.Format("MoreOutcomes", lang, outcomes.Count - i), Margin + 14, y, ContentWidth - 14,
                    RenderFonts.Regular, size, size, 1, PdfPageWriter.Grey);
                return;
            }
            page.Line("•", Margin + 2, y, RenderFonts.Regular, size, PdfPageWriter.Dark);
            y = page.Block(outcomes[i], Margin + 14, y, ContentWidth - 14, RenderFonts.Regular, size, size, Math.Min(lines.Count, fits), PdfPageWriter.Dark) + 3;
        }
    }

    private static void Footer(PdfPageWriter page, CertificateContent content)
    {
        var lang = content.Language;
        page.Rule(FooterTop, new SKColor(0xD0, 0xCC, 0xDA), 1);
        const float qrSize = 110;
        var qrTop = FooterTop + 12;
        QrModules.Paint(page.Canvas, SKRect.Create(Margin - 6, qrTop, qrSize, qrSize), content.VerificationUrl);
        var left = Margin + qrSize + 10;
        var width = PageWidth - Margin - left;
        var y = page.Block(RenderingText.Get("VerifyAt", lang), left, qrTop + 10, width, RenderFonts.Regular, 10, 10, 1, PdfPageWriter.Grey);
        var urlTop = y + 2;
        // A URL reads (and is typed over) best on one line: shrink first, wrap only when that is not enough.
        var urlColour = SKColor.Parse(BadgeArt.MarkColour);
        y = TextFit.Measure(content.VerificationUrl, RenderFonts.Bold, 8) <= width
            ? page.Block(content.VerificationUrl, left, urlTop, width, RenderFonts.Bold, 10, 8, 1, urlColour)
            : page.Block(content.VerificationUrl, left, urlTop, width, RenderFonts.Bold, 10, 7, 3, urlColour);
        page.Canvas.DrawUrlAnnotation(new SKRect(left, urlTop, left + width, y), content.VerificationUrl);
        y = page.Block(RenderingText.Get("CredentialId", lang), left, y + 10, width, RenderFonts.Regular, 9, 9, 1, PdfPageWriter.Grey);
        page.Block(content.CredentialId, left, y + 1, width, RenderFonts.Regular, 9, 6, 2, PdfPageWriter.Dark);
    }
}
