using System.Net;

namespace Laurel.Tests.Platform;

/// <summary>Production behind a proxy that Laurel does not know (loopback, where the test client is, is not trusted).</summary>
public sealed class UnknownProxyHost : ProductionHost
{
    protected override void Configure(Dictionary<string, string?> settings) =>
        settings["Laurel:ForwardedHeaders:KnownProxies"] = "10.20.30.40";
}

/// <summary>
/// Issue 12, finding 6: behind a TLS-terminating proxy, <c>X-Forwarded-Proto: https</c> from a known proxy (loopback by
/// default) makes cookies Secure and sends HSTS; from any other address the header is ignored.
/// </summary>
public sealed class ForwardedHeadersTests(ProductionHost trusted, UnknownProxyHost untrusted, SqliteHost development)
    : IClassFixture<ProductionHost>, IClassFixture<UnknownProxyHost>, IClassFixture<SqliteHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> SendAsync(LaurelHost host, HttpMethod method, string path, bool forwardedHttps, HttpContent? content = null,
        string? cookie = null)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl) };
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        request.Headers.Host = "badges.example.edu"; // HSTS is never sent to localhost names
        if (forwardedHttps) request.Headers.Add("X-Forwarded-Proto", "https");
        return await client.SendAsync(request, Ct);
    }

    private static string Cookie(HttpResponseMessage response, string name) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(name + "=", StringComparison.Ordinal));

    private static bool IsSecure(string cookie) => cookie.Split(';').Any(a => a.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task Https_forwarded_by_a_known_proxy_gets_secure_cookies_and_hsts()
    {
        var page = await SendAsync(trusted, HttpMethod.Get, "/verify", forwardedHttps: true);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(IsSecure(Cookie(page, "laurel.af")));
        Assert.Contains("max-age=31536000", Assert.Single(page.Headers.GetValues("Strict-Transport-Security")));

        var culture = await SendAsync(trusted, HttpMethod.Post, "/culture", forwardedHttps: true,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "en" }));
        Assert.True(IsSecure(Cookie(culture, ".AspNetCore.Culture")));
    }

    [Fact]
    public async Task Plain_http_without_the_header_gets_neither()
    {
        var page = await SendAsync(trusted, HttpMethod.Get, "/verify", forwardedHttps: false);
        Assert.False(IsSecure(Cookie(page, "laurel.af")));
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_header_from_an_unknown_address_is_ignored()
    {
        var page = await SendAsync(untrusted, HttpMethod.Get, "/verify", forwardedHttps: true);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(IsSecure(Cookie(page, "laurel.af")));
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_session_cookie_is_secure_when_the_proxy_says_https()
    {
        var page = await SendAsync(development, HttpMethod.Get, "/account/sign-in", forwardedHttps: true);
        var antiforgery = Cookie(page, "laurel.af").Split(';')[0];
        var signedIn = await SendAsync(development, HttpMethod.Post, "/account/sign-in?handler=Demo", forwardedHttps: true,
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["persona"] = "learner", ["returnUrl"] = "/",
                ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(await page.Content.ReadAsStringAsync(Ct)),
            }), antiforgery);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.True(IsSecure(Cookie(signedIn, "laurel.session")));
    }
}
