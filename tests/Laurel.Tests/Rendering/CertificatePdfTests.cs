using System.Diagnostics;
using Laurel.Features.Achievements;
using Laurel.Features.Publishing.Rendering;
using UglyToad.PdfPig;

namespace Laurel.Tests.Rendering;

/// <summary>The PDF certificate: one A4 page of real text, in the learner's language, with a QR code that scans.</summary>
public sealed class CertificatePdfTests
{
    private const string Url = "https://badges.example.edu/badges/0193a7c2-5d1e-7c4b-9a55-2f6b0e1d8c3a";
    private const string CredentialId = "urn:uuid:0193a7c2-5d1e-7c4b-9a55-2f6b0e1d8c3a";

    private static CertificateContent Content(string language, string? learner = "Fatima el Amrani", int outcomes = 4) =>
        new(RenderKit.MicroCredential(RenderKit.IssuerPng(), language, "Data Science in Practice"),
            language == "en" ? "Utrecht University" : "Universiteit Utrecht", Url, CredentialId, new DateOnly(2026, 11, 23))
        {
            InstitutionLogo = RenderKit.IssuerPng(300, 100),
            IssuerName = "Faculty of Science",
            LearnerName = learner,
            CompletedOn = new DateOnly(2026, 11, 2),
            NlqfLevel = 6,
            StudyLoadHours = 140,
            AssessmentTypes = [AssessmentType.Testing, AssessmentType.Portfolio],
            LearningOutcomes = Enumerable.Range(1, outcomes)
                .Select(i => $"Outcome {i}: applies statistical models to real data sets and explains the results to stakeholders.").ToList(),
        };

    private static (int Pages, string Text) Read(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var page = document.GetPage(1);
        return (document.NumberOfPages, string.Join(' ', page.GetWords().Select(w => w.Text)));
    }

    private static string Compact(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    [Fact]
    public void English_certificate_is_one_page_with_the_learner_achievement_url_and_id_as_text()
    {
        var pdf = CertificatePdf.Pdf(Content("en"));
        RenderKit.Save("certificate-en.pdf", pdf);
        var (pages, text) = Read(pdf);
        Assert.Equal(1, pages);
        Assert.Contains("Fatima el Amrani", text);
        Assert.Contains("Data Science in Practice", text);
        Assert.Contains(Url, Compact(text)); // a long URL may wrap over two lines
        Assert.Contains(CredentialId, Compact(text));
        foreach (var label in new[] { "Micro-credential certificate", "Awarded to", "Issued on", "23 November 2026", "Completed on",
                     "2 November 2026", "EQF 6 · NLQF 6", "5 EC (140 hours)", "Test or exam, Portfolio", "Learning outcomes",
                     "Utrecht University", "Faculty of Science", "Verify this credential online:" })
            Assert.Contains(label, text);
    }

    [Fact]
    public void Dutch_certificate_uses_dutch_labels_and_dates()
    {
        var pdf = CertificatePdf.Pdf(Content("nl"));
        RenderKit.Save("certificate-nl.pdf", pdf);
        var (_, text) = Read(pdf);
        foreach (var label in new[] { "Certificaat microcredential", "Toegekend aan", "Uitgegeven op", "23 november 2026",
                     "Afgerond op", "5 EC (140 uur)", "Toets of tentamen", "Leeruitkomsten", "Controleer dit credential online:" })
            Assert.Contains(label, text);
        Assert.DoesNotContain("Awarded to", text);
    }

    [Fact]
    public void Names_with_diacritics_and_other_european_scripts_come_out_as_the_same_text()
    {
        const string learner = "Zoë Øberg-Łukasiewicz Erdős";
        const string achievement = "Éthique des données · Ψηφιακή ηθική · Цифровая этика";
        var content = Content("en", learner) with { Badge = RenderKit.MicroCredential(null, "en", achievement) };
        var pdf = CertificatePdf.Pdf(content);
        RenderKit.Save("certificate-scripts.pdf", pdf);
        var (_, text) = Read(pdf);
        // Long names wrap (and PdfPig may order the wrapped line after the badge's label): check word by word.
        var words = text.Split(' ');
        Assert.All(learner.Split(' ').Concat(achievement.Split(' ')), word => Assert.Contains(word, words));
    }

    [Fact]
    public void Learning_outcomes_are_read_from_the_stored_markdown_list()
    {
        var outcomes = CertificateContent.OutcomesFromMarkdown("- **Explains** the model\n  and its limits\n* Applies `R`\n\n1. Reflects");
        Assert.Equal(["Explains the model and its limits", "Applies R", "Reflects"], outcomes);
    }

    [Fact]
    public void Without_a_learner_name_the_awarded_to_line_is_left_out()
    {
        var (_, text) = Read(CertificatePdf.Pdf(Content("en", learner: null)));
        Assert.DoesNotContain("Awarded to", text);
        Assert.Contains("Data Science in Practice", text);
    }

    [Fact]
    public void Too_many_learning_outcomes_are_cut_to_one_page_with_a_pointer_online()
    {
        var pdf = CertificatePdf.Pdf(Content("en", outcomes: 60));
        RenderKit.Save("certificate-many-outcomes.pdf", pdf);
        var (pages, text) = Read(pdf);
        Assert.Equal(1, pages);
        Assert.Contains("Outcome 1:", text);
        Assert.DoesNotContain("Outcome 60:", text);
        Assert.Matches(@"and \d+ more, see the online credential", text);
        Assert.Contains(Url, Compact(text)); // the footer is still there
    }

    [Fact]
    public void Broken_badge_image_and_logo_do_not_stop_the_certificate()
    {
        var content = Content("en") with { Badge = RenderKit.MicroCredential([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]) };
        var pdf = CertificatePdf.Pdf(content with { InstitutionLogo = [1, 2, 3] });
        Assert.Equal(1, Read(pdf).Pages);
    }

    [Fact]
    public void Qr_code_on_the_rendered_page_scans_to_the_verification_url()
    {
        var dir = Directory.CreateTempSubdirectory("laurel-render-");
        try
        {
            var pdfPath = Path.Combine(dir.FullName, "certificate.pdf");
            File.WriteAllBytes(pdfPath, CertificatePdf.Pdf(Content("nl")));
            Run("pdftoppm", "-r", "150", "-png", "-singlefile", pdfPath, Path.Combine(dir.FullName, "page"));
            var decoded = Run("zbarimg", "--raw", "-q", Path.Combine(dir.FullName, "page.png"));
            Assert.Equal(Url, decoded.Trim());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Pdftotext_reads_the_same_text()
    {
        var dir = Directory.CreateTempSubdirectory("laurel-render-");
        try
        {
            var pdfPath = Path.Combine(dir.FullName, "certificate.pdf");
            File.WriteAllBytes(pdfPath, CertificatePdf.Pdf(Content("en")));
            var text = Run("pdftotext", "-layout", pdfPath, "-");
            Assert.Contains("Fatima el Amrani", text);
            Assert.Contains("Data Science in Practice", text);
            Assert.Contains(Url, Compact(text));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {error}");
        return output;
    }
}
