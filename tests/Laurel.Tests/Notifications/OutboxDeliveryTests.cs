using System.Net;
using Laurel.Features.Notifications;
using Laurel.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Laurel.Tests.Notifications;

/// <summary>The outbox worker against a real SMTP server: retries with backoff, permanent failures shown to institution
/// admins, crashed workers, concurrent nodes, and no password in logs.</summary>
public abstract class OutboxDeliveryTests(IMailHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private SmtpOptions HostSmtp => host.Laurel.Services.GetRequiredService<IOptionsMonitor<SmtpOptions>>().CurrentValue;

    private OutboxDispatcher Dispatcher(TimeProvider clock, SmtpOptions? smtp = null, OutboxOptions? outbox = null, ILogger<OutboxDispatcher>? log = null) =>
        new(host.Laurel.Services.GetRequiredService<IServiceScopeFactory>(), new SmtpMailer(new FixedOptions<SmtpOptions>(smtp ?? HostSmtp)),
            new FixedOptions<OutboxOptions>(outbox ?? new OutboxOptions()), clock, log ?? NullLogger<OutboxDispatcher>.Instance);

    private SmtpOptions SmtpAt(int port, string? password = null) => new()
    {
        Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, UserName = MailSettings.User, Password = password ?? MailSettings.Password,
        From = MailSettings.From, TimeoutSeconds = 10,
    };

    [Fact]
    public async Task Smtp_down_is_retried_with_growing_delays_and_the_message_delivered_once_the_server_is_back()
    {
        var address = MailTestKit.NewAddress("retry");
        var id = await host.Laurel.QueueAsync(address);
        var port = OidcProviderProcess.FreePort();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var down = Dispatcher(clock, SmtpAt(port));

        await down.DrainAllAsync();
        var first = await host.Laurel.MessageAsync(id);
        Assert.Equal(1, first.Attempts);
        Assert.Null(first.SentAt);
        Assert.Null(first.FailedAt);
        Assert.Contains("Socket", first.LastError);
        AssertClose(clock.Now.UtcDateTime.AddSeconds(30), first.NextAttemptAt);

        // Not due yet: a pass leaves it alone.
        clock.Advance(TimeSpan.FromSeconds(20));
        await down.DrainAllAsync();
        Assert.Equal(1, (await host.Laurel.MessageAsync(id)).Attempts);

        clock.Advance(TimeSpan.FromSeconds(11));
        await down.DrainAllAsync();
        var second = await host.Laurel.MessageAsync(id);
        Assert.Equal(2, second.Attempts);
        AssertClose(clock.Now.UtcDateTime.AddSeconds(60), second.NextAttemptAt);

        // The server comes up on that port; the next due pass delivers.
        await using var late = await SmtpServerProcess.StartAsync(port, MailSettings.User, MailSettings.Password);
        clock.Advance(TimeSpan.FromSeconds(61));
        await down.DrainAllAsync();
        var mail = Assert.Single(await late.WaitForAsync(address));
        Assert.Equal("Test message", mail.Message.Subject);
        var sent = await host.Laurel.MessageAsync(id);
        Assert.NotNull(sent.SentAt);
        Assert.Equal(3, sent.Attempts);
        Assert.Null(sent.LeaseToken);
    }

    [Fact]
    public async Task Permanent_failures_are_shown_to_institution_admins_who_can_retry()
    {
        var uu = await host.Laurel.UtrechtAsync();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        // The server refuses this recipient for good (550): no point in trying again.
        var rejectedId = await host.Laurel.QueueAsync(MailTestKit.NewAddress("reject"), uu, "Refused message");
        await Dispatcher(clock).DrainAllAsync();
        var rejected = await host.Laurel.MessageAsync(rejectedId);
        Assert.NotNull(rejected.FailedAt);
        Assert.Equal(1, rejected.Attempts);
        Assert.Contains("550", rejected.LastError);

        // An unreachable server: given up after MaxAttempts.
        var unreachableAddress = MailTestKit.NewAddress("unreachable");
        var unreachableId = await host.Laurel.QueueAsync(unreachableAddress, uu, "Unreachable message");
        var down = Dispatcher(clock, SmtpAt(OidcProviderProcess.FreePort()), new OutboxOptions { MaxAttempts = 2 });
        await down.DrainAllAsync();
        Assert.Null((await host.Laurel.MessageAsync(unreachableId)).FailedAt);
        clock.Advance(TimeSpan.FromSeconds(31));
        await down.DrainAllAsync();
        var unreachable = await host.Laurel.MessageAsync(unreachableId);
        Assert.NotNull(unreachable.FailedAt);
        Assert.Equal(2, unreachable.Attempts);
        Assert.Null(unreachable.NextAttemptAt);

        var url = $"/manage/institutions/{uu}/mail";
        using var admin = await host.Laurel.SignInAsDemoAsync("institution-admin");
        var en = await admin.GetStringAsync(url + "?culture=en", Ct);
        Assert.Contains($"data-message=\"{rejectedId}\" data-state=\"failed\"", en);
        Assert.Contains($"data-message=\"{unreachableId}\" data-state=\"failed\"", en);
        Assert.Contains("Refused message", en);
        Assert.Contains("550", en);
        Assert.Contains("Try again", en);
        Assert.Contains("Mislukt", await admin.GetStringAsync(url, Ct));

        // Only institution admins; unknown institutions are 404.
        using var awarder = await host.Laurel.SignInAsDemoAsync("awarder");
        Assert.Equal(HttpStatusCode.Forbidden, (await awarder.GetAsync(url, Ct)).StatusCode);
        using var anonymous = host.Laurel.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/manage/institutions/{Guid.NewGuid()}/mail", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await admin.PostFormAsync(url, [new("messageId", Guid.NewGuid().ToString())], "Retry")).StatusCode);

        // Retry: a fresh set of attempts; the running mail server now delivers it.
        var retry = await admin.PostFormAsync(url, [new("messageId", unreachableId.ToString())], "Retry");
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        var retried = await host.Laurel.MessageAsync(unreachableId);
        Assert.Null(retried.FailedAt);
        Assert.Equal(0, retried.Attempts);
        Assert.Contains($"data-message=\"{unreachableId}\" data-state=\"pending\"", await admin.GetStringAsync(url, Ct));
        Assert.True(await host.Laurel.DbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "mail.retried" && e.EntityId == unreachableId, Ct)));
        await Dispatcher(clock).DrainAllAsync();
        Assert.Single(await host.Smtp.WaitForAsync(unreachableAddress));
        Assert.NotNull((await host.Laurel.MessageAsync(unreachableId)).SentAt);
    }

    [Fact]
    public async Task A_message_claimed_by_a_worker_that_dies_is_sent_exactly_once_by_another_after_the_lease()
    {
        var address = MailTestKit.NewAddress("crash");
        var id = await host.Laurel.QueueAsync(address);
        var clock = new ManualClock(DateTimeOffset.UtcNow);

        // The first worker claims the message and dies before talking to SMTP.
        Assert.Contains(await Dispatcher(clock).ClaimAsync(Ct), m => m.Id == id);

        var survivor = Dispatcher(clock);
        await survivor.DrainAllAsync();
        Assert.Empty(host.Smtp.To(address));
        Assert.Null((await host.Laurel.MessageAsync(id)).SentAt);

        clock.Advance(TimeSpan.FromSeconds(new OutboxOptions().LeaseSeconds + 1));
        await survivor.DrainAllAsync();
        await host.Smtp.WaitForAsync(address);
        await survivor.DrainAllAsync();
        await Task.Delay(300, Ct);
        Assert.Single(host.Smtp.To(address));
        var sent = await host.Laurel.MessageAsync(id);
        Assert.NotNull(sent.SentAt);
        Assert.Equal(1, sent.Attempts);
    }

    [Fact]
    public async Task A_worker_whose_claim_is_about_to_expire_hands_the_message_back_instead_of_sending_it()
    {
        var address = MailTestKit.NewAddress("slow");
        var id = await host.Laurel.QueueAsync(address);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var slow = Dispatcher(clock);
        var claimed = await slow.ClaimAsync(Ct);
        Assert.Contains(claimed, m => m.Id == id);

        // The worker stalled until just before its lease runs out: sending now could overlap with a worker that takes over.
        clock.Advance(TimeSpan.FromSeconds(new OutboxOptions().LeaseSeconds - 5));
        await using (var scope = host.Laurel.Services.CreateAsyncScope())
            await slow.SendAsync(scope.ServiceProvider.GetRequiredService<Laurel.Infrastructure.Database.LaurelDb>(), claimed, Ct);
        var released = await host.Laurel.MessageAsync(id);
        Assert.Null(released.LeaseToken);
        Assert.Null(released.SentAt);
        Assert.Equal(0, released.Attempts);
        Assert.Empty(host.Smtp.To(address));

        await Dispatcher(clock).DrainAllAsync();
        Assert.Single(await host.Smtp.WaitForAsync(address));
    }

    [Fact]
    public async Task A_resend_after_a_crash_between_SMTP_accept_and_the_database_update_carries_the_same_Message_ID()
    {
        var address = MailTestKit.NewAddress("resend");
        var id = await host.Laurel.QueueAsync(address);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await Dispatcher(clock).DrainAllAsync();
        await host.Smtp.WaitForAsync(address);

        // As if the node died after the server accepted the message, before recording it.
        await host.Laurel.DbAsync(db => db.OutboxMessages.Where(m => m.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, (DateTime?)null).SetProperty(m => m.Attempts, 0), Ct));
        await Dispatcher(clock).DrainAllAsync();

        var copies = await host.Smtp.WaitForAsync(address, count: 2);
        Assert.All(copies, c => Assert.Equal(SmtpMailer.MessageId(id, "uu.example"), c.Message.MessageId));
    }

    [Fact]
    public async Task Two_Laurel_instances_draining_one_outbox_send_each_message_exactly_once()
    {
        var addresses = Enumerable.Range(0, 40).Select(i => MailTestKit.NewAddress($"concurrent{i}")).ToList();
        var ids = new List<Guid>();
        foreach (var address in addresses) ids.Add(await host.Laurel.QueueAsync(address));

        // A second node on the same database, with the same configuration.
        var settings = host.Laurel.Services.GetRequiredService<IConfiguration>().GetSection("Laurel").AsEnumerable()
            .Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}");
        await using var second = LaurelApp.Build(["--environment=Development", "--urls=http://127.0.0.1:0", .. settings],
            b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        var batches = new OutboxOptions { BatchSize = 3 };
        OutboxDispatcher Node(IServiceProvider services) => new(services.GetRequiredService<IServiceScopeFactory>(),
            services.GetRequiredService<SmtpMailer>(), new FixedOptions<OutboxOptions>(batches), TimeProvider.System, NullLogger<OutboxDispatcher>.Instance);
        var workers = new[] { Node(host.Laurel.Services), Node(host.Laurel.Services), Node(second.Services), Node(second.Services) };

        await Task.WhenAll(workers.Select(w => Task.Run(() => w.DrainAllAsync(), Ct)));

        foreach (var address in addresses) await host.Smtp.WaitForAsync(address);
        await Task.Delay(500, Ct);
        Assert.All(addresses, a => Assert.Single(host.Smtp.To(a)));
        var rows = await host.Laurel.DbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync(Ct));
        Assert.All(rows, m => { Assert.NotNull(m.SentAt); Assert.Equal(1, m.Attempts); });
    }

    [Fact]
    public async Task The_SMTP_password_never_appears_in_logs_or_errors()
    {
        var address = MailTestKit.NewAddress("auth");
        var id = await host.Laurel.QueueAsync(address);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        const string wrongPassword = "Wrong-Pa55word-for-test";
        var log = new CapturingLogger<OutboxDispatcher>();

        await Dispatcher(clock, SmtpAt(host.Smtp.Port, wrongPassword), log: log).DrainAllAsync();
        var refused = await host.Laurel.MessageAsync(id);
        Assert.Equal(1, refused.Attempts);
        Assert.Contains("authentication failed", refused.LastError);
        Assert.Contains(log.Lines, l => l.Contains(id.ToString()) && l.Contains("authentication failed"));

        clock.Advance(TimeSpan.FromSeconds(31));
        await Dispatcher(clock, log: log).DrainAllAsync();
        Assert.Single(await host.Smtp.WaitForAsync(address));
        Assert.Contains(log.Lines, l => l.Contains(id.ToString()) && l.Contains("sent"));

        var everything = log.All + refused.LastError + HostSmtp;
        Assert.DoesNotContain(wrongPassword, everything);
        Assert.DoesNotContain(MailSettings.Password, everything);
    }

    private static void AssertClose(DateTime expected, DateTime? actual) =>
        Assert.InRange(actual ?? DateTime.MinValue, expected.AddMilliseconds(-5), expected.AddMilliseconds(5));
}

public sealed class OutboxDeliveryTestsOnSqlite(MailSqliteHost host) : OutboxDeliveryTests(host), IClassFixture<MailSqliteHost>;

public sealed class OutboxDeliveryTestsOnPostgres(MailPostgresHost host) : OutboxDeliveryTests(host), IClassFixture<MailPostgresHost>;
