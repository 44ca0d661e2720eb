using System.Net;
using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Laurel.Features.Notifications.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using static Laurel.Tests.Webhooks.WebhookTestKit;

namespace Laurel.Tests.Webhooks;

/// <summary>Award events reach a real receiver signed, once, retried with backoff, and only at the awarding institution's endpoints.</summary>
public abstract class WebhookDeliveryTests(IWebhookHost host)
{
    private global::Laurel.Testing.LaurelHost Laurel => host.Laurel;

    [Fact]
    public async Task Award_and_revocation_through_the_pages_reach_the_receiver_signed_with_the_secret_shown_once()
    {
        var uu = await Laurel.InstitutionAsync("uu");
        using var admin = await Laurel.SignInAsDemoAsync("institution-admin");
        var path = NewPath("issued");
        var (endpointId, secret) = await admin.RegisterAsync(uu, host.Receiver.Url(path));
        Assert.StartsWith("whsec_", secret);
        // Shown once: the list and the endpoint page never show it again.
        Assert.DoesNotContain(secret, await admin.GetStringAsync($"/manage/institutions/{uu}/webhooks", Ct));
        Assert.DoesNotContain(secret, await admin.GetStringAsync($"/manage/institutions/{uu}/webhooks/{endpointId}", Ct));
        var stored = await Laurel.DbAsync(db => db.WebhookEndpoints.SingleAsync(e => e.Id == endpointId, Ct));
        Assert.DoesNotContain(secret, stored.ProtectedSecret);
        Assert.DoesNotContain(secret, string.Join("\n", await Laurel.DbAsync(db => db.AuditEntries.Select(a => a.Details ?? "").ToListAsync(Ct))));

        var achievementId = await Laurel.NewAchievementAsync();
        var learner = await Laurel.NewLearnerAsync();
        using var awarder = await Laurel.SignInAsDemoAsync("awarder");
        var awardId = await awarder.AwardThroughPageAsync(achievementId, learner.Email);
        var queued = Assert.Single(await Laurel.DeliveriesAsync(endpointId));
        Assert.Equal(WebhookDeliveryState.Pending, queued.State);

        await Laurel.Dispatcher(TimeProvider.System).DeliverAllAsync();
        var issued = Assert.Single(host.Receiver.At(path));
        Assert.Equal("award.issued", issued.Event);
        Assert.Equal(queued.Id.ToString(), issued.Delivery);
        Assert.True(SignatureVerifies(secret, issued.Signature!, issued.Body), issued.Signature);
        Assert.False(SignatureVerifies(secret + "x", issued.Signature!, issued.Body));
        var body = JsonNode.Parse(issued.Body)!;
        Assert.Equal("award.issued", (string?)body["type"]);
        Assert.Equal(uu.ToString(), (string?)body["institutionId"]);
        var data = body["data"]!;
        Assert.Equal(awardId.ToString(), (string?)data["awardId"]);
        Assert.Equal($"urn:uuid:{awardId}", (string?)data["credentialId"]);
        Assert.Equal(achievementId.ToString(), (string?)data["achievementId"]);
        Assert.StartsWith("Test micro-credential", (string?)data["achievementName"]);
        Assert.Equal("Issued", (string?)data["state"]);
        Assert.Equal("emailAddress", (string?)data["recipientIdentityType"]);
        Assert.Null(data["publicUrl"]); // private until the learner makes it public
        // No personal data: neither the learner's address nor name.
        Assert.DoesNotContain(learner.Email, issued.Body);
        Assert.DoesNotContain("Learner ", issued.Body);
        var delivered = Assert.Single(await Laurel.DeliveriesAsync(endpointId));
        Assert.Equal((WebhookDeliveryState.Delivered, 1, 200), (delivered.State, delivered.Attempts, delivered.LastStatus));

        var revoke = await awarder.PostFormAsync($"/manage/awards/{awardId}", [new("reason", "Fraud in the final assessment")], "Revoke");
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        await Laurel.Dispatcher(TimeProvider.System).DeliverAllAsync();
        var revoked = Assert.Single(host.Receiver.At(path), r => r.Event == "award.revoked");
        Assert.True(SignatureVerifies(secret, revoked.Signature!, revoked.Body));
        Assert.Equal("Fraud in the final assessment", (string?)JsonNode.Parse(revoked.Body)!["data"]!["reason"]);
        Assert.Equal("Revoked", (string?)JsonNode.Parse(revoked.Body)!["data"]!["state"]);

        // The delivery log shows both, newest first.
        var log = await admin.GetStringAsync($"/manage/institutions/{uu}/webhooks/{endpointId}?culture=en", Ct);
        Assert.True(log.IndexOf("data-event=\"award.revoked\"", StringComparison.Ordinal) < log.IndexOf("data-event=\"award.issued\"", StringComparison.Ordinal));
        Assert.Contains("Delivered", log);
    }

    [Fact]
    public async Task An_award_waiting_for_a_claim_is_reported_with_its_state()
    {
        var uu = await Laurel.InstitutionAsync("uu");
        using var admin = await Laurel.SignInAsDemoAsync("institution-admin");
        var path = NewPath("claim");
        var (endpointId, _) = await admin.RegisterAsync(uu, host.Receiver.Url(path), WebhookEventTypes.AwardIssued);
        using var awarder = await Laurel.SignInAsDemoAsync("awarder");
        var awardId = await awarder.AwardThroughPageAsync(await Laurel.NewAchievementAsync(), $"unknown-{Guid.NewGuid():N}@example.org");
        Assert.Equal(AwardState.AwaitingClaim, (await Laurel.AwardAsync(awardId)).State);
        await Laurel.Dispatcher(TimeProvider.System).DeliverAllAsync();
        var received = Assert.Single(host.Receiver.At(path));
        Assert.Equal("AwaitingClaim", (string?)JsonNode.Parse(received.Body)!["data"]!["state"]);
        Assert.DoesNotContain("unknown-", received.Body);
    }

    [Fact]
    public async Task A_receiver_answering_500_gets_the_event_again_after_the_backoff_with_the_same_delivery_id()
    {
        var uu = await Laurel.InstitutionAsync("uu");
        using var admin = await Laurel.SignInAsDemoAsync("institution-admin");
        var path = NewPath("retry");
        var (endpointId, secret) = await admin.RegisterAsync(uu, host.Receiver.Url(path));
        host.Receiver.AnswerWith(path, 500);
        await admin.PostFormAsync($"/manage/institutions/{uu}/webhooks/{endpointId}", [], "Ping");
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var dispatcher = Laurel.Dispatcher(clock);

        await dispatcher.DeliverAllAsync();
        var first = Assert.Single(await Laurel.DeliveriesAsync(endpointId));
        Assert.Equal((WebhookDeliveryState.Pending, 1, 500), (first.State, first.Attempts, first.LastStatus));
        Assert.Equal("HTTP 500 Internal Server Error: receiver says no", first.LastError);
        // 1 minute plus up to 10% jitter.
        Assert.InRange(first.NextAttemptAt!.Value, clock.Now.UtcDateTime.AddSeconds(59), clock.Now.UtcDateTime.AddSeconds(67));

        clock.Advance(TimeSpan.FromSeconds(30));
        await dispatcher.DeliverAllAsync();
        Assert.Single(host.Receiver.At(path));

        clock.Advance(TimeSpan.FromSeconds(40));
        await dispatcher.DeliverAllAsync();
        var received = host.Receiver.At(path);
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].Delivery, received[1].Delivery);
        Assert.Equal(received[0].Body, received[1].Body);
        Assert.All(received, r => Assert.Equal("ping", r.Event));
        var second = Assert.Single(await Laurel.DeliveriesAsync(endpointId));
        Assert.Equal((WebhookDeliveryState.Delivered, 2, 200), (second.State, second.Attempts, second.LastStatus));
        Assert.Null(second.NextAttemptAt);
    }

    [Fact]
    public async Task A_receiver_that_stays_down_is_retried_then_given_up_shown_as_failed_and_can_be_redelivered()
    {
        var uu = await Laurel.InstitutionAsync("uu");
        using var admin = await Laurel.SignInAsDemoAsync("institution-admin");
        var (endpointId, _) = await admin.RegisterAsync(uu, $"https://127.0.0.1:{host.DeadPort}/down-{Guid.NewGuid():N}");
        await admin.PostFormAsync($"/manage/institutions/{uu}/webhooks/{endpointId}", [], "Ping");
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var dispatcher = Laurel.Dispatcher(clock);
        int[] waits = [1, 5, 30, 120, 480, 1440];

        for (var attempt = 1; attempt <= waits.Length; attempt++)
        {
            await dispatcher.DeliverAllAsync();
            var d = Assert.Single(await Laurel.DeliveriesAsync(endpointId));
            Assert.Equal((WebhookDeliveryState.Pending, attempt), (d.State, d.Attempts));
            Assert.Null(d.LastStatus);
            Assert.NotNull(d.LastError);
            var wait = TimeSpan.FromMinutes(waits[attempt - 1]);
            Assert.InRange(d.NextAttemptAt!.Value, clock.Now.UtcDateTime + wait, clock.Now.UtcDateTime + wait * 1.1 + TimeSpan.FromSeconds(1));
            clock.Advance(wait * 1.1 + TimeSpan.FromSeconds(1));
        }
        await dispatcher.DeliverAllAsync();
        var failed = Assert.Single(await Laurel.DeliveriesAsync(endpointId));
        Assert.Equal((WebhookDeliveryState.Failed, 7), (failed.State, failed.Attempts));
        Assert.Null(failed.NextAttemptAt);

        var url = $"/manage/institutions/{uu}/webhooks/{endpointId}";
        var log = await admin.GetStringAsync(url + "?culture=en", Ct);
        Assert.Contains($"data-delivery=\"{failed.Id}\" data-state=\"Failed\"", log);
        Assert.Contains("Deliver again", log);
        var redeliver = await admin.PostFormAsync(url, [new("deliveryId", failed.Id.ToString())], "Redeliver");
        Assert.Equal(HttpStatusCode.Redirect, redeliver.StatusCode);
        var again = Assert.Single(await Laurel.DeliveriesAsync(endpointId));
        Assert.Equal((WebhookDeliveryState.Pending, 0), (again.State, again.Attempts));
        Assert.True(await Laurel.DbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityId == failed.Id && a.Action == "webhook.redelivered", Ct)));
    }

    [Fact]
    public async Task Two_Laurel_nodes_with_two_dispatchers_each_deliver_each_delivery_exactly_once()
    {
        var uu = await Laurel.InstitutionAsync("uu");
        using var admin = await Laurel.SignInAsDemoAsync("institution-admin");
        var path = NewPath("concurrent");
        var (endpointId, _) = await admin.RegisterAsync(uu, host.Receiver.Url(path));
        var ids = await Laurel.DbAsync(async db =>
        {
            var rows = Enumerable.Range(0, 30).Select(i => new WebhookDelivery
            {
                Id = Guid.CreateVersion7(), EndpointId = endpointId, InstitutionId = uu, EventType = "ping", EventId = Guid.CreateVersion7(),
                Payload = $"{{\"n\":{i}}}", CreatedAt = DateTime.UtcNow.AddSeconds(i - 60),
            }).ToList();
            db.WebhookDeliveries.AddRange(rows);
            await db.SaveChangesAsync(Ct);
            return rows.Select(r => r.Id.ToString()).ToList();
        });
        var options = new WebhookOptions { AllowedHosts = $"127.0.0.1:{host.Receiver.Port}", ExtraTrustedRootPath = host.Receiver.CaPemPath, BatchSize = 3 };
        // A second Laurel node on the same database, with the same configuration (and so the same Data Protection keys).
        var settings = Laurel.Services.GetRequiredService<IConfiguration>().GetSection("Laurel").AsEnumerable()
            .Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}");
        await using var second = global::Laurel.Infrastructure.LaurelApp.Build(["--environment=Development", "--urls=http://127.0.0.1:0", .. settings],
            b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        WebhookDispatcher Node(IServiceProvider services) => new(services.GetRequiredService<IServiceScopeFactory>(),
            new WebhookSender(new FixedOptions<WebhookOptions>(options)), services.GetRequiredService<WebhookSecrets>(),
            new FixedOptions<WebhookOptions>(options), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<WebhookDispatcher>.Instance);
        var dispatchers = new[] { Node(Laurel.Services), Node(Laurel.Services), Node(second.Services), Node(second.Services) };

        await Task.WhenAll(dispatchers.Select(d => Task.Run(() => d.DeliverAllAsync(), Ct)));

        var received = host.Receiver.At(path);
        Assert.Equal(30, received.Count);
        Assert.Equal(ids.Order(), received.Select(r => r.Delivery!).Order());
        Assert.All(await Laurel.DeliveriesAsync(endpointId), d => Assert.Equal((WebhookDeliveryState.Delivered, 1), (d.State, d.Attempts)));

        // The log shows 25 per page, newest first.
        var url = $"/manage/institutions/{uu}/webhooks/{endpointId}";
        var first = await admin.GetStringAsync(url, Ct);
        Assert.Equal(25, System.Text.RegularExpressions.Regex.Count(first, "data-delivery="));
        Assert.Contains("rel=\"next\"", first);
        Assert.Contains($"data-delivery=\"{ids[^1]}\"", first);
        // The "older" link leads to the last 5; its "newer" link back to the first page.
        var next = System.Text.RegularExpressions.Regex.Match(first, "<a href=\"([^\"]+)\" rel=\"next\">").Groups[1].Value;
        var older = await admin.GetStringAsync(url + System.Net.WebUtility.HtmlDecode(next), Ct);
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Count(older, "data-delivery="));
        Assert.Contains($"data-delivery=\"{ids[0]}\"", older);
        Assert.DoesNotContain("rel=\"next\"", older);
        var previous = System.Text.RegularExpressions.Regex.Match(older, "<a href=\"([^\"]+)\" rel=\"prev\">").Groups[1].Value;
        var back = await admin.GetStringAsync(url + System.Net.WebUtility.HtmlDecode(previous), Ct);
        Assert.Equal(25, System.Text.RegularExpressions.Regex.Count(back, "data-delivery="));
        Assert.Contains($"data-delivery=\"{ids[^1]}\"", back);
        Assert.DoesNotContain("rel=\"prev\"", back);
    }

    [Fact]
    public async Task Events_go_only_to_the_awarding_institutions_active_subscribed_endpoints()
    {
        var tud = await Laurel.InstitutionAsync("tudelft");
        await Laurel.EnsureOtherInstitutionAdminAsync();
        using var tudAdmin = await Laurel.SignInAsDemoAsync("tud-admin");
        // TU Delft has no endpoints: an award there adds no delivery rows at all.
        Assert.False(await Laurel.DbAsync(db => db.WebhookEndpoints.AnyAsync(e => e.InstitutionId == tud, Ct)));
        var before = await Laurel.DbAsync(db => db.WebhookDeliveries.CountAsync(Ct));
        await tudAdmin.AwardThroughPageAsync(await Laurel.NewAchievementAsync(issuerNameEn: "TU Delft Extension School"), (await Laurel.NewLearnerAsync()).Email);
        Assert.Equal(before, await Laurel.DbAsync(db => db.WebhookDeliveries.CountAsync(Ct)));

        var tudPath = NewPath("tud");
        await tudAdmin.RegisterAsync(tud, host.Receiver.Url(tudPath));
        var uu = await Laurel.InstitutionAsync("uu");
        using var admin = await Laurel.SignInAsDemoAsync("institution-admin");
        var revokedOnly = NewPath("revoked-only");
        var (revokedOnlyId, _) = await admin.RegisterAsync(uu, host.Receiver.Url(revokedOnly), WebhookEventTypes.AwardRevoked);
        var disabledPath = NewPath("disabled");
        var (disabledId, _) = await admin.RegisterAsync(uu, host.Receiver.Url(disabledPath));
        await admin.PostFormAsync($"/manage/institutions/{uu}/webhooks/{disabledId}", [], "Disable");
        var uuPath = NewPath("uu");
        var (uuId, _) = await admin.RegisterAsync(uu, host.Receiver.Url(uuPath), WebhookEventTypes.AwardIssued);

        using var awarder = await Laurel.SignInAsDemoAsync("awarder");
        var awardId = await awarder.AwardThroughPageAsync(await Laurel.NewAchievementAsync(), (await Laurel.NewLearnerAsync()).Email);
        await Laurel.Dispatcher(TimeProvider.System).DeliverAllAsync();

        Assert.Single(host.Receiver.At(uuPath));
        Assert.Empty(host.Receiver.At(tudPath));
        Assert.Empty(host.Receiver.At(revokedOnly));
        Assert.Empty(host.Receiver.At(disabledPath));
        Assert.Empty(await Laurel.DeliveriesAsync(revokedOnlyId));
        Assert.Empty(await Laurel.DeliveriesAsync(disabledId));
        Assert.Single(await Laurel.DeliveriesAsync(uuId));
        Assert.Contains(awardId.ToString(), host.Receiver.At(uuPath)[0].Body);
    }

    [Fact]
    public async Task Registration_names_every_problem_at_once_and_refuses_plain_http_and_internal_addresses()
    {
        var uu = await Laurel.InstitutionAsync("uu");
        using var admin = await Laurel.SignInAsDemoAsync("institution-admin");
        var page = $"/manage/institutions/{uu}/webhooks?culture=en";
        async Task<string> PostAsync(string url, bool events = false)
        {
            var fields = new List<KeyValuePair<string, string>> { new("Url", url), new("Description", new string('d', 201)) };
            if (events) fields.Add(new("Events", "award.issued"));
            var response = await admin.PostFormAsync(page, fields);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync(Ct);
        }
        var count = await Laurel.DbAsync(db => db.WebhookEndpoints.CountAsync(Ct));

        var all = await PostAsync("http://sis.example.edu/laurel");
        Assert.Contains("error-summary", all);
        Assert.Contains("must start with https://", all);
        Assert.Contains("at most 200 characters", all);
        Assert.Contains("Choose at least one event", all);
        Assert.Contains("href=\"#Url\"", all);
        Assert.Contains("aria-describedby=\"Url-hint Url-error\"", all);
        foreach (var internalUrl in new[] { "https://10.1.2.3/hook", "https://127.0.0.1/hook", "https://169.254.169.254/latest/meta-data", "https://[::1]/hook", "https://localhost/hook", "https://[::ffff:192.168.1.1]/x" })
            Assert.Contains("internal or private network", await PostAsync(internalUrl, events: true));
        // The test receiver's port is allow-listed, but another loopback port is not.
        // Plain http is refused even for the allow-listed test receiver; another loopback port is internal.
        Assert.Contains("must start with https://", await PostAsync($"http://127.0.0.1:{host.Receiver.Port}/x", events: true));
        Assert.Contains("internal or private network", await PostAsync($"https://127.0.0.1:{host.Receiver.Port + 1}/x", events: true));
        Assert.Contains("Enter a complete address", await PostAsync("not a url", events: true));
        Assert.Contains("Enter a complete address", await PostAsync("ftp://sis.example.edu/x", events: true));
        Assert.Contains("Enter the endpoint", await PostAsync("", events: true));
        Assert.Equal(count, await Laurel.DbAsync(db => db.WebhookEndpoints.CountAsync(Ct)));
    }

    [Fact]
    public async Task The_default_configuration_refuses_http_and_internal_addresses_also_at_send_time()
    {
        var none = new HashSet<string>();
        Assert.Equal(WebhookUrlRules.Problem.NotHttps, WebhookUrlRules.Check($"http://127.0.0.1:{host.Receiver.Port}/x", none, out _));
        Assert.Equal(WebhookUrlRules.Problem.PrivateAddress, WebhookUrlRules.Check("https://192.168.0.10/x", none, out _));
        Assert.Equal(WebhookUrlRules.Problem.UserInfo, WebhookUrlRules.Check("https://user:pw@sis.example.edu/x", none, out _));
        Assert.Equal(WebhookUrlRules.Problem.None, WebhookUrlRules.Check("https://sis.example.edu/x", none, out _));
        var allowListed = new HashSet<string> { $"127.0.0.1:{host.Receiver.Port}" };
        Assert.Equal(WebhookUrlRules.Problem.None, WebhookUrlRules.Check($"https://127.0.0.1:{host.Receiver.Port}/x", allowListed, out _));
        Assert.Equal(WebhookUrlRules.Problem.NotHttps, WebhookUrlRules.Check($"http://127.0.0.1:{host.Receiver.Port}/x", allowListed, out _));

        // An endpoint registered while allow-listed is not sent to by a node without the allow-list.
        var uu = await Laurel.InstitutionAsync("uu");
        using var admin = await Laurel.SignInAsDemoAsync("institution-admin");
        var path = NewPath("ssrf");
        var (endpointId, _) = await admin.RegisterAsync(uu, host.Receiver.Url(path));
        await admin.PostFormAsync($"/manage/institutions/{uu}/webhooks/{endpointId}", [], "Ping");
        await Laurel.Dispatcher(TimeProvider.System, new WebhookOptions()).DeliverOnceAsync(Ct);
        Assert.Empty(host.Receiver.At(path));
        var refused = Assert.Single(await Laurel.DeliveriesAsync(endpointId));
        Assert.Contains("Refused address", refused.LastError);

        // Allowed to connect, but the receiver's certificate is not from a trusted root: nothing is sent either.
        await Laurel.Dispatcher(new ManualClock(DateTimeOffset.UtcNow.AddHours(1)), new WebhookOptions { AllowedHosts = $"127.0.0.1:{host.Receiver.Port}" }).DeliverOnceAsync(Ct);
        Assert.Empty(host.Receiver.At(path));
        var untrusted = Assert.Single(await Laurel.DeliveriesAsync(endpointId));
        Assert.Equal(2, untrusted.Attempts);
        Assert.DoesNotContain("Refused address", untrusted.LastError);
    }
}

public sealed class SqliteWebhookDeliveryTests(WebhookSqliteHost host) : WebhookDeliveryTests(host), IClassFixture<WebhookSqliteHost>;

public sealed class PostgresWebhookDeliveryTests(WebhookPostgresHost host) : WebhookDeliveryTests(host), IClassFixture<WebhookPostgresHost>;
