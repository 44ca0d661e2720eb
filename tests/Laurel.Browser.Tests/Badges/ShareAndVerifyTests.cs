
namespace Laurel.Browser.Tests.Badges;

/// <summary>
/// Issue 4 "Done means" in a real browser: the learner makes a badge public and sees it valid; an employer drops the baked
/// PNG on /verify and every check is green; after staff revoke it, the same file shows revoked with the reason.
/// </summary>
public abstract class ShareAndVerifyTests(LaurelHost host, BrowserSession browser)
{
    [Fact]
    public async Task Learner_shares_employer_verifies_staff_revoke_and_the_same_file_then_shows_revoked()
    {
        var awardId = await host.AwardThroughServiceAsync(achievement: "Responsible AI in Practice", grade: "8",
            isPublic: false, showGrade: false, toDemoLearner: true);

        // The learner makes the badge public (with the grade, so the signed files may be shared) and opens its page.
        var learner = await browser.NewPageAsync("nl-NL");
        await learner.GotoAsync(host.BaseUrl + "/account/sign-in?returnUrl=/backpack");
        await learner.Locator("button[data-persona=learner]").ClickAsync();
        await learner.WaitForURLAsync("**/backpack");
        Assert.Empty(await Axe.ViolationsAsync(learner));
        var item = learner.Locator($"#award-{awardId}");
        await item.GetByLabel("Openbaar maken").CheckAsync();
        await item.GetByLabel("Mijn cijfer tonen").CheckAsync();
        await item.GetByRole(AriaRole.Button, new() { NameRegex = new("^Opslaan") }).ClickAsync();
        await Assertions.Expect(learner.Locator($"#award-{awardId} [role=status]")).ToContainTextAsync("opgeslagen");
        Assert.Empty(await Axe.ViolationsAsync(learner));
        await learner.Locator($"#award-{awardId} h2 a").ClickAsync();
        await Assertions.Expect(learner.Locator("#verdict")).ToContainTextAsync("Geldig");
        Assert.Empty(await Axe.ViolationsAsync(learner));
        await learner.Context.CloseAsync();

        // An employer, not signed in, downloads the baked PNG from the public page and drops it on the verifier.
        var employer = await browser.NewPageAsync("en-GB");
        await employer.GotoAsync($"{host.BaseUrl}/badges/{awardId}");
        await Assertions.Expect(employer.Locator("#verdict")).ToContainTextAsync("Valid");
        Assert.Empty(await Axe.ViolationsAsync(employer));
        var download = await employer.RunAndWaitForDownloadAsync(() =>
            employer.GetByRole(AriaRole.Link, new() { Name = "Badge image with credential (PNG)" }).ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"badge-{awardId}.png");
        await download.SaveAsAsync(file);
        try
        {
            await VerifyFileAsync(employer, file);
            await Assertions.Expect(employer.Locator(".verify-result")).ToHaveAttributeAsync("data-verdict", "Valid");
            var outcomes = await employer.Locator(".verify-check").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.check + '=' + e.dataset.outcome)");
            Assert.NotEmpty(outcomes);
            Assert.All(outcomes, o => Assert.True(o.EndsWith("=Passed") || o == "recipient=Skipped", o));

            // Staff revoke it with a reason (the confirmation dialog is accepted).
            var staff = await browser.NewPageAsync("en-GB");
            await staff.GotoAsync($"{host.BaseUrl}/account/sign-in?returnUrl=/manage/awards/{awardId}");
            await staff.Locator("button[data-persona=awarder]").ClickAsync();
            await staff.WaitForURLAsync($"**/manage/awards/{awardId}");
            staff.Dialog += (_, dialog) => dialog.AcceptAsync();
            await staff.Locator("#RevokeReason").FillAsync("Plagiarism found after the award");
            await staff.GetByRole(AriaRole.Button, new() { Name = "Revoke for good" }).ClickAsync();
            await Assertions.Expect(staff.Locator("body")).ToContainTextAsync("Plagiarism found after the award");
            await staff.Context.CloseAsync();

            // The very same file now verifies as revoked, with the reason.
            await VerifyFileAsync(employer, file);
            await Assertions.Expect(employer.Locator(".verify-result")).ToHaveAttributeAsync("data-verdict", "Invalid");
            await Assertions.Expect(employer.Locator(".verify-check[data-check=status]")).ToHaveAttributeAsync("data-outcome", "Failed");
            await Assertions.Expect(employer.Locator(".verify-result")).ToContainTextAsync("Plagiarism found after the award");
            await employer.GotoAsync($"{host.BaseUrl}/badges/{awardId}");
            await Assertions.Expect(employer.Locator(".alert-revoked")).ToContainTextAsync("Plagiarism found after the award");
        }
        finally
        {
            File.Delete(file);
            await employer.Context.CloseAsync();
        }
    }

    private async Task VerifyFileAsync(IPage page, string file)
    {
        await page.GotoAsync(host.BaseUrl + "/verify");
        await page.Locator("#file").SetInputFilesAsync(file);
        await page.Locator("form:has(#file) button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".verify-result")).ToBeVisibleAsync();
    }
}

public sealed class ShareAndVerifyTestsOnSqlite(SqliteHost host, BrowserSession browser)
    : ShareAndVerifyTests(host, browser), IClassFixture<SqliteHost>, IClassFixture<BrowserSession>;

public sealed class ShareAndVerifyTestsOnPostgres(PostgresHost host, BrowserSession browser)
    : ShareAndVerifyTests(host, browser), IClassFixture<PostgresHost>, IClassFixture<BrowserSession>;
