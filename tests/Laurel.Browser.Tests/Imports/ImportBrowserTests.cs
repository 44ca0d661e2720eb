
namespace Laurel.Browser.Tests.Imports;

/// <summary>
/// Issue 6 "Done means" in a real browser: a learner imports a baked PNG from another issuer and sees it labelled as imported
/// with its verification report; a wrong file shows the error. Every screen in nl and en, no axe-core violations.
/// </summary>
public sealed class ImportBrowserTests(ImportSqliteHost host, BrowserSession browser) : IClassFixture<ImportSqliteHost>, IClassFixture<BrowserSession>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("laurel-import-browser-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Save(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData("nl-NL", "Badge importeren", "Dit is een PDF-document.", "Geïmporteerd", "Gecontroleerd: echt en van kracht", "Aan jou uitgegeven")]
    [InlineData("en-GB", "Import a badge", "This is a PDF document.", "Imported", "Verified: authentic and in force", "Issued to you")]
    public async Task Learner_imports_a_baked_png_from_another_issuer_and_a_wrong_file_shows_the_error(
        string locale, string title, string pdfMessage, string importedLabel, string validStatus, string issuedToYou)
    {
        var page = await browser.NewPageAsync(locale);
        await page.GotoAsync(host.BaseUrl + "/account/sign-in?returnUrl=/backpack/import");
        await page.Locator("button[data-persona=learner]").ClickAsync();
        await page.WaitForURLAsync("**/backpack/import");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(title);
        Assert.Empty(await Axe.ViolationsAsync(page));

        // A certificate PDF is not a badge: the error summary names the problem and links to the file field.
        await page.Locator("#file").SetInputFilesAsync(Save("certificate.pdf", "%PDF-1.7\n%âãÏÓ\n"u8.ToArray()));
        await page.Locator("form:has(#file) button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync(pdfMessage);
        await Assertions.Expect(page.Locator("#file-error")).ToContainTextAsync(pdfMessage);
        Assert.Empty(await Axe.ViolationsAsync(page));

        // The badge from Hogeschool Elders, baked into a PNG, downloaded from their platform.
        var credential = host.Foreign.Credential();
        await page.Locator("#file").SetInputFilesAsync(Save("elders-badge.png", ForeignIssuer.BakePng(credential.ToJsonString())));
        await page.Locator("form:has(#file) button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/backpack/imports/*");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Data Literacy for Professionals");
        await Assertions.Expect(page.Locator("[data-imported-label]")).ToHaveTextAsync(importedLabel);
        await Assertions.Expect(page.Locator("#import-status")).ToContainTextAsync(validStatus);
        await Assertions.Expect(page.Locator("#recipient")).ToContainTextAsync(issuedToYou);
        await Assertions.Expect(page.Locator("[data-check=proof]")).ToHaveAttributeAsync("data-outcome", "Passed");
        await Assertions.Expect(page.Locator("[data-check=status]")).ToHaveAttributeAsync("data-outcome", "Passed");
        await Assertions.Expect(page.Locator(".verify-facts")).ToContainTextAsync(ForeignIssuer.Name);
        Assert.Empty(await Axe.ViolationsAsync(page));

        // The list shows it, labelled as imported.
        await page.GotoAsync(host.BaseUrl + "/backpack/imports");
        var item = page.Locator(".backpack-item", new() { HasText = "Data Literacy for Professionals" }).First;
        await Assertions.Expect(item.Locator("[data-imported-label]")).ToHaveTextAsync(importedLabel);
        Assert.Empty(await Axe.ViolationsAsync(page));
        await page.Context.CloseAsync();
    }
}
