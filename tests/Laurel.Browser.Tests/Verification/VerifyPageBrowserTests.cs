
namespace Laurel.Browser.Tests.Verification;

/// <summary>An employer on /verify in a real browser: upload, drop, paste; every check visible; no accessibility violations.</summary>
public sealed class VerifyPageBrowserTests(VerifyHost host, BrowserSession browser) : IClassFixture<VerifyHost>, IClassFixture<BrowserSession>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("laurel-verify-browser-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string SaveCredential()
    {
        var path = Path.Combine(_folder, "badge.json");
        File.WriteAllText(path, host.Issuer.Credential().ToJsonString());
        return path;
    }

    private static async Task<Dictionary<string, string>> OutcomesAsync(IPage page)
    {
        var items = page.Locator("[data-check]");
        var outcomes = new Dictionary<string, string>();
        for (var i = 0; i < await items.CountAsync(); i++)
            outcomes[(await items.Nth(i).GetAttributeAsync("data-check"))!] = (await items.Nth(i).GetAttributeAsync("data-outcome"))!;
        return outcomes;
    }

    [Theory]
    [InlineData("nl-NL", "nl", "Geldig: dit credential is echt en van kracht.", "Handtekening", "in orde")]
    [InlineData("en-GB", "en", "Valid: this credential is authentic and in force.", "Signature", "passed")]
    public async Task Uploading_a_signed_credential_shows_every_check_green(string locale, string culture, string verdict, string signature, string passed)
    {
        var page = await browser.NewPageAsync(locale);
        await page.GotoAsync($"{host.BaseUrl}/verify?culture={culture}");
        await page.Locator("#file").SetInputFilesAsync(SaveCredential());
        await page.Locator("#file-recipient").FillAsync(OtherIssuer.RecipientEmail);
        await page.Locator("form:has(#file) button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#verdict")).ToContainTextAsync(verdict);
        var outcomes = await OutcomesAsync(page);
        Assert.Equal(["format", "schema", "proof", "issuer", "status", "dates", "recipient"], outcomes.Keys);
        Assert.All(outcomes.Values, outcome => Assert.Equal("Passed", outcome));
        await Assertions.Expect(page.Locator("[data-check=proof]")).ToContainTextAsync($"{signature}: {passed}");
        Assert.Empty(await Axe.ViolationsAsync(page));
    }

    [Fact]
    public async Task A_baked_badge_from_the_shared_test_vectors_verifies_offline()
    {
        var page = await browser.NewPageAsync("en-GB");
        await page.GotoAsync($"{host.BaseUrl}/verify?culture=en");
        await page.Locator("#file").SetInputFilesAsync(Fixtures.Constructed("ob3-teamwork.vc-jwt.baked.png"));
        await page.Locator("form:has(#file) button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#verdict")).ToContainTextAsync("Valid");
        var outcomes = await OutcomesAsync(page);
        Assert.Equal("Passed", outcomes["proof"]);
        Assert.Equal("Passed", outcomes["issuer"]);
        Assert.DoesNotContain("Failed", outcomes.Values);
        await Assertions.Expect(page.Locator(".verify-facts")).ToContainTextAsync("baked in a PNG image");
    }

    [Fact]
    public async Task Dropping_a_file_on_the_field_verifies_it()
    {
        var page = await browser.NewPageAsync("en-GB");
        await page.GotoAsync($"{host.BaseUrl}/verify?culture=en");
        var json = await File.ReadAllTextAsync(SaveCredential(), TestContext.Current.CancellationToken);
        // What a drag from the file manager delivers: a DataTransfer holding the file, dropped on the zone.
        await page.EvaluateAsync("""
            json => {
              const transfer = new DataTransfer();
              transfer.items.add(new File([json], 'badge.json', { type: 'application/json' }));
              const zone = document.querySelector('[data-verify-drop]');
              zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
              zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }
            """, json);
        await Assertions.Expect(page.Locator("#verdict")).ToContainTextAsync("Valid");
        Assert.Equal("Passed", (await OutcomesAsync(page))["status"]);
    }

    [Theory]
    [InlineData("nl-NL", "nl", "Handtekening: mislukt")]
    [InlineData("en-GB", "en", "Signature: failed")]
    public async Task Pasting_a_tampered_credential_names_the_failing_check(string locale, string culture, string failing)
    {
        var credential = host.Issuer.Credential();
        credential["credentialSubject"]!["achievement"]!["name"] = "Something never earned";
        var page = await browser.NewPageAsync(locale);
        await page.GotoAsync($"{host.BaseUrl}/verify?culture={culture}");
        await page.Locator("#text").FillAsync(credential.ToJsonString());
        await page.Locator("form:has(#text) button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-verdict=Invalid]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-check=proof][data-outcome=Failed]")).ToContainTextAsync(failing);
        Assert.Empty(await Axe.ViolationsAsync(page));
    }

    [Theory]
    [InlineData("nl-NL", "nl")]
    [InlineData("en-GB", "en")]
    public async Task The_empty_page_and_its_error_state_have_no_accessibility_violations(string locale, string culture)
    {
        var page = await browser.NewPageAsync(locale);
        await page.GotoAsync($"{host.BaseUrl}/verify?culture={culture}");
        Assert.Empty(await Axe.ViolationsAsync(page));

        await page.Locator("form:has(#text) button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary a[href='#text']")).ToBeVisibleAsync();
        Assert.Empty(await Axe.ViolationsAsync(page));
    }
}
