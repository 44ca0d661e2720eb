using Laurel.Features.Awards;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Laurel.Browser.Tests.Claims;

/// <summary>
/// Status changes only by clicking from "/" (one GotoAsync): the awarder goes from the staff dashboard to a definition's awards
/// and then to one award, suspends and reinstates it; revokes another with a reason; and withdraws one that still waits to be
/// claimed. Each page shows only the actions the award's state allows. The awards are seeded by the real award service (the
/// actions are what is tested). In Dutch on a 375 px phone and in English on a desktop; every page is axe-clean (and fits).
/// </summary>
public abstract class AwardStatusByClickingTests(LaurelHost host, BrowserSession browser)
{
    [Theory]
    [InlineData("nl-NL", true)]
    [InlineData("en-US", false)]
    public async Task Awarder_suspends_reinstates_revokes_and_withdraws_awards_by_clicking(string locale, bool phone)
    {
        var nl = locale.StartsWith("nl");
        var achievementId = await host.AddAchievementAsync("Computing Science", issuer => TestData.Achievement(issuer,
            "Status journey " + TestData.Key(6), learningOutcomes: "- Clean a data set"));
        var suspended = await AwardAsync(achievementId, await NewLearnerEmailAsync("suus"));
        var revoked = await AwardAsync(achievementId, await NewLearnerEmailAsync("rik"));
        var waiting = await AwardAsync(achievementId, $"wim.{TestData.Key(8).ToLowerInvariant()}@alumni.example.org");
        Assert.Equal(AwardState.Issued, suspended.State);
        Assert.Equal(AwardState.Issued, revoked.State);
        Assert.Equal(AwardState.AwaitingClaim, waiting.State);

        var page = await NewPageAsync(locale, phone);
        // Revoke and withdraw ask "are you sure?" (site.js confirm()); the awarder says yes.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await Journey.SignInByClickingAsync(page, host.BaseUrl, "awarder", "**/manage");
        await Journey.ClickAsync(page, $"tr[data-achievement='{achievementId}'] a[href$='/awards']");

        // Suspend, then reinstate.
        await Journey.ClickAsync(page, $"main a[href='/manage/awards/{suspended.Id}']");
        await AssertStateAsync(page, nl ? "Geldig" : "Valid");
        await Assertions.Expect(page.Locator("form[action*='handler=Withdraw']")).ToHaveCountAsync(0);
        await page.Locator("#SuspendReason").FillAsync(nl ? "Fraudeonderzoek loopt." : "Fraud investigation under way.");
        await Journey.ClickAsync(page, "form[action*='handler=Suspend'] button[type=submit]");
        await AssertStateAsync(page, nl ? "Opgeschort" : "Suspended");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(nl ? "Het credential is opgeschort" : "The credential is suspended");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(nl ? "Fraudeonderzoek loopt." : "Fraud investigation under way.");
        await Assertions.Expect(page.Locator("form[action*='handler=Suspend']")).ToHaveCountAsync(0);
        await Journey.ClickAsync(page, "form[action*='handler=Reinstate'] button[type=submit]");
        await AssertStateAsync(page, nl ? "Geldig" : "Valid");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(nl ? "Het credential is weer geldig." : "The credential is valid again.");
        await Assertions.Expect(page.Locator("form[action*='handler=Reinstate']")).ToHaveCountAsync(0);

        // Revoke another, with a reason; nothing can be done with it afterwards.
        await Journey.ClickAsync(page, $"main a[href='/manage/achievements/{achievementId}/awards']");
        await Journey.ClickAsync(page, $"main a[href='/manage/awards/{revoked.Id}']");
        await page.Locator("#RevokeReason").FillAsync(nl ? "Plagiaat vastgesteld." : "Plagiarism established.");
        await Journey.ClickAsync(page, "form[action*='handler=Revoke'] button[type=submit]");
        await AssertStateAsync(page, nl ? "Ingetrokken" : "Revoked");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(nl ? "Het credential is ingetrokken" : "The credential is revoked");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(nl ? "Plagiaat vastgesteld." : "Plagiarism established.");
        await AssertNoActionsAsync(page, nl);

        // Withdraw the award nobody claimed yet: it offers neither suspend nor revoke, and afterwards nothing at all.
        await Journey.ClickAsync(page, $"main a[href='/manage/achievements/{achievementId}/awards']");
        await Journey.ClickAsync(page, $"main a[href='/manage/awards/{waiting.Id}']");
        await AssertStateAsync(page, nl ? "Wacht op ophalen" : "Awaiting claim");
        await Assertions.Expect(page.Locator("form[action*='handler=Revoke'], form[action*='handler=Suspend'], form[action*='handler=Reinstate']")).ToHaveCountAsync(0);
        await page.Locator("#WithdrawReason").FillAsync(nl ? "Verkeerd adres gebruikt." : "Wrong address used.");
        await Journey.ClickAsync(page, "form[action*='handler=Withdraw'] button[type=submit]");
        await AssertStateAsync(page, nl ? "Teruggetrokken voordat hij geclaimd werd" : "Withdrawn before it was claimed");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(nl ? "De toekenning is teruggetrokken" : "The award is withdrawn");
        await AssertNoActionsAsync(page, nl);
        await Assertions.Expect(page.Locator("form[action*='handler=Withdraw']")).ToHaveCountAsync(0);

        // The awards list shows each award's new state.
        await Journey.ClickAsync(page, $"main a[href='/manage/achievements/{achievementId}/awards']");
        await Assertions.Expect(page.Locator("tr", new() { Has = page.Locator($"a[href='/manage/awards/{suspended.Id}']") })).ToContainTextAsync(nl ? "Geldig" : "Valid");
        await Assertions.Expect(page.Locator("tr", new() { Has = page.Locator($"a[href='/manage/awards/{revoked.Id}']") })).ToContainTextAsync(nl ? "Ingetrokken" : "Revoked");
        await Assertions.Expect(page.Locator("tr", new() { Has = page.Locator($"a[href='/manage/awards/{waiting.Id}']") })).ToContainTextAsync(nl ? "Teruggetrokken" : "Withdrawn");
        await page.Context.CloseAsync();
    }

    private static Task AssertStateAsync(IPage page, string state) => Assertions.Expect(page.Locator("#award-state")).ToContainTextAsync(state);

    /// <summary>A revoked or withdrawn award: no Reinstate, no Revoke, no Suspend (neither as a form nor as a button text).</summary>
    private static async Task AssertNoActionsAsync(IPage page, bool nl)
    {
        await Assertions.Expect(page.Locator("main form[method=post]")).ToHaveCountAsync(0);
        foreach (var name in nl ? new[] { "Weer geldig maken", "Definitief intrekken", "Opschorten" } : ["Reinstate", "Revoke for good", "Suspend"])
            await Assertions.Expect(page.Locator("main").GetByRole(AriaRole.Button, new() { Name = name })).ToHaveCountAsync(0);
    }

    /// <summary>A learner Laurel knows (verified address), so an award to them is issued at once.</summary>
    private async Task<string> NewLearnerEmailAsync(string given)
    {
        var email = $"{given}.{TestData.Key(8).ToLowerInvariant()}@example.org";
        await host.AddPersonAsync(TestData.Learner(email, given + " Learner"));
        return email;
    }

    /// <summary>Awards through the real award service as the demo awarder (signed, with its status list entry).</summary>
    private async Task<Award> AwardAsync(Guid achievementId, string email)
    {
        var awarder = await host.StaffAsync("a.bakker@uu.example");
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var personId = await db.Persons.Where(p => p.Email == email).Select(p => (Guid?)p.Id).SingleOrDefaultAsync(TestContext.Current.CancellationToken);
        var outcome = await scope.ServiceProvider.GetRequiredService<AwardService>().AwardAsync(awarder, new AwardRequest
        {
            AchievementId = achievementId, RecipientPersonId = personId, RecipientIdentity = email,
            CompletedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)),
        }, TestContext.Current.CancellationToken);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.SelectMany(e => e.Value)));
        return outcome.Award!;
    }

    private Task<IPage> NewPageAsync(string locale, bool phone) => phone ? browser.NewPhonePageAsync(locale) : browser.NewPageAsync(locale);
}

public sealed class AwardStatusByClickingTestsOnSqlite(SqliteHost host, BrowserSession browser)
    : AwardStatusByClickingTests(host, browser), IClassFixture<SqliteHost>, IClassFixture<BrowserSession>;
