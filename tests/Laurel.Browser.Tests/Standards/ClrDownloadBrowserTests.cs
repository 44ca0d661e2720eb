using Laurel.Credentials.Verification;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Features.Pathways;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Laurel.Browser.Tests.Standards;

/// <summary>
/// Issue 19, CLR 2.0: a learner who completed a pathway clicks from the home page to the completion badge in the backpack and
/// downloads it as CLR 2.0; the file verifies with Laurel's verifier, the completion and both components with it. In Dutch and
/// English, on a desktop and a 375 px phone, every page axe-clean.
/// </summary>
public sealed class ClrDownloadBrowserTests(SqliteHost host, BrowserSession browser) : IClassFixture<SqliteHost>, IClassFixture<BrowserSession>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("nl-NL", false)]
    [InlineData("en-US", false)]
    [InlineData("nl-NL", true)]
    [InlineData("en-US", true)]
    public async Task Learner_downloads_the_completion_as_CLR_by_clicking(string locale, bool phone)
    {
        var nl = locale.StartsWith("nl", StringComparison.Ordinal);
        var completionAward = await CompletedPathwayForLotteAsync();
        var page = phone ? await browser.NewPhonePageAsync(locale) : await browser.NewPageAsync(locale);
        await Journey.SignInByClickingAsync(page, host.BaseUrl, "learner", "**/backpack");
        await Journey.ClickAsync(page, $"#award-{completionAward} h2 a");
        var link = page.Locator("#clr-download");
        await Assertions.Expect(link).ToContainTextAsync(nl ? "Downloaden als CLR 2.0" : "Download as CLR 2.0");
        await Screenshots.SaveAsync(page, $"clr-download-{locale}-{(phone ? "phone" : "desktop")}.png");

        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.EndsWith("-clr.json", download.SuggestedFilename);
        var path = await download.PathAsync();
        var json = await File.ReadAllTextAsync(path, Ct);
        var report = await host.VerifyAsync(json);
        Assert.True(report.Verdict == Verdict.Valid, string.Join("; ", report.Checks.Select(c => $"{c.Id} {c.Outcome} {c.Code}")));
        Assert.Equal(2, report.Components.Count);
        Assert.All(report.Components, c => Assert.Equal(Verdict.Valid, c.Verdict));
        await page.Context.CloseAsync();
    }

    /// <summary>A new two-item pathway of UU with a completion achievement, both items awarded to Lotte; returns the completion award.</summary>
    private async Task<Guid> CompletedPathwayForLotteAsync()
    {
        Guid first, second, completion;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
            Guid Copy(Achievement template, string name)
            {
                var copy = TestData.CopyOf(template, name, gradeRequired: false);
                db.Achievements.Add(copy);
                return copy.Id;
            }
            var template = await db.Achievements.AsNoTracking().FirstAsync(a => a.Name == "Data Literacy for Professionals", Ct);
            var key = Guid.NewGuid().ToString("N")[..6];
            (first, second, completion) = (Copy(template, "Data basics " + key), Copy(template, "AI basics " + key), Copy(template, "Data and AI " + key));
            db.Pathways.Add(new Pathway
            {
                Id = Guid.CreateVersion7(), InstitutionId = template.InstitutionId, NameNl = "Data en AI " + key, NameEn = "Data and AI " + key,
                Status = PathwayStatus.Published, MinItems = 2, CompletionAchievementId = completion, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                Items =
                [
                    new PathwayItem { Id = Guid.CreateVersion7(), Position = 0, AchievementId = first, LineageId = first },
                    new PathwayItem { Id = Guid.CreateVersion7(), Position = 1, AchievementId = second, LineageId = second },
                ],
            });
            await db.SaveChangesAsync(Ct);
        }
        await AwardToLotteAsync(first);
        await AwardToLotteAsync(second);
        // The award event worker awards the completion after the second award has committed.
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var id = await host.DbAsync(db => db.Awards.Where(a => a.AchievementId == completion).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(Ct));
            if (id is { } found) return found;
            await Task.Delay(500, Ct);
        }
        throw new TimeoutException("The completion award did not arrive.");
    }

    private async Task AwardToLotteAsync(Guid achievementId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var staff = await db.LinkedIdentities.Where(i => i.Provider == SignInModel.DemoProvider && i.Subject == "awarder").Select(i => i.PersonId).SingleAsync(Ct);
        var lotte = await db.LinkedIdentities.Where(i => i.Provider == SignInModel.DemoProvider && i.Subject == "learner").Select(i => i.Person!).SingleAsync(Ct);
        var outcome = await scope.ServiceProvider.GetRequiredService<AwardService>().AwardAsync(SignInKit.Principal(staff, "awarder"), new AwardRequest
        {
            AchievementId = achievementId, RecipientPersonId = lotte.Id, RecipientIdentity = lotte.Email, RecipientIdentityType = RecipientTypes.EmailAddress,
            CompletedOn = DateOnly.FromDateTime(DateTime.UtcNow), InitialStudent = false,
        }, Ct);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.SelectMany(e => e.Value)));
    }
}
