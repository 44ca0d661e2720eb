using System.Net;
using System.Text;
using Laurel.Features.Wallets;
using Laurel.Infrastructure.Web;

namespace Laurel.Tests.Platform;

/// <summary><see cref="RateLimitedHost"/> with small limits for the wallet, OpenID4VP and presentation policies too.</summary>
public sealed class ProgramRateLimitedHost : RateLimitedHost
{
    public const int WalletLimit = 3, OpenId4VpLimit = 3, PresentationsLimit = 2;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        foreach (var (policy, permits) in new[]
        {
            (RateLimits.WalletAuthorization, WalletLimit), (RateLimits.WalletIssuance, WalletLimit),
            (RateLimits.OpenId4Vp, OpenId4VpLimit), (RateLimits.Presentations, PresentationsLimit),
        })
        {
            settings[$"{RateLimits.Section}:{policy}:PermitLimit"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"{RateLimits.Section}:{policy}:Window"] = "00:10:00";
        }
    }
}

/// <summary>
/// Issue 12, finding 3 (reopened): every anonymous or learner endpoint that makes Laurel verify, sign or look things up for a
/// program — wallet issuance (OpenID4VCI token, PAR, nonce, credential, notification and the VC-API wallet exchange), OpenID4VP
/// request and direct_post, the VC-API presentation exchanges and the exemption application form — answers 429 with
/// Retry-After past its limit, a ProblemDetails body for programs. Each test uses its own client address.
/// </summary>
public sealed class ProgramRateLimitTests(ProgramRateLimitedHost host) : IClassFixture<ProgramRateLimitedHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static Task AssertTooManyAsync(HttpResponseMessage response, bool api) => RateLimitTests.AssertTooManyAsync(response, api);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    /// <summary>Sends <paramref name="limit"/> requests that are answered (not 429), then one more that must be 429.</summary>
    private static async Task SpendThenRefusedAsync(int limit, Func<int, Task<HttpResponseMessage>> send, bool api = true)
    {
        for (var i = 0; i < limit; i++)
        {
            var answered = await send(i);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, answered.StatusCode);
        }
        await AssertTooManyAsync(await send(limit), api);
    }

    [Fact]
    public async Task Wallet_token_and_par_posts_share_one_limit_per_address()
    {
        using var client = host.ClientFrom("192.0.2.11");
        await SpendThenRefusedAsync(ProgramRateLimitedHost.WalletLimit, i => i % 2 == 0
            ? client.PostAsync("/oid4vci/token", Form(("grant_type", "urn:ietf:params:oauth:grant-type:pre-authorized_code"), ("pre-authorized_code", "guess-" + i)), Ct)
            : client.PostAsync("/oid4vci/par", Form(("client_id", "wallet"), ("response_type", "code")), Ct));
        await AssertTooManyAsync(await client.PostAsync("/oid4vci/par", Form(("client_id", "wallet")), Ct), api: true);

        using var other = host.ClientFrom("192.0.2.12");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await other.PostAsync("/oid4vci/token", Form(("grant_type", "x")), Ct)).StatusCode);
    }

    [Fact]
    public async Task Wallet_nonce_credential_notification_and_the_vc_api_wallet_exchange_are_limited_per_address()
    {
        using var client = host.ClientFrom("192.0.2.21");
        var paths = new[] { "/oid4vci/demo/nonce", "/oid4vci/demo/credential", "/oid4vci/demo/notification" };
        await SpendThenRefusedAsync(ProgramRateLimitedHost.WalletLimit, i => client.PostAsync(paths[i % paths.Length], Json("{}"), Ct));
        // The VC-API exchange of an offer verifies the holder's presentation: it spends the same budget.
        await AssertTooManyAsync(await client.PostAsync(WalletRoutes.ExchangePath(Guid.NewGuid()), Json("{}"), Ct), api: true);
    }

    [Fact]
    public async Task The_vc_api_wallet_exchange_alone_is_limited()
    {
        // Before the fix this endpoint had no limit at all: every POST was answered, however many.
        using var client = host.ClientFrom("192.0.2.22");
        await SpendThenRefusedAsync(ProgramRateLimitedHost.WalletLimit, _ => client.PostAsync(WalletRoutes.ExchangePath(Guid.NewGuid()),
            Json("""{"verifiablePresentation":{"type":"VerifiablePresentation"}}"""), Ct));
    }

    [Fact]
    public async Task OpenId4Vp_request_fetches_and_direct_post_answers_are_limited_per_address()
    {
        using var client = host.ClientFrom("192.0.2.31");
        await SpendThenRefusedAsync(ProgramRateLimitedHost.OpenId4VpLimit, i => (i % 3) switch
        {
            0 => client.GetAsync("/oid4vp/requests/no-such-request", Ct),
            1 => client.PostAsync("/oid4vp/requests/no-such-request", Form(("wallet_nonce", "n")), Ct),
            _ => client.PostAsync("/oid4vp/responses/no-such-session", Form(("vp_token", "{}"), ("state", "s")), Ct),
        });
        await AssertTooManyAsync(await client.PostAsync("/oid4vp/responses/no-such-session", Form(("response", "x.y.z")), Ct), api: true);
    }

    [Fact]
    public async Task Vc_api_presentation_exchanges_spend_the_verify_budget()
    {
        using var client = host.ClientFrom("192.0.2.41");
        await SpendThenRefusedAsync(RateLimitedHost.VerifyLimit, i => i % 2 == 0
            ? client.PostAsync($"/presentations/exchanges/{Guid.NewGuid():N}", Json("{}"), Ct)
            : client.PostAsync($"/presentations/exchanges/{Guid.NewGuid():N}/sessions/{Guid.NewGuid():N}", Json("{}"), Ct));
        await AssertTooManyAsync(await client.PostAsync("/credentials/verify", Json("{}"), Ct), api: true);
    }

    [Fact]
    public async Task Exemption_application_posts_are_limited_per_learner_and_reading_the_form_is_not()
    {
        using var learner = await host.SignInFromAsync("learner", "192.0.2.51");
        var page = await learner.GetStringAsync("/backpack/exemptions/new", Ct);
        Task<HttpResponseMessage> Start() => learner.PostAsync("/backpack/exemptions/new?handler=Start",
            Form(("__RequestVerificationToken", LaurelHost.AntiforgeryToken(page)), ("InstitutionId", Guid.Empty.ToString())), Ct);
        await SpendThenRefusedAsync(ProgramRateLimitedHost.PresentationsLimit, _ => Start(), api: false);
        for (var i = 0; i < ProgramRateLimitedHost.PresentationsLimit + 1; i++)
            Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync("/backpack/exemptions/new", Ct)).StatusCode);
    }
}

/// <summary>Verify limit 3, behind a configured proxy that is not the test client: loopback's headers are not believed.</summary>
public sealed class UntrustedForwardingRateLimitedHost : RateLimitedHost
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Laurel:ForwardedHeaders:KnownProxies"] = "10.20.30.40";
    }
}

/// <summary>
/// The client address that every limit counts by: a client that is not a known proxy cannot choose its partition by sending a
/// different <c>X-Forwarded-For</c> with every request.
/// </summary>
public sealed class RateLimitAddressTests(UntrustedForwardingRateLimitedHost host) : IClassFixture<UntrustedForwardingRateLimitedHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rotating_x_forwarded_for_from_an_untrusted_client_does_not_reset_the_limit()
    {
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        static HttpRequestMessage Request(int i)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/credentials/verify") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Forwarded-For", $"198.18.{i / 250}.{i % 250 + 1}");
            request.Headers.Add("Forwarded", $"for=198.19.0.{i + 1}");
            request.Headers.Add("X-Real-IP", $"198.19.1.{i + 1}");
            return request;
        }
        for (var i = 0; i < RateLimitedHost.VerifyLimit; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(Request(i), Ct)).StatusCode);
        for (var i = RateLimitedHost.VerifyLimit; i < RateLimitedHost.VerifyLimit + 5; i++)
            await ProgramRateLimitTests.AssertTooManyAsync(await client.SendAsync(Request(i), Ct), api: true);
    }
}
