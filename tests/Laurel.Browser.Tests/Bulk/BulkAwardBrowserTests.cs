using System.Text;

namespace Laurel.Browser.Tests.Bulk;

/// <summary>An awarder uploads a CSV with one bad row, reads the Dutch problem on that row, confirms, sees the result and downloads the report.</summary>
public sealed class BulkAwardBrowserTests(SqliteHost host, BrowserSession browser) : IClassFixture<SqliteHost>, IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Awarder_uploads_a_file_with_one_bad_row_confirms_and_downloads_the_report()
    {
        var achievementId = await NewAchievementAsync();
        var key = Guid.NewGuid().ToString("N")[..8];
        var csv = "e-mailadres;voornaam;achternaam;cijfer;datum afronding\r\n" +
            $"anna-{key}@example.org;Anna;de Wit;8;15-06-2025\r\n" +
            $"bram-{key}@example.org;Bram;Smit;7;31-02-2025\r\n" +
            $"cato-{key}@example.org;Cato;Vermeer;9;2025-06-16\r\n";
        var page = await browser.NewPageAsync("nl-NL");
        await page.GotoAsync(host.BaseUrl + $"/account/sign-in?returnUrl=/manage/achievements/{achievementId}/bulk");
        await page.Locator("button[data-persona=awarder]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("toekennen aan veel lerenden");

        await page.GetByLabel("CSV-bestand").SetInputFilesAsync(new FilePayload
        {
            Name = "cohort.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Inlezen en controleren" }).ClickAsync();

        await Assertions.Expect(page.Locator("#bulk-counts")).ToContainTextAsync("3 rijen: 2 kunnen worden toegekend, 1 hebben problemen.");
        await Assertions.Expect(page.Locator("#line-3")).ToContainTextAsync("Datum afronding: \"31-02-2025\" is geen datum die Laurel kan lezen");
        await Assertions.Expect(page.Locator("#line-2")).ToContainTextAsync("Klaar om toe te kennen");
        Assert.Empty(await Axe.ViolationsAsync(page));

        await page.GetByRole(AriaRole.Button, new() { Name = "Nu toekennen aan 2 lerenden" }).ClickAsync();
        await Assertions.Expect(page.Locator("#bulk-counts")).ToContainTextAsync("3 rijen: 2 toegekend, 1 geweigerd.");
        await Assertions.Expect(page.Locator("#line-2")).ToContainTextAsync("Toegekend");
        await Assertions.Expect(page.Locator("#line-3")).ToContainTextAsync("Geweigerd");
        Assert.Empty(await Axe.ViolationsAsync(page));

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download het verslag van elke rij (CSV)" }).ClickAsync());
        Assert.Equal("cohort-report.csv", download.SuggestedFilename);
        var report = await File.ReadAllTextAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        var lines = report.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("regel;lerende;naam;resultaat", lines[0]);
        Assert.StartsWith($"2;anna-{key}@example.org;Anna de Wit;Toegekend;", lines[1]);
        Assert.StartsWith($"3;bram-{key}@example.org;Bram Smit;Geweigerd;", lines[2]);
        Assert.Contains("31-02-2025", lines[2]);
        Assert.StartsWith($"4;cato-{key}@example.org;Cato Vermeer;Toegekend;", lines[3]);
        await page.Context.CloseAsync();
    }

    private Task<Guid> NewAchievementAsync() => host.AddAchievementAsync("Computing Science", issuer => TestData.Achievement(issuer,
        name: "Bulk browser " + TestData.Key(6), description: "Interpret data.", criteria: "Pass the portfolio.",
        learningOutcomes: "- Clean a data set", gradeRequired: true));
}
