using System.Net;
using System.Text;
using System.Text.Json;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Platform;

/// <summary>Laurel with small limits and long windows, so a test sees the 429 after a handful of requests.</summary>
public class RateLimitedHost : SqliteHost
{
    public const int VerifyLimit = 3, VerifyUrlLimit = 2, ImportLimit = 2, SignInLimit = 3, TokenPerClient = 3, TokenPerAddress = 5;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        void Limit(string policy, int permits, string window = "00:10:00")
        {
            settings[$"{RateLimits.Section}:{policy}:PermitLimit"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"{RateLimits.Section}:{policy}:Window"] = window;
        }
        Limit(RateLimits.Verify, VerifyLimit);
        Limit(RateLimits.VerifyUrl, VerifyUrlLimit);
        Limit(RateLimits.Import, ImportLimit);
        Limit(RateLimits.SignIn, SignInLimit);
        Limit(RateLimits.TokenFailuresPerClient, TokenPerClient);
        Limit(RateLimits.TokenFailuresPerAddress, TokenPerAddress);
    }

    /// <summary>A client that the (trusted, loopback) proxy says comes from <paramref name="address"/>.</summary>
    public HttpClient ClientFrom(string address)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    /// <summary>Demo sign-in from the given address (the sign-in itself counts against that address's sign-in limit).</summary>
    public async Task<HttpClient> SignInFromAsync(string persona, string address)
    {
        var client = ClientFrom(address);
        var page = await client.GetStringAsync("/account/sign-in");
        var response = await client.PostAsync("/account/sign-in?handler=Demo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["persona"] = persona, ["returnUrl"] = "/", ["__RequestVerificationToken"] = AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}

/// <summary>The import quota of a day, counted apart from the per-minute limit.</summary>
public sealed class DailyImportQuotaHost : RateLimitedHost
{
    public const int DailyLimit = 2;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings[$"{RateLimits.Section}:{RateLimits.Import}:PermitLimit"] = "100";
        settings[$"{RateLimits.Section}:{RateLimits.ImportDaily}:PermitLimit"] = DailyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Issue 12, finding 3: verification, address fetches, imports, sign-in and wrong client secrets are rate limited per client
/// address (per learner for imports); over the limit the answer is 429 with Retry-After, ProblemDetails for an API and the
/// friendly page for a page. Each test uses its own client address, so the tests do not spend each other's budgets.
/// </summary>
public sealed class RateLimitTests(RateLimitedHost host) : IClassFixture<RateLimitedHost>
{
    private const string DemoClientId = "demo-uu-sis", DemoSecret = "demo-secret-change-me";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task AssertTooManyAsync(HttpResponseMessage response, bool api, int maxSeconds = 600)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta ?? throw new Xunit.Sdk.XunitException("429 without Retry-After");
        Assert.InRange(retryAfter.TotalSeconds, 1, maxSeconds);
        var body = await response.Content.ReadAsStringAsync(Ct);
        if (api)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(429, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
        }
        else
        {
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Te veel verzoeken", body);
            Assert.Contains($"Probeer het over {(int)retryAfter.TotalSeconds} seconden opnieuw.", body);
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Verify_api_answers_429_problem_details_after_the_limit_and_other_clients_go_on()
    {
        using var client = host.ClientFrom("203.0.113.1");
        for (var i = 0; i < RateLimitedHost.VerifyLimit; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/credentials/verify", Json("{}"), Ct)).StatusCode);
        await AssertTooManyAsync(await client.PostAsync("/credentials/verify", Json("{}"), Ct), api: true);
        // The presentation endpoint shares the budget.
        await AssertTooManyAsync(await client.PostAsync("/presentations/verify", Json("{}"), Ct), api: true);

        using var other = host.ClientFrom("203.0.113.2");
        Assert.Equal(HttpStatusCode.BadRequest, (await other.PostAsync("/presentations/verify", Json("{}"), Ct)).StatusCode);
    }

    [Fact]
    public async Task Verify_page_posts_get_the_friendly_page_with_retry_after_but_reading_the_page_is_never_limited()
    {
        using var client = host.ClientFrom("203.0.113.3");
        var page = await client.GetStringAsync("/verify", Ct);
        Task<HttpResponseMessage> Post() => client.PostAsync("/verify?handler=Text", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(page), ["Text"] = "",
        }), Ct);
        for (var i = 0; i < RateLimitedHost.VerifyLimit; i++) Assert.Equal(HttpStatusCode.BadRequest, (await Post()).StatusCode);
        await AssertTooManyAsync(await Post(), api: false);
        for (var i = 0; i < RateLimitedHost.VerifyLimit + 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/verify", Ct)).StatusCode);
    }

    [Fact]
    public async Task Verify_by_address_has_its_own_tighter_limit()
    {
        using var client = host.ClientFrom("203.0.113.4");
        var page = await client.GetStringAsync("/verify?culture=en", Ct);
        Task<HttpResponseMessage> Post() => client.PostAsync("/verify?handler=Url&culture=en", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(page), ["url"] = "not an address",
        }), Ct);
        for (var i = 0; i < RateLimitedHost.VerifyUrlLimit; i++) Assert.Equal(HttpStatusCode.BadRequest, (await Post()).StatusCode);
        var refused = await Post();
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many requests", await refused.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<HttpResponseMessage> EmptyImportAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/backpack/import", Ct);
        using var form = new MultipartFormDataContent { { new StringContent(LaurelHost.AntiforgeryToken(page)), "__RequestVerificationToken" } };
        return await client.PostAsync("/backpack/import", form, Ct);
    }

    [Fact]
    public async Task Imports_are_limited_per_learner()
    {
        using var learner = await host.SignInFromAsync("learner", "203.0.113.5");
        for (var i = 0; i < RateLimitedHost.ImportLimit; i++) Assert.Equal(HttpStatusCode.BadRequest, (await EmptyImportAsync(learner)).StatusCode);
        await AssertTooManyAsync(await EmptyImportAsync(learner), api: false);

        // Another learner behind the same address has a budget of their own.
        using var other = await host.SignInFromAsync("viewer", "203.0.113.5");
        Assert.Equal(HttpStatusCode.BadRequest, (await EmptyImportAsync(other)).StatusCode);
    }

    [Fact]
    public async Task Sign_in_starts_callbacks_and_demo_posts_are_limited_per_address()
    {
        using var client = host.ClientFrom("203.0.113.6");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/account/sign-in/no-such-provider", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/account/sign-in/no-such-provider/complete", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/signin-oidc-nosuch", Ct)).StatusCode);
        await AssertTooManyAsync(await client.GetAsync("/account/sign-in/no-such-provider", Ct), api: false);
        await AssertTooManyAsync(await client.GetAsync("/signin-oidc-nosuch", Ct), api: false);
        // The sign-in page itself stays readable.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/sign-in", Ct)).StatusCode);
    }

    private static Task<HttpResponseMessage> TokenAsync(HttpClient client, string clientId, string secret) =>
        client.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
        }), Ct);

    [Fact]
    public async Task Wrong_secrets_for_one_client_id_are_refused_with_429_from_any_address_and_right_secrets_never_count()
    {
        // An id no other test spends failures on: the per-client budget is shared by the whole host.
        var clientId = "lock-me-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < RateLimitedHost.TokenPerClient; i++)
        {
            using var guesser = host.ClientFrom($"198.51.100.{10 + i}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(guesser, clientId, "guess-" + i)).StatusCode);
        }
        using var next = host.ClientFrom("198.51.100.30");
        await AssertTooManyAsync(await TokenAsync(next, clientId, "guess-again"), api: true);

        // Right secrets never count: the demo client authenticates as often as it likes.
        using var integration = host.ClientFrom("198.51.100.31");
        for (var i = 0; i < RateLimitedHost.TokenPerClient + 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await TokenAsync(integration, DemoClientId, DemoSecret)).StatusCode);
    }

    [Fact]
    public async Task Wrong_secrets_from_one_address_are_refused_whatever_client_id_they_try()
    {
        using var client = host.ClientFrom("198.51.100.40");
        for (var i = 0; i < RateLimitedHost.TokenPerAddress; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, $"invented-{i}", "x")).StatusCode);
        await AssertTooManyAsync(await TokenAsync(client, "invented-next", "x"), api: true);
        await AssertTooManyAsync(await TokenAsync(client, DemoClientId, DemoSecret), api: true);
    }

    [Fact]
    public async Task A_failed_client_authentication_is_audited_without_the_secret()
    {
        using var client = host.ClientFrom("198.51.100.50");
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, DemoClientId, "Secret-That-Must-Not-Be-Logged")).StatusCode);

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var uuClient = await db.ApiClients.SingleAsync(c => c.ClientId == DemoClientId, Ct);
        var entries = await db.AuditEntries.Where(e => e.Action == "api-client.authentication-failed" && e.EntityId == uuClient.Id).ToListAsync(Ct);
        var entry = Assert.Single(entries, e => e.Details!.Contains("198.51.100.50"));
        Assert.Equal(uuClient.InstitutionId, entry.InstitutionId);
        Assert.Contains("wrong secret", entry.Details);
        Assert.Contains(DemoClientId, entry.Details);
        Assert.DoesNotContain("Secret-That-Must-Not-Be-Logged", entry.Details);
        Assert.DoesNotContain(await db.AuditEntries.ToListAsync(Ct), (AuditEntry e) => (e.Details ?? "").Contains("Must-Not-Be-Logged"));
    }
}

/// <summary>The daily import quota holds even when the per-minute limit would allow more.</summary>
public sealed class DailyImportQuotaTests(DailyImportQuotaHost host) : IClassFixture<DailyImportQuotaHost>
{
    [Fact]
    public async Task A_learner_past_the_daily_quota_gets_429_until_tomorrow()
    {
        using var learner = await host.SignInFromAsync("learner", "203.0.113.9");
        for (var i = 0; i < DailyImportQuotaHost.DailyLimit; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await EmptyImportAsync(learner)).StatusCode);
        var refused = await EmptyImportAsync(learner);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalHours, 23, 24);
    }

    private static async Task<HttpResponseMessage> EmptyImportAsync(HttpClient client)
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await client.GetStringAsync("/backpack/import", ct);
        using var form = new MultipartFormDataContent { { new StringContent(LaurelHost.AntiforgeryToken(page)), "__RequestVerificationToken" } };
        return await client.PostAsync("/backpack/import", form, ct);
    }
}
