using System.Net;
using Laurel.Tests.Institutions;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Webhooks.WebhookTestKit;

namespace Laurel.Tests.Webhooks;

/// <summary>Only the institution's administrators see and change its webhooks; every change is audited.</summary>
public abstract class WebhookAccessTests(IWebhookHost host)
{
    private global::Laurel.Testing.LaurelHost Laurel => host.Laurel;

    [Theory]
    [InlineData("institution-admin", HttpStatusCode.OK)]
    [InlineData("faculty-admin", HttpStatusCode.Forbidden)]
    [InlineData("issuer-admin", HttpStatusCode.Forbidden)]
    [InlineData("awarder", HttpStatusCode.Forbidden)]
    [InlineData("viewer", HttpStatusCode.Forbidden)]
    [InlineData("learner", HttpStatusCode.Forbidden)]
    [InlineData("tud-admin", HttpStatusCode.Forbidden)]
    public async Task Webhook_pages_and_actions_per_role(string persona, HttpStatusCode expected)
    {
        var uu = await Laurel.InstitutionAsync("uu");
        using var admin = await Laurel.SignInAsDemoAsync("institution-admin");
        var (endpointId, _) = await admin.RegisterAsync(uu, host.Receiver.Url(NewPath("access")));
        await Laurel.EnsureOtherInstitutionAdminAsync();
        using var client = await Laurel.SignInAsDemoAsync(persona);

        Assert.Equal(expected, (await client.GetAsync($"/manage/institutions/{uu}/webhooks", Ct)).StatusCode);
        Assert.Equal(expected, (await client.GetAsync($"/manage/institutions/{uu}/webhooks/{endpointId}", Ct)).StatusCode);
        // Actions are refused on the server too (token from a page the persona may open).
        var token = LaurelHostToken(await admin.GetStringAsync($"/manage/institutions/{uu}/webhooks", Ct));
        var ping = await client.PostAsync($"/manage/institutions/{uu}/webhooks/{endpointId}?handler=Ping",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]), Ct);
        if (expected == HttpStatusCode.OK) return;
        Assert.True(ping.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, ping.StatusCode.ToString());
        Assert.Empty(await Laurel.DeliveriesAsync(endpointId));
    }

    private static readonly List<KeyValuePair<string, string>> NoFields = [];

    private static string LaurelHostToken(string html) => global::Laurel.Testing.LaurelHost.AntiforgeryToken(html);

    [Fact]
    public async Task Anonymous_visitors_sign_in_and_unknown_or_foreign_ids_are_not_found()
    {
        var uu = await Laurel.InstitutionAsync("uu");
        var tud = await Laurel.InstitutionAsync("tudelft");
        using var admin = await Laurel.SignInAsDemoAsync("institution-admin");
        var (endpointId, _) = await admin.RegisterAsync(uu, host.Receiver.Url(NewPath("ids")));
        using var anonymous = Laurel.CreateClient();
        ManageTestExtensions.AssertRedirectsToSignIn(await anonymous.GetAsync($"/manage/institutions/{uu}/webhooks", Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/manage/institutions/{Guid.NewGuid()}/webhooks", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/manage/institutions/{uu}/webhooks/{Guid.NewGuid()}", Ct)).StatusCode);
        // UU's endpoint under TU Delft's address, opened by TU Delft's admin: not theirs.
        await Laurel.EnsureOtherInstitutionAdminAsync();
        using var tudAdmin = await Laurel.SignInAsDemoAsync("tud-admin");
        Assert.Equal(HttpStatusCode.NotFound, (await tudAdmin.GetAsync($"/manage/institutions/{tud}/webhooks/{endpointId}", Ct)).StatusCode);
        // The dashboard links institution admins to the page.
        Assert.Contains($"/manage/institutions/{uu}/webhooks", await admin.GetStringAsync("/manage", Ct));
    }

    [Fact]
    public async Task Disable_enable_rotate_and_archive_are_audited_and_take_effect()
    {
        var uu = await Laurel.InstitutionAsync("uu");
        using var admin = await Laurel.SignInAsDemoAsync("institution-admin");
        var path = NewPath("lifecycle");
        var (endpointId, oldSecret) = await admin.RegisterAsync(uu, host.Receiver.Url(path));
        var url = $"/manage/institutions/{uu}/webhooks/{endpointId}";

        await admin.PostFormAsync(url, NoFields, "Disable");
        using var awarder = await Laurel.SignInAsDemoAsync("awarder");
        await awarder.AwardThroughPageAsync(await Laurel.NewAchievementAsync(), (await Laurel.NewLearnerAsync()).Email);
        Assert.Empty(await Laurel.DeliveriesAsync(endpointId)); // disabled: nothing queued
        await admin.PostFormAsync(url, NoFields, "Enable");

        var rotated = await admin.PostFormAsync(url + "?culture=en", NoFields, "Rotate");
        var html = await rotated.Content.ReadAsStringAsync(Ct);
        var newSecret = WebUtility.HtmlDecode(Secret().Match(html).Groups[1].Value);
        Assert.StartsWith("whsec_", newSecret);
        Assert.NotEqual(oldSecret, newSecret);
        Assert.DoesNotContain(newSecret, await admin.GetStringAsync(url, Ct));

        await admin.PostFormAsync(url, NoFields, "Ping");
        await Laurel.Dispatcher(TimeProvider.System).DeliverAllAsync();
        var ping = Assert.Single(host.Receiver.At(path));
        Assert.Equal("ping", ping.Event);
        Assert.True(SignatureVerifies(newSecret, ping.Signature!, ping.Body));
        Assert.False(SignatureVerifies(oldSecret, ping.Signature!, ping.Body));

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(url, NoFields, "Archive")).StatusCode);
        Assert.Contains("Archived", await admin.GetStringAsync(url + "?culture=en", Ct)); // the log stays readable
        Assert.DoesNotContain("handler=Ping", await admin.GetStringAsync(url, Ct));
        var actions = await Laurel.DbAsync(db => db.AuditEntries.Where(a => a.EntityId == endpointId).OrderBy(a => a.At).Select(a => a.Action).ToListAsync(Ct));
        Assert.Equal(["webhook.created", "webhook.disabled", "webhook.enabled", "webhook.secret-rotated", "webhook.pinged", "webhook.archived"], actions);
    }
}

public sealed class SqliteWebhookAccessTests(WebhookSqliteHost host) : WebhookAccessTests(host), IClassFixture<WebhookSqliteHost>;

public sealed class PostgresWebhookAccessTests(WebhookPostgresHost host) : WebhookAccessTests(host), IClassFixture<WebhookPostgresHost>;
