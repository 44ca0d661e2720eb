using Laurel.Features.Awards;
using Microsoft.EntityFrameworkCore;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Browser.Tests.Presentations;

/// <summary>
/// Issue 17 by clicking from "/": the demo employer asks for a badge of EQF 6 or higher with the name shared and copies the
/// link; the demo learner opens that link (the one thing a user really receives), answers from the backpack with one badge
/// sharing the name; the employer opens the request and sees the answer with every check passed and the name. In English on a
/// desktop and in Dutch on a 375 px phone, every page axe-clean and (on the phone) without sideways scrolling. The host listens
/// at its public origin, so the copied link is one the browser can open.
/// </summary>
public sealed class PresentationRequestJourneyTests(WalletSqliteHost host, BrowserSession browser) : IClassFixture<WalletSqliteHost>, IClassFixture<BrowserSession>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en-US", false)]
    [InlineData("nl-NL", true)]
    public async Task Employer_asks_learner_answers_from_the_backpack_employer_sees_the_verified_answer(string locale, bool phone)
    {
        var nl = locale.StartsWith("nl", StringComparison.Ordinal);
        await LearnerHoldsDataLiteracyAsync();
        var title = nl ? "Vacature data-analist" : "Data analyst vacancy";

        // The employer makes the request.
        var employer = phone ? await browser.NewPhonePageAsync(locale) : await browser.NewPageAsync(locale);
        await employer.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = host.BaseUrl });
        await Journey.SignInByClickingAsync(employer, host.BaseUrl, "employer", "**/backpack");
        await Journey.ClickAsync(employer, "header a[href='/presentations']");
        await Assertions.Expect(employer.Locator("h1")).ToHaveTextAsync(nl ? "Mijn verzoeken om badges" : "My requests for badges");
        await Journey.ClickAsync(employer, "#new-request");
        await employer.Locator("#Title").FillAsync(title);
        await employer.Locator("#VerifierName").FillAsync("Mulder Analytics");
        await employer.Locator(nl ? "#PurposeNl" : "#PurposeEn").FillAsync(nl ? "Om je datavaardigheden te controleren." : "To check your data skills.");
        await employer.Locator("#Criteria_MinEqfLevel").SelectOptionAsync("6");
        await employer.Locator("#RequireName").CheckAsync();
        await Journey.ClickAsync(employer, "#create-request");
        await employer.WaitForURLAsync("**/presentations/*?created=true");
        await Assertions.Expect(employer.Locator("main")).ToContainTextAsync(nl ? "EQF-niveau 6 of hoger" : "EQF level 6 or higher");
        await employer.Locator("button[data-copy-from='share-url']").ClickAsync();
        await Assertions.Expect(employer.Locator(".share-link .copy-status")).ToHaveTextAsync(nl ? "Gekopieerd" : "Copied");
        var link = await employer.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Matches("/ask/[0-9a-f-]{36}$", link);
        await Screenshots.SaveAsync(employer, $"presentation-request-{locale}.png");

        // The learner opens the link, signs in from it and answers with one badge, sharing the name.
        var learner = phone ? await browser.NewPhonePageAsync(locale) : await browser.NewPageAsync(locale);
        await learner.GotoAsync(link);
        await Journey.CheckAsync(learner);
        await Assertions.Expect(learner.Locator("[data-verifier]")).ToContainTextAsync("Mulder Analytics");
        await Journey.ClickAsync(learner, "#answer-from-backpack");
        await learner.Locator("button[data-persona='learner']").ClickAsync();
        await learner.WaitForURLAsync("**/ask/*/answer");
        await Journey.CheckAsync(learner);
        var candidate = learner.Locator("[data-selectable='True']").Filter(new() { HasText = "Data Literacy for Professionals" });
        await Assertions.Expect(candidate).ToContainTextAsync(nl ? "voldoet: EQF 6 ≥ 6" : "meets: EQF 6 ≥ 6");
        await candidate.Locator("input[name='Badges']").CheckAsync();
        await Assertions.Expect(learner.Locator("#share-RecipientName")).ToBeCheckedAsync();
        await Journey.ClickAsync(learner, "#send-answer");
        await Assertions.Expect(learner.Locator("[data-outcome='accepted']")).ToContainTextAsync(nl ? "verstuurd naar Mulder Analytics" : "sent to Mulder Analytics");
        await Screenshots.SaveAsync(learner, $"presentation-answered-{locale}.png");
        var learnerName = await host.DbAsync(db => db.Persons.Where(p => p.Email == LearnerEmail).Select(p => p.ValidatedName ?? p.DisplayName).SingleAsync(Ct));

        // The employer opens the request and the answer.
        await Journey.ClickAsync(employer, "header a[href='/presentations']");
        await Journey.ClickAsync(employer, $"a:text-is('{title}')");
        var row = employer.Locator("tr[data-response]");
        await Assertions.Expect(row).ToContainTextAsync(learnerName);
        await Assertions.Expect(row.Locator("[data-valid='True'][data-meets='True']")).ToHaveCountAsync(1);
        await Journey.ClickAsync(employer, "tr[data-response] a");
        await Assertions.Expect(employer.Locator("[data-verdict='valid']")).ToHaveTextAsync(nl ? "Alle controles zijn geslaagd." : "Every check passed.");
        await Assertions.Expect(employer.Locator("[data-holder]")).ToHaveTextAsync(learnerName);
        await Assertions.Expect(employer.Locator("[data-passed='False']")).ToHaveCountAsync(0);
        Assert.True(await employer.Locator("[data-passed='True']").CountAsync() >= 4, "every check of the badge is listed");
        await Screenshots.SaveAsync(employer, $"presentation-answer-{locale}.png");
        await learner.Context.CloseAsync();
        await employer.Context.CloseAsync();
    }

    /// <summary>The demo learner's Data Literacy award (EQF 6) from the real award service, once per host.</summary>
    private async Task LearnerHoldsDataLiteracyAsync()
    {
        var learner = await host.DemoLearnerIdAsync();
        var held = await host.DbAsync(db => db.Awards.AnyAsync(a => a.RecipientPersonId == learner && a.State == AwardState.Issued
            && db.Achievements.Any(x => x.Id == a.AchievementId && x.Name == "Data Literacy for Professionals"), Ct));
        if (!held) await host.AwardThroughServiceAsync("Data Literacy for Professionals", toDemoLearner: true);
    }
}
