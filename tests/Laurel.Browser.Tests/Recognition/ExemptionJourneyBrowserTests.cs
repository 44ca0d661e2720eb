using UglyToad.PdfPig;

namespace Laurel.Browser.Tests.Recognition;

/// <summary>
/// Issue 17's whole recognition journey across two people, only by clicking: the demo learner applies at UU with badges from UU
/// and TU Delft for two courses; the exam board (another browser) grants one course and refuses the other with a reason; the
/// learner sees both decisions with their reasons and downloads the decision letter, which states them too.
/// </summary>
public sealed class ExemptionJourneyBrowserTests(ExemptionJourneyBrowserTests.DemoHost host, BrowserSession browser)
    : IClassFixture<ExemptionJourneyBrowserTests.DemoHost>, IClassFixture<BrowserSession>
{
    /// <summary>The demo data with its sample awards, as <c>dotnet run</c> has it.</summary>
    public sealed class DemoHost() : LaurelHost(new TestHostOptions(Db.Sqlite).WithSetting("Laurel:Demo:SampleAwards", "true"));

    [Theory]
    [InlineData("en-US", false)]
    [InlineData("nl-NL", true)]
    public async Task Learner_applies_exam_board_grants_one_and_refuses_one_learner_reads_both_and_downloads_the_letter(string locale, bool phone)
    {
        var nl = locale.StartsWith("nl", StringComparison.Ordinal);
        var (refusal, word) = nl ? ("Het practicumverslag ontbreekt.", "practicumverslag") : ("The lab-report is missing.", "lab-report");
        var energy = nl ? "Duurzame energie" : "Sustainable Energy";

        // The learner applies with both badges; the two courses they meet are suggested.
        var learner = phone ? await browser.NewPhonePageAsync(locale) : await browser.NewPageAsync(locale);
        await Journey.SignInByClickingAsync(learner, host.BaseUrl, "learner", "**/backpack");
        await Journey.ClickAsync(learner, "#exemptions-link");
        await Journey.ClickAsync(learner, "#new-application");
        await learner.GetByLabel(nl ? "Universiteit Utrecht" : "Utrecht University").CheckAsync();
        await Journey.ClickAsync(learner, "#start");
        await learner.GetByLabel("Data Literacy for Professionals").CheckAsync();
        await learner.GetByLabel("Solar Energy Systems").CheckAsync();
        await Journey.ClickAsync(learner, "#review");
        await Assertions.Expect(learner.Locator("#proposals [data-proposal=Grant]")).ToHaveCountAsync(2);
        await Journey.ClickAsync(learner, "#submit-application");
        await Assertions.Expect(learner.Locator("#application-state")).ToHaveTextAsync(nl ? "Ingediend" : "Submitted");
        var applicationId = new Uri(learner.Url).AbsolutePath.Split('/').Last();

        // The exam board, elsewhere, decides from its queue.
        var board = phone ? await browser.NewPhonePageAsync(locale) : await browser.NewPageAsync(locale);
        await Journey.SignInByClickingAsync(board, host.BaseUrl, "exam-board", "**/manage");
        var uu = await host.InstitutionIdAsync("uu");
        await Journey.ClickAsync(board, $"nav.manage-nav a[href='{Laurel.Features.Recognition.RecognitionRoutes.Queue(uu)}']");
        await Journey.ClickAsync(board, $"tr[data-application='{applicationId}'] a");
        var grant = board.Locator("section[data-course='INFOB1DS']");
        await grant.Locator("input[name=outcome][value=Grant]").CheckAsync();
        await Journey.ClickAsync(board, "section[data-course='INFOB1DS'] button[type=submit]");
        await Assertions.Expect(board.GetByRole(AriaRole.Status)).ToHaveTextAsync(nl ? "Besluit opgeslagen." : "Decision saved.");
        var refuse = board.Locator("section[data-course='INFOSE']");
        await refuse.Locator("input[name=outcome][value=Refuse]").CheckAsync();
        await refuse.Locator("textarea[name=reason]").FillAsync(refusal);
        await Journey.ClickAsync(board, "section[data-course='INFOSE'] button[type=submit]");
        await Assertions.Expect(board.Locator(".application-state")).ToHaveAttributeAsync("data-state", "Decided");

        // The learner goes back to their applications and opens the decided one.
        await Journey.ClickAsync(learner, "#back-to-applications");
        await Assertions.Expect(learner.Locator($"li[data-application='{applicationId}']")).ToHaveAttributeAsync("data-state", "Decided");
        await Journey.ClickAsync(learner, $"li[data-application='{applicationId}'] h2 a");
        var items = learner.Locator("#courses li[data-course]");
        await Assertions.Expect(items.Filter(new() { HasText = "Data Science 1" }).Locator(".decision")).ToHaveAttributeAsync("data-decision", "Grant");
        var refused = items.Filter(new() { HasText = energy }).Locator(".decision");
        await Assertions.Expect(refused).ToHaveAttributeAsync("data-decision", "Refuse");
        await Assertions.Expect(refused).ToContainTextAsync(refusal);
        await Screenshots.SaveAsync(learner, $"exemption-decided-{locale}-{(phone ? "phone" : "desktop")}.png");

        var download = await learner.RunAndWaitForDownloadAsync(() => learner.Locator("#decision-letter").ClickAsync());
        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), $"laurel-letter-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(file);
        try
        {
            using var pdf = PdfDocument.Open(file);
            var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
            Assert.Contains("Lotte de Vries", text, StringComparison.Ordinal);
            Assert.Contains("INFOB1DS", text, StringComparison.Ordinal);
            Assert.Contains("INFOSE", text, StringComparison.Ordinal);
            Assert.Contains(word, text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
