using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Laurel.Browser.Tests.Claims;

/// <summary>
/// Claims in a real browser: an awarder awards a badge to an e-mail address no learner has yet; the learner adds that address to
/// their account, signs in, sees the waiting badge, accepts it and finds it in the backpack.
/// </summary>
public abstract class ClaimJourneyTests(LaurelHost host, BrowserSession browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Learner_accepts_a_badge_awarded_to_their_e_mail_address_and_finds_it_in_the_backpack()
    {
        var (achievementId, name) = await NewClaimRequiredBadgeAsync();
        var email = $"lotte.{Guid.NewGuid().ToString("N")[..6]}@alumni.example.org";

        var staff = await browser.NewPageAsync("nl-NL");
        // An old bookmark of the direct-award page still leads to the one award page.
        await staff.GotoAsync(host.BaseUrl + $"/account/sign-in?returnUrl=/manage/achievements/{achievementId}/direct-award");
        await staff.Locator("button[data-persona=awarder]").ClickAsync();
        await Assertions.Expect(staff).ToHaveURLAsync(host.BaseUrl + $"/manage/achievements/{achievementId}/award");
        Assert.Empty(await Axe.ViolationsAsync(staff));
        await staff.GetByLabel("E-mailadres", new() { Exact = true }).CheckAsync();
        await staff.Locator("#Learner").FillAsync(email);
        await staff.Locator("#Grade").FillAsync("8");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Toekennen en ondertekenen", Exact = true }).ClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Status)).ToContainTextAsync("wacht tot de lerende hem accepteert");
        await staff.Context.CloseAsync();

        // The learner (demo persona Lotte) adds this address to her eduID account.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
            var lotte = await db.LinkedIdentities.Where(i => i.Provider == SignInModel.DemoProvider && i.Subject == "learner").Select(i => i.PersonId).SingleAsync(Ct);
            db.LinkedIdentities.Add(new LinkedIdentity { Id = Guid.CreateVersion7(), PersonId = lotte, Provider = "eduid", Subject = "alumni-" + email, EmailVerification = Laurel.Features.Identity.EmailVerification.Provider, Email = email, LinkedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(Ct);
        }

        var learner = await browser.NewPageAsync("nl-NL");
        await learner.GotoAsync(host.BaseUrl + "/account/sign-in?returnUrl=/backpack/claims");
        await learner.Locator("button[data-persona=learner]").ClickAsync();
        await Assertions.Expect(learner.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Badges die voor je klaarstaan");
        var pending = learner.Locator("li", new() { HasText = name });
        await Assertions.Expect(pending).ToContainTextAsync("Toegekend door Universiteit Utrecht");
        await pending.GetByRole(AriaRole.Button, new() { Name = "Accepteren" }).ClickAsync();

        await Assertions.Expect(learner.GetByRole(AriaRole.Status)).ToContainTextAsync("Geaccepteerd: de badge staat in je rugzak.");
        await Assertions.Expect(learner.Locator("main")).ToContainTextAsync("Er staat niets voor je klaar.");
        await learner.GetByRole(AriaRole.Link, new() { Name = "Naar je rugzak" }).ClickAsync();
        await Assertions.Expect(learner).ToHaveURLAsync(host.BaseUrl + "/backpack");
        await Assertions.Expect(learner.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        await learner.Context.CloseAsync();
    }

    private async Task<(Guid Id, string Name)> NewClaimRequiredBadgeAsync()
    {
        var name = "Datavisualisatie " + TestData.Key(6);
        return (await host.AddAchievementAsync("Computing Science", issuer => TestData.Achievement(issuer, name,
            learningOutcomes: "- Clean a data set", claimRequired: true, stackable: false)), name);
    }
}

public sealed class ClaimJourneyTestsOnSqlite(SqliteHost host, BrowserSession browser)
    : ClaimJourneyTests(host, browser), IClassFixture<SqliteHost>, IClassFixture<BrowserSession>;

public sealed class ClaimJourneyTestsOnPostgres(PostgresHost host, BrowserSession browser)
    : ClaimJourneyTests(host, browser), IClassFixture<PostgresHost>, IClassFixture<BrowserSession>;
