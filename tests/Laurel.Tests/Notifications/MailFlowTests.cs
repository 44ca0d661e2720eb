using System.Net;
using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Features.Notifications;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Laurel.Tests.Notifications;

/// <summary>What recipients receive: award e-mail through the running worker, staff invitations, every template in both
/// languages with escaped HTML, and e-mail held in the outbox when no SMTP server is configured.</summary>
public abstract class MailFlowTests(IMailHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private IOptionsMonitor<SmtpOptions> HostSmtp => host.Laurel.Services.GetRequiredService<IOptionsMonitor<SmtpOptions>>();

    private OutboxWorker Worker(IOptionsMonitor<SmtpOptions> smtp, ILogger<OutboxWorker> log) =>
        new(host.Laurel.Services.GetRequiredService<OutboxDispatcher>(), host.Laurel.Services.GetRequiredService<IServiceScopeFactory>(), smtp,
            new FixedOptions<OutboxOptions>(new OutboxOptions { PollSeconds = 0.2 }), TimeProvider.System, log);

    [Fact]
    public async Task An_award_reaches_the_learner_by_e_mail_in_their_language_with_a_link_to_the_backpack()
    {
        var achievementId = await host.Laurel.NewAchievementAsync();
        var name = await host.Laurel.DbAsync(db => db.Achievements.Where(a => a.Id == achievementId).Select(a => a.Name).SingleAsync(Ct));
        var english = await host.Laurel.NewLearnerAsync(language: "en");
        var dutch = await host.Laurel.NewLearnerAsync();
        var log = new CapturingLogger<OutboxWorker>();
        var worker = Worker(HostSmtp, log);
        await worker.StartAsync(Ct);
        try
        {
            using var awarder = await host.Laurel.SignInAsDemoAsync("awarder");
            var englishAward = await awarder.AwardThroughPageAsync(achievementId, english.Email);
            await awarder.AwardThroughPageAsync(achievementId, dutch.Email);

            var en = Assert.Single(await host.Smtp.WaitForAsync(english.Email));
            Assert.Equal($"You have received \"{name}\"", en.Message.Subject);
            Assert.Equal(MailSettings.From, en.From);
            Assert.Equal(MailSettings.From, Assert.IsType<MailboxAddress>(en.Message.From.Single()).Address);
            Assert.Equal("en", en.Language);
            Assert.StartsWith("Dear Lea,", en.Text);
            Assert.Contains("Computing Science, Utrecht University", en.Text);
            Assert.Contains("https://badges.uu.example/backpack", en.Text);
            Assert.Contains("<a href=\"https://badges.uu.example/backpack\">", en.Html);

            var nl = Assert.Single(await host.Smtp.WaitForAsync(dutch.Email));
            Assert.Equal($"Je hebt \"{name}\" ontvangen", nl.Message.Subject);
            Assert.Equal("nl", nl.Language);
            Assert.StartsWith("Beste Lea,", nl.Text);
            Assert.Contains("https://badges.uu.example/backpack", nl.Text);

            var row = await host.Laurel.DbAsync(db => db.OutboxMessages.SingleAsync(m => m.RelatedEntityId == englishAward, Ct));
            Assert.NotNull(row.SentAt);
            Assert.Equal(1, row.Attempts);
            Assert.Equal(SmtpMailer.MessageId(row.Id, "uu.example"), en.Message.MessageId);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
        Assert.Contains(log.Lines, l => l.Contains("127.0.0.1:"));
        Assert.DoesNotContain(MailSettings.Password, log.All);
    }

    [Fact]
    public async Task Without_an_SMTP_host_mail_stays_in_the_outbox_and_is_logged_once_without_its_body()
    {
        var address = MailTestKit.NewAddress("held");
        var id = await host.Laurel.QueueAsync(address, subject: "Held subject");
        var log = new CapturingLogger<OutboxWorker>();
        var worker = Worker(new FixedOptions<SmtpOptions>(new SmtpOptions()), log);
        await worker.StartAsync(Ct);
        try
        {
            for (var i = 0; i < 200 && !log.All.Contains(id.ToString()); i++) await Task.Delay(50, Ct);
            await Task.Delay(600, Ct); // a few more passes
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
        var line = Assert.Single(log.Lines, l => l.Contains(id.ToString()));
        Assert.Contains(address, line);
        Assert.Contains("Held subject", line);
        Assert.DoesNotContain("Body text", log.All);
        var row = await host.Laurel.MessageAsync(id);
        Assert.Null(row.SentAt);
        Assert.Equal(0, row.Attempts);
        Assert.Empty(host.Smtp.To(address));
    }

    [Fact]
    public async Task A_staff_invitation_is_sent_in_the_institution_language_with_the_sign_in_link()
    {
        var issuerId = await host.Laurel.DbAsync(db => db.Issuers.Where(i => i.NameEn == "Computing Science").Select(i => i.Id).SingleAsync(Ct));
        var email = MailTestKit.NewAddress("invitee");
        using var admin = await host.Laurel.SignInAsDemoAsync("institution-admin");
        var response = await admin.PostFormAsync($"/manage/issuers/{issuerId}/staff", [new("inviteEmail", email), new("role", "Awarder")], "Invite");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await host.Laurel.Services.GetRequiredService<OutboxDispatcher>().DrainAllAsync();
        var mail = Assert.Single(await host.Smtp.WaitForAsync(email));
        Assert.StartsWith("Uitnodiging: uitreiker voor Informatica", mail.Message.Subject);
        Assert.Equal("nl", mail.Language);
        Assert.Contains("Hans Visser heeft je uitgenodigd", mail.Text);
        Assert.Contains("https://badges.uu.example/account/sign-in", mail.Text);
        Assert.Contains("<a href=\"https://badges.uu.example/account/sign-in\">", mail.Html);
    }

    [Fact]
    public async Task Every_template_renders_in_both_languages_with_escaped_values_in_the_HTML()
    {
        var achievementId = await host.Laurel.NewAchievementAsync();
        await using var scope = host.Laurel.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var notifications = scope.ServiceProvider.GetRequiredService<NotificationService>();
        var achievement = await db.Achievements.Include(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
            .SingleAsync(a => a.Id == achievementId, Ct);
        achievement.Name = "Data <b>&</b> \"AI\"";
        foreach (var language in new[] { "nl", "en" })
        {
            var learner = new Person { Id = Guid.CreateVersion7(), DisplayName = "Lea Leerling", GivenName = "Lea", EmailVerification = Laurel.Features.Identity.EmailVerification.Provider, Email = $"lea-{language}@example.org", Language = language };
            var award = new Award
            {
                Id = Guid.CreateVersion7(), InstitutionId = achievement.InstitutionId, AchievementId = achievement.Id, RecipientIdentity = learner.Email,
                RecipientIdentityType = RecipientTypes.EmailAddress, RecipientSalt = "salt", CredentialJson = "{}", SigningKeyId = "key",
            };
            var messages = new[]
            {
                notifications.QueueAwardMessage(NotificationKind.AwardIssued, award, achievement, learner, reason: null)!,
                notifications.QueueAwardMessage(NotificationKind.AwardRevoked, award, achievement, learner, "<script>alert(1)</script>")!,
                notifications.QueueAwardMessage(NotificationKind.AwardSuspended, award, achievement, learner, "Under review")!,
                notifications.QueueAwardMessage(NotificationKind.AwardReinstated, award, achievement, learner, reason: null)!,
            };
            Assert.All(messages, m =>
            {
                Assert.Equal(language, m.Language);
                Assert.DoesNotContain("{", m.Subject + m.TextBody);
                Assert.Contains("Data <b>&</b> \"AI\"", m.Subject);
                Assert.Contains("Data &lt;b&gt;&amp;&lt;/b&gt; &quot;AI&quot;", m.HtmlBody);
                Assert.DoesNotContain("<b>", m.HtmlBody);
                Assert.StartsWith($"<!DOCTYPE html>\n<html lang=\"{language}\">", m.HtmlBody);
            });
            Assert.Contains("https://badges.uu.example/backpack", messages[0].TextBody);
            Assert.Contains("<script>alert(1)</script>", messages[1].TextBody);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", messages[1].HtmlBody);
            Assert.DoesNotContain("<script", messages[1].HtmlBody);
            Assert.Contains("Under review", messages[2].TextBody);
            Assert.Equal(language == "nl" ? "Je hebt \"Data <b>&</b> \"AI\"\" ontvangen" : "You have received \"Data <b>&</b> \"AI\"\"", messages[0].Subject);
        }
        // Nothing was saved: the caller's transaction decides.
        Assert.False(await host.Laurel.DbAsync(d => d.OutboxMessages.AnyAsync(m => m.RecipientAddress == "lea-nl@example.org", Ct)));
    }
}

public sealed class MailFlowTestsOnSqlite(MailSqliteHost host) : MailFlowTests(host), IClassFixture<MailSqliteHost>;

public sealed class MailFlowTestsOnPostgres(MailPostgresHost host) : MailFlowTests(host), IClassFixture<MailPostgresHost>;
