using System.Net;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Claims;
using Laurel.Features.Identity;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Claims.ClaimsTestKit;

namespace Laurel.Tests.Claims;

/// <summary>
/// Issue 14: a newcomer in a Development run finishes the claim journey: the development mailbox shows the claim e-mail with a
/// working link, and the Development e-mail sign-in signs them in as the owner of a new address. (Outside Development neither
/// exists: <see cref="Laurel.Tests.Identity.DevToolsInProductionTests"/>.)
/// </summary>
public sealed class DevMailboxTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task The_dev_mailbox_lists_the_claim_mail_and_shows_its_link_to_the_claim()
    {
        var mc = await host.NewAchievementAsync();
        await host.SetAchievementAsync(mc, a => a.ClaimRequired = true);
        var email = $"new-{Key()}@example.org";
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var award = await ClaimFlowTests.DirectAwardAsync(host, awarder, mc, email);
        Assert.Equal(AwardState.AwaitingClaim, award.State);
        // The award page links the mailbox in Development, so the awarder finds the e-mail it sent.
        Assert.Contains("href=\"/dev/mail\"", await awarder.GetStringAsync($"/manage/awards/{award.Id}", Ct));

        using var anyone = host.CreateClient();
        var list = await anyone.PageAsync("/dev/mail?culture=en");
        var message = Assert.Single(await host.MailsAsync(award.Id));
        Assert.Contains(email, list);
        Assert.Contains(message.Subject, list);
        Assert.Contains($"href=\"/dev/mail/{message.Id}\"", list);

        var body = await anyone.PageAsync($"/dev/mail/{message.Id}");
        // The link to Laurel's public origin is made site-relative, so it works on the port the dev server really uses.
        Assert.Contains($"href=\"/backpack/claims?award={award.Id}\"", body);
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync($"/dev/mail/{Guid.NewGuid()}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Dev_e_mail_sign_in_creates_the_owner_of_a_new_address_and_the_claim_link_says_the_badge_was_added()
    {
        var mc = await host.NewAchievementAsync();
        await host.SetAchievementAsync(mc, a => a.ClaimRequired = false);
        var email = $"New-{Key()}@Example.org";
        var outcome = await host.AwardAsync(await host.PrincipalAsync("awarder"), Request(mc, email));
        Assert.Equal(AwardState.AwaitingClaim, outcome.Award!.State);
        var mail = Assert.Single(await host.MailsAsync(outcome.Award.Id));
        // Added automatically on sign-in: the e-mail says so instead of offering a choice the learner never gets.
        Assert.Contains("meteen aan je rugzak toegevoegd", mail.TextBody);
        Assert.DoesNotContain("weigeren", mail.TextBody);

        using var client = host.CreateClient();
        var response = await client.PostFormAsync("/account/sign-in", [new("email", " " + email + " "), new("returnUrl", "/backpack")], "DevEmail");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/backpack", response.Headers.Location!.ToString());
        var person = await host.DbAsync(db => db.Persons.Include(p => p.Identities).SingleAsync(p => p.Email == email.ToLowerInvariant(), Ct));
        Assert.True(person.EmailVerification.IsVerified());
        Assert.Equal(AwardState.Issued, (await host.AwardAsync(outcome.Award.Id)).State);

        var claims = await client.PageAsync($"/backpack/claims?award={outcome.Award.Id}&culture=en");
        Assert.Contains("is in your backpack: it was added when you signed in", claims);
        Assert.Contains($"href=\"/backpack/badges/{outcome.Award.Id}\"", claims);
        Assert.DoesNotContain("Nothing is waiting for you", claims);

        // The same address again is the same person, not a second account.
        using var again = host.CreateClient();
        await again.PostFormAsync("/account/sign-in", [new("email", email)], "DevEmail");
        Assert.Equal(1, await host.DbAsync(db => db.Persons.CountAsync(p => p.Email == email.ToLowerInvariant(), Ct)));
    }

    [Fact]
    public async Task Dev_e_mail_sign_in_refuses_what_is_not_an_address_and_needs_the_anti_forgery_token()
    {
        using var client = host.CreateClient();
        var bad = await client.PostFormAsync("/account/sign-in?culture=en", [new("email", "not an address")], "DevEmail");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Enter an e-mail address such as name@example.org.", html);
        Assert.Contains("href=\"#DevEmail\"", html);

        var forged = await client.PostAsync("/account/sign-in?handler=DevEmail",
            new FormUrlEncodedContent([new("email", $"forged-{Key()}@example.org")]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task The_claim_e_mail_names_the_learner_the_award_named_and_offers_a_choice_only_when_they_must_claim()
    {
        var mc = await host.NewAchievementAsync();
        await host.SetAchievementAsync(mc, a => a.ClaimRequired = true);
        var outcome = await host.AwardAsync(await host.PrincipalAsync("awarder"), Request(mc, $"named-{Key()}@example.org"));
        var award = await host.DbAsync(db => db.Awards.Include(a => a.Achievement!).ThenInclude(a => a.Issuer!).ThenInclude(i => i.Faculty!)
            .ThenInclude(f => f.Institution).SingleAsync(a => a.Id == outcome.Award!.Id, Ct));
        award.RecipientName = "Sanne de Vries"; // as a CSV row names the learner
        var message = await host.WithAsync<ClaimMessages, Laurel.Features.Notifications.OutboxMessage>(
            m => Task.FromResult(m.Queue(ClaimMessageKind.Waiting, award, award.Achievement!, learner: null)!));
        Assert.StartsWith("Beste Sanne de Vries,", message.TextBody);
        Assert.Contains("rugzak", message.TextBody);
        Assert.DoesNotContain(" backpack", message.TextBody); // the word; the link is /backpack/claims
        Assert.DoesNotContain("student", message.TextBody);
        Assert.Contains("of om hem te weigeren", message.TextBody);
        Assert.Contains($"/backpack/claims?award={award.Id}\">", message.HtmlBody);
    }
}
