using System.Globalization;
using Laurel.Features.Publishing.Rendering;
using SkiaSharp;

namespace Laurel.Features.Recognition.Decisions;

/// <summary>What the decision letter states; texts already in the letter's language.</summary>
public sealed record LetterContent(string Language, string InstitutionName, string LearnerName, DateTime SubmittedAt, DateTime DecidedAt,
    IReadOnlyList<DecidedCourse> Courses, string VerificationUrl, Func<string, object[], string> Text);

/// <summary>
/// The decision letter: an A4 PDF written by Skia's PDF backend (like the badge certificate), real text, one page or two when the
/// courses need it, and at the foot the QR code and address of the signed decision credential.
/// </summary>
public static class DecisionLetter
{
    private const float PageWidth = 595, PageHeight = 842, Margin = 50, ContentWidth = PageWidth - 2 * Margin;
    private const float FooterHeight = 130;
    private const int MaxPages = 2;

    public static byte[] Pdf(LetterContent c)
    {
        var culture = CultureInfo.GetCultureInfo(c.Language == "en" ? "en-GB" : "nl-NL");
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = c.Text("Letter_Title", []), Author = c.InstitutionName, Creator = "Laurel", Producer = "Laurel", Subject = c.VerificationUrl,
            Creation = c.DecidedAt, Modified = c.DecidedAt,
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var pages = 1;
            var page = new PdfPageWriter(document.BeginPage(PageWidth, PageHeight));
            var y = page.Block(c.InstitutionName, Margin, Margin, ContentWidth, RenderFonts.Bold, 16, 11, 2, PdfPageWriter.Dark) + 10;
            page.Rule(y, new SKColor(0x59, 0x22, 0x77), 2);
            y = page.Block(c.Text("Letter_Title", []), Margin, y + 18, ContentWidth, RenderFonts.Bold, 20, 14, 2, PdfPageWriter.Dark) + 10;
            foreach (var (label, value) in new[]
            {
                (c.Text("Letter_Learner", []), c.LearnerName),
                (c.Text("Letter_Submitted", []), c.SubmittedAt.ToString("d MMMM yyyy", culture)),
                (c.Text("Letter_Decided", []), c.DecidedAt.ToString("d MMMM yyyy", culture)),
            })
            {
                page.Block(label, Margin, y, 120, RenderFonts.Regular, 10.5f, 8, 1, PdfPageWriter.Grey);
                y = page.Block(value, Margin + 130, y, ContentWidth - 130, RenderFonts.Regular, 10.5f, 8, 2, PdfPageWriter.Dark) + 4;
            }
            y = page.Block(c.Text("Letter_Intro", []), Margin, y + 10, ContentWidth, RenderFonts.Regular, 10.5f, 9, 4, PdfPageWriter.Dark) + 12;

            var bottom = PageHeight - Margin - FooterHeight;
            for (var i = 0; i < c.Courses.Count; i++)
            {
                var course = c.Courses[i];
                var reasonLines = course.Reason is null ? 0 : Math.Min(8, page.Wrap(course.Reason, RenderFonts.Regular, 10, ContentWidth - 14).Count);
                var needed = 16 + 14 + reasonLines * 12.5f + 14;
                if (y + needed > bottom)
                {
                    if (pages == MaxPages)
                    {
                        page.Block(c.Text("Letter_More", [c.Courses.Count - i]), Margin, y, ContentWidth, RenderFonts.Regular, 10, 9, 2, PdfPageWriter.Grey);
                        break;
                    }
                    document.EndPage();
                    page = new PdfPageWriter(document.BeginPage(PageWidth, PageHeight));
                    pages++;
                    y = Margin;
                }
                y = page.Block($"{course.Code} — {course.Name} ({course.CourseEc.ToString("0.##", culture)} EC)", Margin, y, ContentWidth, RenderFonts.Bold, 12, 9, 2,
                    PdfPageWriter.Dark) + 2;
                var outcome = c.Text("Outcome_" + course.Outcome, []) + (course.Outcome == ExemptionOutcome.Refuse || course.GrantedEc is null ? ""
                    : " — " + c.Text("Letter_GrantedEc", [course.GrantedEc.Value.ToString("0.##", culture)]));
                y = page.Block(outcome, Margin + 14, y, ContentWidth - 14, RenderFonts.Bold, 10.5f, 9, 1,
                    course.Outcome == ExemptionOutcome.Refuse ? new SKColor(0x9B, 0x1C, 0x1C) : new SKColor(0x1B, 0x6E, 0x3A)) + 2;
                if (course.Reason is { } reason)
                    y = page.Block(c.Text("Letter_Reason", [reason]), Margin + 14, y, ContentWidth - 14, RenderFonts.Regular, 10, 8, 8, PdfPageWriter.Dark);
                y += 12;
            }
            Footer(page, c);
            document.EndPage();
            document.Close();
        }
        return stream.ToArray();
    }

    private static void Footer(PdfPageWriter page, LetterContent c)
    {
        var top = PageHeight - Margin - FooterHeight + 10;
        page.Rule(top, new SKColor(0xD0, 0xCC, 0xDA), 1);
        const float qrSize = 110;
        QrModules.Paint(page.Canvas, SKRect.Create(Margin - 6, top + 10, qrSize, qrSize), c.VerificationUrl);
        var left = Margin + qrSize + 10;
        var width = PageWidth - Margin - left;
        var y = page.Block(c.Text("Letter_VerifyAt", []), left, top + 16, width, RenderFonts.Regular, 10, 8, 3, PdfPageWriter.Grey) + 2;
        var urlTop = y;
        y = page.Block(c.VerificationUrl, left, urlTop, width, RenderFonts.Bold, 9, 6, 3, new SKColor(0x59, 0x22, 0x77));
        page.Canvas.DrawUrlAnnotation(new SKRect(left, urlTop, left + width, y), c.VerificationUrl);
    }
}
