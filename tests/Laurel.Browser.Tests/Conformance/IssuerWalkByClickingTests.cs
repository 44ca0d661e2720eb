using System.Text.Json.Nodes;
using Laurel.Credentials.OpenBadges;
using Laurel.Credentials.Verification;
using Laurel.Features.Verification;
using Microsoft.Extensions.DependencyInjection;

namespace Laurel.Browser.Tests.Conformance;

/// <summary>
/// The 1EdTech Open Badges 3.0 Issuer certification walk (OB3-8.1), by clicking from "/": (a) the awarder awards a published
/// micro-credential to <c>conformance@imsglobal.org</c> (direct award to an e-mail address); (b) the recipient retrieves it:
/// the claim e-mail in the development mailbox, sign in with that address, accept, the backpack, the badge, "Download" the
/// OB 3.0 JSON. The downloaded file is an OpenBadgeCredential for that recipient (salted, hashed e-mail IdentityObject),
/// signed with eddsa-rdfc-2022, and Laurel's verifier finds it valid. In English on a desktop and in Dutch on a phone.
/// </summary>
public abstract class IssuerWalkByClickingTests(LaurelHost host, BrowserSession browser, string locale, bool phone)
{
    public const string Recipient = "conformance@imsglobal.org";

    [Fact]
    public async Task Staff_award_the_conformance_recipient_who_retrieves_the_signed_credential_by_clicking()
    {
        var nl = locale.StartsWith("nl");
        var name = "OB3 certification " + TestData.Key(6);
        var achievementId = await host.AddAchievementAsync("Computing Science", issuer => TestData.Achievement(issuer, name,
            learningOutcomes: "- Pass the 1EdTech issuer walk", claimRequired: true, stackable: false));

        var awarder = await NewPageAsync();
        await Journey.SignInByClickingAsync(awarder, host.BaseUrl, "awarder", "**/manage");
        await Journey.ClickAsync(awarder, $"tr[data-achievement='{achievementId}'] a[href$='/award']");
        await awarder.Locator("input[name=RecipientKind][value=Email]").CheckAsync();
        await awarder.Locator("#Learner").FillAsync(Recipient);
        await Journey.ClickAsync(awarder, "main form.stacked button.primary[type=submit]");
        await awarder.WaitForURLAsync("**/manage/awards/*");
        await Assertions.Expect(awarder.Locator("#award-state")).ToContainTextAsync(nl ? "Wacht op ophalen" : "Awaiting claim");
        await awarder.Context.CloseAsync();

        // The recipient, in a browser of their own: the claim e-mail, sign-in with the address, accept.
        var learner = await NewPageAsync();
        await learner.GotoAsync(host.BaseUrl + "/");
        await Journey.CheckAsync(learner);
        await Journey.ClickAsync(learner, "header .nav-end a[href^='/account/sign-in']");
        await Journey.ClickAsync(learner, "#DevEmail-hint a[href='/dev/mail']");
        await Journey.ClickAsync(learner, $"tr:has(td:text-is('{Recipient}')) a");
        await Assertions.Expect(learner.Locator("div.dev-mail-body")).ToContainTextAsync(name);
        await Journey.ClickAsync(learner, "div.dev-mail-body a[href^='/backpack/claims']");
        await learner.WaitForURLAsync("**/account/sign-in**");
        await learner.Locator("#DevEmail").FillAsync(Recipient);
        await Journey.ClickAsync(learner, "button[data-dev-email]");
        await learner.WaitForURLAsync("**/backpack/claims**");
        var waiting = learner.Locator("main li", new() { HasText = name });
        await waiting.GetByRole(AriaRole.Button, new() { Name = nl ? "Accepteren" : "Accept", Exact = true }).ClickAsync();
        await Journey.LoadedAsync(learner);
        await Journey.ClickAsync(learner, "main a[href='/backpack']");
        await Journey.ClickAsync(learner, $"main a:text-is('{name}')");
        await Journey.CheckAsync(learner);
        var download = await learner.RunAndWaitForDownloadAsync(() => learner.Locator("ul.downloads a[href$='/credential.json']").ClickAsync());
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        await learner.Context.CloseAsync();

        var credential = JsonNode.Parse(bytes)!.AsObject();
        Assert.Contains("OpenBadgeCredential", credential["type"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(name, (string?)credential["credentialSubject"]!["achievement"]!["name"]);
        var proofs = credential["proof"] is JsonArray a ? a : new JsonArray(credential["proof"]!.DeepClone());
        Assert.Contains("eddsa-rdfc-2022", proofs.Select(p => (string?)p!["cryptosuite"]));
        var identity = credential["credentialSubject"]!["identifier"]!.AsArray().Select(i => i!.AsObject())
            .Single(i => (string?)i["identityType"] == "emailAddress");
        Assert.True((bool)identity["hashed"]!);
        Assert.Equal(IdentityHash.Compute(Recipient, (string)identity["salt"]!), (string?)identity["identityHash"]);

        await using var scope = host.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<VerificationService>().VerifyAsync(bytes,
            new VerificationRequest { RecipientIdentity = Recipient }, TestContext.Current.CancellationToken);
        Assert.True(report.Verdict == Verdict.Valid, string.Join("; ", report.Checks.Select(c => $"{c.Id}={c.Outcome}({c.Code})")));
        Assert.Equal(CheckOutcome.Passed, report.Check("recipient")!.Outcome);
    }

    private Task<IPage> NewPageAsync() => phone ? browser.NewPhonePageAsync(locale) : browser.NewPageAsync(locale);
}

public sealed class IssuerWalkByClickingTestsInEnglish(SqliteHost host, BrowserSession browser)
    : IssuerWalkByClickingTests(host, browser, "en-US", phone: false), IClassFixture<SqliteHost>, IClassFixture<BrowserSession>;

public sealed class IssuerWalkByClickingTestsInDutchOnAPhone(SqliteHost host, BrowserSession browser)
    : IssuerWalkByClickingTests(host, browser, "nl-NL", phone: true), IClassFixture<SqliteHost>, IClassFixture<BrowserSession>;
