using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Laurel.Browser.Tests.Standards;

/// <summary>
/// Issue 19, Europass by clicking, in Dutch and English, on a desktop and a 375 px phone: the learner downloads the Europass
/// (ELM) file from the backpack's badge page, and an institution admin uploads a (test) seal certificate on the seal page.
/// </summary>
public abstract class EuropassBrowserTests(LaurelHost host, BrowserSession browser)
{
    [Theory]
    [InlineData("nl-NL", false, "Europass-bestand (ELM)")]
    [InlineData("en-GB", false, "Europass (ELM) file")]
    [InlineData("nl-NL", true, "Europass-bestand (ELM)")]
    [InlineData("en-GB", true, "Europass (ELM) file")]
    public async Task The_learner_downloads_the_Europass_file_from_the_backpack(string locale, bool phone, string label)
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { Achievement = "Responsible AI in Practice" });
        var page = phone ? await browser.NewPhonePageAsync(locale) : await browser.NewPageAsync(locale);
        try
        {
            await Journey.SignInByClickingAsync(page, host.BaseUrl, "learner", "**/backpack");
            await Journey.ClickAsync(page, $"#award-{awardId} h2 a");
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = label, Exact = true }).ClickAsync());
            Assert.EndsWith(".europass.jsonld", download.SuggestedFilename, StringComparison.Ordinal);
            var file = Path.Combine(Path.GetTempPath(), $"europass-{Guid.NewGuid():N}.jsonld");
            await download.SaveAsAsync(file);
            try
            {
                var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))!;
                Assert.Equal("EuropeanDigitalCredential", json["type"]![1]!.GetValue<string>());
            }
            finally { File.Delete(file); }
        }
        finally { await page.Context.CloseAsync(); }
    }

    [Theory]
    [InlineData("nl-NL", false, "Europass-zegel", "Zegel uploaden", "geen gekwalificeerd zegel")]
    [InlineData("en-GB", true, "Europass seal", "Upload seal", "not a qualified seal")]
    public async Task An_institution_admin_uploads_a_seal_certificate_by_clicking(string locale, bool phone, string link, string button, string warning)
    {
        var page = phone ? await browser.NewPhonePageAsync(locale) : await browser.NewPageAsync(locale);
        var file = Path.Combine(Path.GetTempPath(), $"seal-{Guid.NewGuid():N}.p12");
        await File.WriteAllBytesAsync(file, TestSeal("browser-seal-pw"), TestContext.Current.CancellationToken);
        try
        {
            await Journey.SignInByClickingAsync(page, host.BaseUrl, "institution-admin", "**/manage");
            await Journey.ClickAsync(page, "#nav-europass-seal");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(link);
            await Assertions.Expect(page.Locator("#seal-not-qualified")).ToContainTextAsync(warning);
            await page.Locator("#File").SetInputFilesAsync(file);
            await page.Locator("#Password").FillAsync("browser-seal-pw");
            await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
            await Journey.LoadedAsync(page);
            await Assertions.Expect(page.Locator("#seal-current")).ToContainTextAsync("Browser test seal");
            await Journey.CheckAsync(page);
            await page.Locator("#seal-remove").ClickAsync();
            await Journey.LoadedAsync(page);
            await Assertions.Expect(page.Locator("#seal-none")).ToBeVisibleAsync();
        }
        finally
        {
            File.Delete(file);
            await page.Context.CloseAsync();
        }
    }

    // A self-signed RSA seal certificate made here (never committed), as a password-protected PKCS#12 file.
    private static byte[] TestSeal(string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Browser test seal, O=Universiteit Utrecht, C=NL", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return certificate.Export(X509ContentType.Pkcs12, password);
    }
}

public sealed class EuropassBrowserTestsOnSqlite(SqliteHost host, BrowserSession browser)
    : EuropassBrowserTests(host, browser), IClassFixture<SqliteHost>, IClassFixture<BrowserSession>;

public sealed class EuropassBrowserTestsOnPostgres(PostgresHost host, BrowserSession browser)
    : EuropassBrowserTests(host, browser), IClassFixture<PostgresHost>, IClassFixture<BrowserSession>;
