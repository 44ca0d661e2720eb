using Microsoft.EntityFrameworkCore;

namespace Laurel.Browser.Tests.Standards;

/// <summary>
/// The OB 3.0 service consumer in a real browser, against another whole Laurel (<see cref="LaurelPair"/>, two https origins):
/// from <c>/</c>, only by clicking, the learner opens Backpack → Other hosts, connects the other Laurel, signs in and allows
/// there, comes back to the host page, imports all its badges, sends one of her own badges to it from the badge page, and
/// disconnects. Dutch and English, desktop and 375 px phone, axe-clean on every page of both Laurels.
/// </summary>
public sealed class ObConnectBrowserTests(LaurelPairOnSqlite pair, BrowserSession browser) : IClassFixture<LaurelPairOnSqlite>, IClassFixture<BrowserSession>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly SemaphoreSlim Setup = new(1, 1);

    /// <summary>Once per fixture: a badge at the host for its learner (to import) and one at the consumer (to send).</summary>
    private async Task<(Guid HostAward, Guid OwnAward)> BadgesAsync()
    {
        await Setup.WaitAsync(Ct);
        try
        {
            return (await HeldAsync(pair.Host, "Responsible AI in Practice"), await HeldAsync(pair.Consumer, "Data Literacy for Professionals"));
        }
        finally
        {
            Setup.Release();
        }
    }

    private static async Task<Guid> HeldAsync(LaurelHost laurel, string achievement)
    {
        var learner = await laurel.DemoLearnerIdAsync();
        var held = await laurel.DbAsync(db => db.Awards.Where(a => a.RecipientPersonId == learner && a.Achievement!.Name == achievement)
            .Select(a => (Guid?)a.Id).FirstOrDefaultAsync(Ct));
        return held ?? await laurel.AwardThroughServiceAsync(achievement, toDemoLearner: true);
    }

    [Theory]
    [InlineData("nl-NL", false)]
    [InlineData("en-US", false)]
    [InlineData("nl-NL", true)]
    [InlineData("en-US", true)]
    public async Task Learner_connects_another_Laurel_imports_its_badges_sends_one_of_hers_and_disconnects_by_clicking(string locale, bool phone)
    {
        var nl = locale.StartsWith("nl", StringComparison.Ordinal);
        var (hostAward, ownAward) = await BadgesAsync();
        var page = phone ? await browser.NewPhonePageAsync(locale, testCa: true) : await browser.NewPageAsync(locale, testCa: true);

        await Journey.SignInByClickingAsync(page, pair.Consumer.BaseUrl, "learner", "**/*");
        await Journey.ClickAsync(page, "header a[href='/backpack']");
        await Journey.ClickAsync(page, ".backpack-links a[href='/backpack/connections']");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(nl ? "Andere Open Badges-hosts" : "Other Open Badges hosts");

        // Connect: the consumer sends her to the other Laurel, which asks her to sign in there and then to allow.
        await page.Locator("#url").FillAsync(pair.Host.BaseUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = nl ? "Koppelen" : "Connect", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(pair.Host.BaseUrl + "/account/sign-in**");
        await Journey.CheckAsync(page);
        await page.Locator("button[data-persona='learner']").ClickAsync();
        await page.WaitForURLAsync(pair.Host.BaseUrl + "/oauth/ob/authorize**");
        await Journey.CheckAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = nl ? "Toestaan" : "Allow", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(pair.Consumer.BaseUrl + "/backpack/connections/**");
        await Journey.LoadedAsync(page);
        await Journey.CheckAsync(page);

        // The host page lists the other Laurel's badges; import them all.
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Responsible AI in Practice");
        await Journey.ClickAsync(page, $"button[name=all]");
        await Assertions.Expect(page.Locator("li[data-result]").First).ToBeVisibleAsync();
        var results = await page.Locator("li[data-result]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.result)");
        Assert.NotEmpty(results);
        // A badge sent there by an earlier run comes back as this Laurel's own (it is in the backpack as an award).
        Assert.All(results, r => Assert.Contains(r, new[] { "Imported", "AlreadyImported", "LaurelsOwn" }));
        var learner = await pair.Consumer.DemoLearnerIdAsync();
        Assert.True(await pair.Consumer.DbAsync(db => db.ImportedCredentials.AnyAsync(i => i.PersonId == learner
            && i.CredentialText.Contains(hostAward.ToString()), Ct)), "the other Laurel's badge is not in the backpack");

        // Send one of her own badges from its backpack page.
        await Journey.ClickAsync(page, "header a[href='/backpack']");
        await Journey.ClickAsync(page, $"#award-{ownAward} h2 a");
        await Journey.ClickAsync(page, "form[action$='/send'] button[type=submit]");
        await Assertions.Expect(page.Locator("[data-sent=true]")).ToContainTextAsync(nl ? "badge" : "badge");
        var hostLearner = await pair.Host.DemoLearnerIdAsync();
        Assert.True(await pair.Host.DbAsync(db => db.ImportedCredentials.AnyAsync(i => i.PersonId == hostLearner
            && i.CredentialText.Contains(ownAward.ToString()), Ct)), "the sent badge did not arrive at the other Laurel");

        // Disconnect from the list of hosts.
        await Journey.ClickAsync(page, "header a[href='/backpack']");
        await Journey.ClickAsync(page, ".backpack-links a[href='/backpack/connections']");
        await Journey.ClickAsync(page, ".connections form[action$='handler=disconnect'] button");
        await Assertions.Expect(page.Locator("p.notice[role=status]")).ToContainTextAsync(nl ? "is verwijderd" : "is removed");
        await Assertions.Expect(page.Locator(".connections li")).ToHaveCountAsync(0);
    }
}
