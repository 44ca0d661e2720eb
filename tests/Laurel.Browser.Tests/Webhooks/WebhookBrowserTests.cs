using System.Security.Cryptography;
using System.Text;
using Laurel.Features.Notifications.Webhooks;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Laurel.Browser.Tests.Webhooks;

/// <summary>
/// An institution administrator registers a webhook endpoint in a real browser (first with mistakes, named all at once), copies
/// the secret shown once, sends a test event and sees it delivered in the log — in Dutch and English, with axe checks.
/// </summary>
public abstract class WebhookBrowserTests(IWebhookHost host, BrowserSession browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admin_registers_an_endpoint_copies_the_secret_and_sees_the_test_event_delivered()
    {
        var laurel = host.Laurel;
        Guid uu;
        await using (var scope = laurel.Services.CreateAsyncScope())
            uu = await scope.ServiceProvider.GetRequiredService<LaurelDb>().Institutions.Where(i => i.Slug == "uu").Select(i => i.Id).SingleAsync(Ct);
        var path = $"/browser-{Guid.NewGuid():N}";

        var page = await browser.NewPageAsync("nl-NL");
        await page.GotoAsync(laurel.BaseUrl + $"/account/sign-in?returnUrl=/manage/institutions/{uu}/webhooks");
        await page.Locator("button[data-persona=institution-admin]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Webhooks");
        Assert.Empty(await Axe.ViolationsAsync(page));

        // Mistakes first: plain http to an unknown host and no events, both named.
        await page.Locator("#Url").FillAsync("http://sis.example.edu/laurel");
        await page.GetByRole(AriaRole.Button, new() { Name = "Endpoint toevoegen" }).ClickAsync();
        var summary = page.Locator(".error-summary");
        await Assertions.Expect(summary).ToContainTextAsync("https://");
        await Assertions.Expect(summary).ToContainTextAsync("Kies ten minste één gebeurtenis");
        Assert.Empty(await Axe.ViolationsAsync(page));

        await page.Locator("#Url").FillAsync(host.Receiver.Url(path));
        await page.Locator("#Description").FillAsync("Osiris");
        await page.GetByLabel("Toekenning uitgegeven", new() { Exact = false }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Endpoint toevoegen" }).ClickAsync();
        var secretCode = page.Locator("code[data-secret]");
        await Assertions.Expect(secretCode).ToContainTextAsync("whsec_");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("alleen deze ene keer");
        var secret = (await secretCode.TextContentAsync())!.Trim();
        Assert.Empty(await Axe.ViolationsAsync(page));

        await page.GetByRole(AriaRole.Link, new() { Name = "Beheren" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Webhook-endpoint");
        await page.GetByRole(AriaRole.Button, new() { Name = "Testbericht versturen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Er staat een testbericht klaar");
        var row = page.Locator("tr[data-event=ping]");
        await Assertions.Expect(row).ToContainTextAsync("Wachtend");
        Assert.Empty(await Axe.ViolationsAsync(page));

        await laurel.Services.GetRequiredService<WebhookDispatcher>().DeliverOnceAsync(Ct);
        await page.GotoAsync(page.Url.Split('?')[0] + "?culture=en");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Delivery log" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr[data-event=ping]")).ToContainTextAsync("Delivered");
        await Assertions.Expect(page.Locator("tr[data-event=ping]")).ToContainTextAsync("200");
        Assert.Empty(await Axe.ViolationsAsync(page));

        // The receiver can check the event with the secret the page showed.
        var received = await host.Receiver.WaitForAsync(path);
        var t = received.Signature!.Split(',')[0]["t=".Length..];
        var v1 = received.Signature.Split(',')[1]["v1=".Length..];
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{received.Body}"))), v1);
        await page.Context.CloseAsync();
    }
}

public sealed class SqliteWebhookBrowserTests(WebhookSqliteHost host, BrowserSession browser)
    : WebhookBrowserTests(host, browser), IClassFixture<WebhookSqliteHost>, IClassFixture<BrowserSession>;

public sealed class PostgresWebhookBrowserTests(WebhookPostgresHost host, BrowserSession browser)
    : WebhookBrowserTests(host, browser), IClassFixture<WebhookPostgresHost>, IClassFixture<BrowserSession>;
