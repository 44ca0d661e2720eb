using System.Text;

namespace Laurel.Browser.Tests.Workspace;

/// <summary>
/// The awarder's work, reached only by clicking from "/" (one GotoAsync per person): approve a learner's request (the learner asks
/// for the badge from the catalog first) and award a cohort from a CSV file through preview to result. In Dutch and English, on a
/// desktop and on a 375 px phone; every page is axe-clean and fits the phone.
/// </summary>
public abstract class AwarderJourneyTests(LaurelHost host, BrowserSession browser)
{
    [Theory]
    [InlineData("nl-NL", false)]
    [InlineData("en-US", false)]
    [InlineData("nl-NL", true)]
    [InlineData("en-US", true)]
    public async Task Awarder_approves_a_request_the_learner_made_from_the_catalog(string locale, bool phone)
    {
        var name = "Journey request " + TestData.Key(6);
        var achievementId = await host.AddAchievementAsync("Computing Science", issuer => TestData.Achievement(issuer, name,
            description: "Werk met data.", criteria: "Lever een portfolio in.", learningOutcomes: "- Data opschonen"));

        var learner = await NewPageAsync(locale, phone);
        await Journey.SignInByClickingAsync(learner, host.BaseUrl, "learner", "**/backpack");
        await Journey.ClickAsync(learner, "header a[href='/catalog']");
        await learner.Locator("#q").FillAsync(name);
        await Journey.ClickAsync(learner, "form[role=search] button[type=submit]");
        await Journey.ClickAsync(learner, $"main a[href='/catalog/{achievementId}']");
        await Journey.ClickAsync(learner, $"main a[href='/catalog/{achievementId}/request']");
        await learner.Locator("#Motivation").FillAsync("Portfolio afgerond in juni.");
        await Journey.ClickAsync(learner, "main form.stacked button[type=submit]");
        await Assertions.Expect(learner.Locator("table.requests")).ToContainTextAsync(name);
        await Journey.CheckAsync(learner);

        var awarder = await NewPageAsync(locale, phone);
        await Journey.SignInByClickingAsync(awarder, host.BaseUrl, "awarder", "**/manage");
        // The dashboard counts the waiting request and leads to it.
        await Journey.ClickAsync(awarder, "section.work li[data-count=requests] a");
        await awarder.Locator($"tr:has-text('{name}') input[type=checkbox]").CheckAsync();
        await Journey.ClickAsync(awarder, "form[action*='handler=Approve'] button[type=submit]");
        await Assertions.Expect(awarder.Locator("#outcomes-title")).ToHaveTextAsync(locale.StartsWith("nl") ? "1 van 1 goedgekeurd" : "1 of 1 approved");
        await learner.Context.CloseAsync();
        await awarder.Context.CloseAsync();
    }

    [Theory]
    [InlineData("nl-NL", false)]
    [InlineData("en-US", false)]
    [InlineData("nl-NL", true)]
    [InlineData("en-US", true)]
    public async Task Awarder_awards_a_cohort_from_a_CSV_file_through_preview_to_result(string locale, bool phone)
    {
        var achievementId = await host.AddAchievementAsync("Computing Science", issuer => TestData.Achievement(issuer,
            name: "Journey bulk " + TestData.Key(6), description: "Interpret data.", criteria: "Pass the portfolio.", learningOutcomes: "- Clean a data set"));
        var key = TestData.Key(8).ToLowerInvariant();
        var csv = "e-mailadres;voornaam;achternaam;datum afronding\r\n" +
            $"anna-{key}@example.org;Anna;de Wit;2025-06-15\r\n" +
            $"cato-{key}@example.org;Cato;Vermeer;2025-06-16\r\n";

        var awarder = await NewPageAsync(locale, phone);
        await Journey.SignInByClickingAsync(awarder, host.BaseUrl, "awarder", "**/manage");
        await Journey.ClickAsync(awarder, $"tr[data-achievement='{achievementId}'] a[href$='/bulk']");
        await awarder.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "cohort.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await Journey.ClickAsync(awarder, "form[enctype='multipart/form-data'] button[type=submit]");
        await Assertions.Expect(awarder.Locator("#line-2")).ToBeVisibleAsync();
        await Journey.CheckAsync(awarder);
        await Journey.ClickAsync(awarder, "form[action*='handler=Confirm'] button[type=submit]");
        await awarder.WaitForURLAsync("**/result");
        await Assertions.Expect(awarder.Locator("#bulk-counts")).ToContainTextAsync("2");
        await Journey.CheckAsync(awarder);
        // Back on the dashboard the definition counts its two new awards (issued or waiting to be claimed).
        await Journey.ClickAsync(awarder, "nav.manage-nav a[href='/manage']");
        var row = awarder.Locator($"tr[data-achievement='{achievementId}'] td.num");
        Assert.Equal(2, int.Parse(await row.Nth(0).InnerTextAsync()) + int.Parse(await row.Nth(1).InnerTextAsync()));
        await awarder.Context.CloseAsync();
    }

    private Task<IPage> NewPageAsync(string locale, bool phone) => phone ? browser.NewPhonePageAsync(locale) : browser.NewPageAsync(locale);
}

public sealed class AwarderJourneyTestsOnSqlite(SqliteHost host, BrowserSession browser)
    : AwarderJourneyTests(host, browser), IClassFixture<SqliteHost>, IClassFixture<BrowserSession>;
