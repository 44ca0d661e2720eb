using System.Net;
using System.Text.RegularExpressions;
using Laurel.Features.Awards;
using Laurel.Features.Backpack.Imports;
using Laurel.Features.Identity;
using Laurel.Features.Notifications;
using Laurel.Tests.Bulk;
using Laurel.Tests.Claims;
using Laurel.Tests.Completions;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Identity;

/// <summary>
/// Issue 12, finding 2: an address a provider did not verify (email_verified=false, or no claim from a provider not configured
/// EmailsAreVerified) never takes anyone's award; Laurel's own verification link (read from the real SMTP server) makes it count.
/// </summary>
public abstract partial class UnverifiedEmailTests(IOidcMailHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string Key() => Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Unverified_address_takes_neither_the_victims_pending_award_nor_later_ones_which_wait_as_claims()
    {
        var laurel = host.Laurel;
        var key = Key();
        var victim = $"victim-{key}@uu.example";
        var (direct, later, bulk, api) = (await laurel.NewAchievementAsync(), await laurel.NewAchievementAsync(),
            await laurel.NewAchievementAsync(), await laurel.NewAchievementAsync());
        using var awarder = await laurel.SignInAsDemoAsync("awarder");
        var pending = await ClaimFlowTests.DirectAwardAsync(laurel, awarder, direct, victim);
        Assert.Equal(AwardState.AwaitingClaim, pending.State);

        // The attacker's provider lets them type any address and says so (email_verified=false).
        var attacker = await OidcBrowser.SignInAsync(laurel, "eduid", $"mallory{key}|{victim}|unverified");
        Assert.Equal(HttpStatusCode.OK, attacker.Final.StatusCode);
        var attackerId = await PersonIdAsync("eduid", $"mallory{key}");
        Assert.Contains($"data-email=\"{victim}\" data-verification=\"None\"", attacker.Html);
        var claims = await attacker.Client.GetStringAsync("/backpack/claims", Ct);
        var backpack = await attacker.Client.GetStringAsync("/backpack", Ct);
        var stillPending = await laurel.AwardAsync(pending.Id);
        Assert.Null(stillPending.RecipientPersonId);
        Assert.Equal(AwardState.AwaitingClaim, stillPending.State);
        var name = await AchievementNameAsync(direct);
        Assert.DoesNotContain(name, claims);
        Assert.DoesNotContain(name, backpack);

        // Later awards to that address, by every route, wait for whoever proves the address, as for an unknown one.
        var byPage = await ClaimFlowTests.DirectAwardAsync(laurel, awarder, later, victim);
        Assert.Null(byPage.RecipientPersonId);
        Assert.Equal(AwardState.AwaitingClaim, byPage.State);
        var preview = await awarder.UploadOkAsync(bulk, $"email,grade,completed on\n{victim},8,2025-06-20\n");
        await awarder.ConfirmAsync(preview);
        var byBulk = await AwardOfAsync(bulk);
        Assert.Null(byBulk.RecipientPersonId);
        Assert.Equal(AwardState.AwaitingClaim, byBulk.State);
        using (var lms = await laurel.ApiClientAsync())
        {
            var response = await lms.PostCompletionAsync(ResultsTestKit.Completion(api, victim));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        }
        var byApi = await AwardOfAsync(api);
        Assert.Null(byApi.RecipientPersonId);
        Assert.Equal(AwardState.AwaitingClaim, byApi.State);
        Assert.False(await laurel.DbAsync(db => db.Awards.AnyAsync(a => a.RecipientPersonId == attackerId, Ct)));

        // Nor do imports count the address as the attacker's (helper A's pathway rules rely on this list).
        var identities = await laurel.WithAsync<ImportService, List<LearnerIdentity>>(s => s.IdentitiesAsync(attackerId, Ct));
        Assert.DoesNotContain(identities, i => i.Value.Equals(victim, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(identities, i => i.Value == $"mallory{key}@students.uu.nl");

        // The attacker asks Laurel for a verification link: it goes to the victim's inbox, and does nothing for the victim's account.
        await PostAccountAsync(attacker.Client, "VerifyEmail", "address", victim);
        var mail = await DeliveredAsync(victim);
        var link = LinkIn(mail.Text);
        var owner = await OidcBrowser.SignInAsync(laurel, "eduid", $"victim{key}|{victim}");
        var victimId = await PersonIdAsync("eduid", $"victim{key}");
        var followed = await owner.Client.GetAsync(link, Ct);
        Assert.Contains("data-outcome=\"email-OtherAccount\"", await followed.Content.ReadAsStringAsync(Ct));
        Assert.Equal(EmailVerification.None, await laurel.DbAsync(db => db.Persons.Where(p => p.Id == attackerId).Select(p => p.EmailVerification).SingleAsync(Ct)));

        // The owner signed in with the verified address: every award to it is theirs.
        foreach (var id in new[] { pending.Id, byPage.Id, byBulk.Id, byApi.Id })
            Assert.Equal(victimId, (await laurel.AwardAsync(id)).RecipientPersonId);
        attacker.Client.Dispose();
        owner.Client.Dispose();
    }

    [Fact]
    public async Task Address_verified_with_Laurels_link_matches_waiting_awards_once()
    {
        var laurel = host.Laurel;
        var key = Key();
        var address = $"sam-{key}@hobby.example";
        var mc = await laurel.NewAchievementAsync();
        using var awarder = await laurel.SignInAsDemoAsync("awarder");
        var award = await ClaimFlowTests.DirectAwardAsync(laurel, awarder, mc, address);

        // A provider that sends no email_verified claim and is not configured EmailsAreVerified: the address is unverified.
        var learner = await OidcBrowser.SignInAsync(laurel, "eduid", $"sam{key}|{address}|noclaim");
        var samId = await PersonIdAsync("eduid", $"sam{key}");
        Assert.Null((await laurel.AwardAsync(award.Id)).RecipientPersonId);

        var sent = await PostAccountAsync(learner.Client, "VerifyEmail", "address", address);
        Assert.Contains("data-outcome=\"verify-Sent\"", await sent.Content.ReadAsStringAsync(Ct));
        // A second request within minutes sends nothing more.
        var again = await PostAccountAsync(learner.Client, "VerifyEmail", "address", address);
        Assert.Contains("data-outcome=\"verify-TooSoon\"", await again.Content.ReadAsStringAsync(Ct));
        // Someone else's address is not this account's to verify.
        var foreign = await PostAccountAsync(learner.Client, "VerifyEmail", "address", $"other-{key}@uu.example");
        Assert.Contains("data-outcome=\"verify-NotYourAddress\"", await foreign.Content.ReadAsStringAsync(Ct));

        var mail = await DeliveredAsync(address);
        Assert.Single(host.Smtp.To(address), m => VerifyLink().IsMatch(m.Text));
        var link = LinkIn(mail.Text);
        // Only a hash of the secret is stored.
        var secret = link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        Assert.Empty(await laurel.DbAsync(db => db.Set<EmailVerificationToken>().Where(t => t.TokenHash.Contains(secret)).ToListAsync(Ct)));

        // Following it signed out leads through sign-in and back (a redirect to the sign-in page, never verifying anonymously).
        using (var anonymous = laurel.CreateClient())
        {
            var challenge = await anonymous.GetAsync(link, Ct);
            Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
            Assert.Contains("/account/sign-in", challenge.Headers.Location!.ToString());
        }

        var followed = await learner.Client.GetAsync(link, Ct);
        var page = await followed.Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-outcome=\"email-Verified\"", page);
        Assert.Contains($"data-email=\"{address}\" data-verification=\"Laurel\"", page);
        var matched = await laurel.AwardAsync(award.Id);
        Assert.Equal(samId, matched.RecipientPersonId);

        var reused = await learner.Client.GetAsync(link, Ct);
        Assert.Contains("data-outcome=\"email-Used\"", await reused.Content.ReadAsStringAsync(Ct));

        // From now on awards to the address find the learner directly, and a new sign-in keeps Laurel's proof.
        var later = await ClaimFlowTests.DirectAwardAsync(laurel, awarder, await laurel.NewAchievementAsync(), address);
        Assert.Equal(samId, later.RecipientPersonId);
        learner.Client.Dispose();
        var again2 = await OidcBrowser.SignInAsync(laurel, "eduid", $"sam{key}|{address}|noclaim");
        Assert.Contains($"data-email=\"{address}\" data-verification=\"Laurel\"", again2.Html);
        again2.Client.Dispose();
    }

    [Fact]
    public async Task Address_with_a_non_ascii_capital_is_verified_by_Laurels_link_and_takes_its_award_on_every_database()
    {
        var laurel = host.Laurel;
        var key = Key();
        // As the provider sends it (capital É), and as the awarder typed it: one address in Laurel's one normal form.
        var address = $"Élise.{key}@hobby.example";
        using var awarder = await laurel.SignInAsDemoAsync("awarder");
        var award = await ClaimFlowTests.DirectAwardAsync(laurel, awarder, await laurel.NewAchievementAsync(), address.ToLowerInvariant());
        var learner = await OidcBrowser.SignInAsync(laurel, "eduid", $"elise{key}|{address}|noclaim");
        var eliseId = await PersonIdAsync("eduid", $"elise{key}");
        Assert.Null((await laurel.AwardAsync(award.Id)).RecipientPersonId);

        var sent = await PostAccountAsync(learner.Client, "VerifyEmail", "address", address);
        Assert.Contains("data-outcome=\"verify-Sent\"", await sent.Content.ReadAsStringAsync(Ct));
        // The link as the outbox holds it (read there: a non-ASCII mailbox needs SMTPUTF8, which is not what this test is about).
        var body = await laurel.DbAsync(db => db.OutboxMessages.Where(m => m.RelatedEntityId == eliseId).Select(m => m.TextBody).ToListAsync(Ct));
        var link = LinkIn(Assert.Single(body, b => VerifyLink().IsMatch(b)));

        var page = await (await learner.Client.GetAsync(link, Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-outcome=\"email-Verified\"", page);
        Assert.Contains("data-verification=\"Laurel\"", page);
        Assert.Equal(eliseId, (await laurel.AwardAsync(award.Id)).RecipientPersonId);
        learner.Client.Dispose();
    }

    [Fact]
    public async Task Staff_cannot_add_a_person_by_an_address_nobody_verified()
    {
        var laurel = host.Laurel;
        var key = Key();
        var address = $"colleague-{key}@uu.example";
        var squatter = await OidcBrowser.SignInAsync(laurel, "eduid", $"squat{key}|{address}|unverified");
        squatter.Client.Dispose();
        var person = await laurel.WithAsync<Laurel.Features.Institutions.StaffManagement, Person?>(s => s.FindPersonAsync(address, Ct));
        Assert.Null(person);
    }

    // The test provider's subject is the whole login ("name|address|verification"); the name part is unique per test.
    [Fact]
    public async Task Addresses_from_before_verification_was_recorded_match_only_where_a_trusted_provider_vouches()
    {
        var laurel = host.Laurel;
        var key = Key();
        // As the migration leaves them: rows with an address are "not recorded". The demo provider (Development) stands for a
        // provider configured EmailsAreVerified; eduID here is not, and its old claim was never stored.
        var (trusted, untrusted) = ($"old-sso-{key}@uu.example", $"old-eduid-{key}@example.org");
        var ids = await laurel.DbAsync(async db =>
        {
            Person Old(string provider, string address)
            {
                var person = new Person { Id = Guid.CreateVersion7(), DisplayName = "Old " + address, Email = address, EmailVerification = EmailVerification.NotRecorded, CreatedAt = DateTime.UtcNow };
                person.Identities.Add(new LinkedIdentity
                {
                    Id = Guid.CreateVersion7(), Provider = provider, Subject = "old-" + address, Email = address,
                    EmailVerification = EmailVerification.NotRecorded, LinkedAt = DateTime.UtcNow,
                });
                db.Persons.Add(person);
                return person;
            }
            var (a, b) = (Old(SignInModel.DemoProvider, trusted), Old("eduid", untrusted));
            await db.SaveChangesAsync(Ct);
            return (a.Id, b.Id);
        });
        var mc = await laurel.NewAchievementAsync();
        using (var awarder = await laurel.SignInAsDemoAsync("awarder"))
            Assert.Null((await ClaimFlowTests.DirectAwardAsync(laurel, awarder, mc, untrusted)).RecipientPersonId); // not recorded never matches

        await laurel.Services.GetServices<IHostedService>().OfType<EmailVerificationBackfill>().Single().StartAsync(Ct);

        var states = await laurel.DbAsync(db => db.Persons.Where(p => p.Id == ids.Item1 || p.Id == ids.Item2)
            .Select(p => new { p.Id, p.EmailVerification, Identity = p.Identities.Select(i => i.EmailVerification).Single() }).ToListAsync(Ct));
        Assert.Equal((EmailVerification.Provider, EmailVerification.Provider), states.Where(x => x.Id == ids.Item1).Select(x => (x.EmailVerification, x.Identity)).Single());
        Assert.Equal((EmailVerification.None, EmailVerification.None), states.Where(x => x.Id == ids.Item2).Select(x => (x.EmailVerification, x.Identity)).Single());
        Assert.False(await laurel.DbAsync(db => db.Persons.AnyAsync(p => p.EmailVerification == EmailVerification.NotRecorded, Ct)));
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/é")]
    public async Task Provider_sign_in_with_a_crafted_return_url_lands_in_the_rugzak(string returnUrl)
    {
        var outcome = await OidcBrowser.SignInAsync(host.Laurel, "eduid", "rt" + Key(), returnUrl);
        Assert.Equal(HttpStatusCode.OK, outcome.Final.StatusCode);
        Assert.Equal(host.Laurel.BaseUrl, outcome.Final.RequestMessage!.RequestUri!.GetLeftPart(UriPartial.Authority));
        // Refused return URLs land the learner on their own landing page, the rugzak.
        Assert.Equal("/backpack", outcome.Final.RequestMessage.RequestUri.AbsolutePath);
        outcome.Client.Dispose();
    }

    private Task<Guid> PersonIdAsync(string provider, string login) => host.Laurel.DbAsync(db =>
        db.LinkedIdentities.Where(i => i.Provider == provider && (i.Subject == login || i.Subject.StartsWith(login + "|"))).Select(i => i.PersonId).SingleAsync(Ct));

    private Task<string> AchievementNameAsync(Guid id) => host.Laurel.DbAsync(db => db.Achievements.Where(a => a.Id == id).Select(a => a.Name).SingleAsync(Ct));

    private Task<Award> AwardOfAsync(Guid achievementId) => host.Laurel.DbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.AchievementId == achievementId, Ct));

    /// <summary>Sends what the outbox holds through the real SMTP server and returns the verification message to <paramref name="address"/>.</summary>
    private async Task<global::Laurel.Testing.Peers.ReceivedMail> DeliveredAsync(string address)
    {
        await host.Laurel.Services.GetRequiredService<OutboxDispatcher>().DrainOnceAsync(Ct);
        for (var count = 1; ; count++)
            if ((await host.Smtp.WaitForAsync(address, count)).LastOrDefault(m => VerifyLink().IsMatch(m.Text)) is { } mail) return mail;
    }

    /// <summary>The verification link of a message, as a path on the test host (the message names the public address).</summary>
    private static string LinkIn(string text)
    {
        var match = VerifyLink().Match(text);
        Assert.True(match.Success, text);
        return match.Groups[1].Value;
    }

    private static async Task<HttpResponseMessage> PostAccountAsync(HttpClient client, string handler, string field, string value)
    {
        var page = await client.GetStringAsync("/account", Ct);
        return await client.PostAsync("/account?handler=" + handler,
            new FormUrlEncodedContent([new(field, value), new("__RequestVerificationToken", global::Laurel.Testing.LaurelHost.AntiforgeryToken(page))]), Ct);
    }

    [GeneratedRegex(@"https?://[^/\s]+(/account/verify-email\?token=[A-Za-z0-9_\-]+)")]
    private static partial Regex VerifyLink();
}

public sealed class UnverifiedEmailTestsOnSqlite(OidcMailSqliteHost host) : UnverifiedEmailTests(host), IClassFixture<OidcMailSqliteHost>;

public sealed class UnverifiedEmailTestsOnPostgres(OidcMailPostgresHost host) : UnverifiedEmailTests(host), IClassFixture<OidcMailPostgresHost>;
