using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Features.Standards.ObApi;

namespace Laurel.Browser.Tests.Standards;

/// <summary>
/// The OB 3.0 consent in a real browser: a client (registered over the API) sends the signed-in learner to Laurel's consent page,
/// she clicks Allow, the client redeems the code; then, by clicking from the header, she finds the client under "Connected apps"
/// on her account page and withdraws its access, after which its token is refused; her data download lists it. Dutch and English, desktop and 375 px phone,
/// axe-clean on every page.
/// </summary>
public abstract class ObApiConsentBrowserTests(LaurelHost host, BrowserSession browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Callback = "https://client.example/cb";

    [Theory]
    [InlineData("nl-NL", false)]
    [InlineData("en-US", false)]
    [InlineData("nl-NL", true)]
    [InlineData("en-US", true)]
    public async Task Learner_allows_a_client_on_the_consent_page_and_withdraws_it_on_the_account_page(string locale, bool phone)
    {
        var nl = locale.StartsWith("nl", StringComparison.Ordinal);
        using var http = host.CreateClient();
        var registration = new JsonObject
        {
            ["client_name"] = "Example Backpack", ["client_uri"] = "https://client.example/", ["logo_uri"] = "https://client.example/logo.png",
            ["tos_uri"] = "https://client.example/tos", ["policy_uri"] = "https://client.example/privacy", ["software_id"] = "browser-test",
            ["software_version"] = "1", ["redirect_uris"] = new JsonArray(Callback), ["scope"] = ObScopes.CredentialRead + " " + ObScopes.ProfileRead,
        };
        var registered = JsonNode.Parse(await (await http.PostAsync(ObRoutes.Register, new StringContent(registration.ToJsonString(), Encoding.UTF8, "application/json"), Ct)).Content.ReadAsStringAsync(Ct))!;
        var (clientId, secret) = ((string)registered["client_id"]!, (string)registered["client_secret"]!);
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var page = phone ? await browser.NewPhonePageAsync(locale) : await browser.NewPageAsync(locale);
        await Journey.SignInByClickingAsync(page, host.BaseUrl, "learner", "**/*");
        string? redirected = null;
        await page.RouteAsync("https://client.example/**", async route =>
        {
            redirected = route.Request.Url;
            await route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<!doctype html><html lang=\"en\"><title>client</title><main><h1>Back at the client</h1></main></html>" });
        });

        // The client sends the learner to Laurel (the one navigation a client makes), she reads and clicks Allow.
        await page.GotoAsync($"{host.BaseUrl}{ObRoutes.Authorize}?response_type=code&client_id={clientId}&redirect_uri={Uri.EscapeDataString(Callback)}" +
            $"&scope={Uri.EscapeDataString(ObScopes.CredentialRead + " " + ObScopes.ProfileRead)}&state=xyz&code_challenge={challenge}&code_challenge_method=S256");
        await Journey.CheckAsync(page);
        await Assertions.Expect(page.Locator("[data-field=client]")).ToContainTextAsync("Example Backpack");
        await Assertions.Expect(page.Locator($"[data-scope='{ObScopes.CredentialRead}']")).ToHaveTextAsync(nl
            ? "Al je badges lezen, ook cijfers en bewijs die je privé houdt" : "Read all your badges, including grades and evidence you keep private");
        await page.GetByRole(AriaRole.Button, new() { Name = nl ? "Toestaan" : "Allow" }).ClickAsync();
        await page.WaitForURLAsync("https://client.example/**");
        var code = System.Web.HttpUtility.ParseQueryString(new Uri(redirected!).Query)["code"]!;
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, ObRoutes.Token)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Callback, ["code_verifier"] = verifier }),
        };
        tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":" + secret)));
        var access = (string)JsonNode.Parse(await (await http.SendAsync(tokenRequest, Ct)).Content.ReadAsStringAsync(Ct))!["access_token"]!;
        Assert.Equal(HttpStatusCode.OK, (await ProfileAsync(http, access)).StatusCode);

        // Back at Laurel, only clicks: the header's name link opens the account page, which lists the app; withdraw it.
        await page.GotoAsync(host.BaseUrl + "/");
        await Journey.ClickAsync(page, "header a.user-name");
        var item = page.Locator($"[data-client='{clientId}']");
        await Assertions.Expect(item).ToContainTextAsync("Example Backpack");
        await Journey.ClickAsync(page, $"[data-client='{clientId}'] button");
        await Assertions.Expect(page.Locator("[data-outcome=obapi-revoked]")).ToHaveTextAsync(nl
            ? "Toegang ingetrokken. De app kan je badges en profiel niet meer gebruiken." : "Access withdrawn. The app can no longer use your badges or profile.");
        await Assertions.Expect(item).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ProfileAsync(http, access)).StatusCode);

        // On the same page, "Download my data": the export names the app, when she allowed and withdrew it, and no token.
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = nl ? "Download mijn gegevens" : "Download my data" }).ClickAsync());
        var text = await File.ReadAllTextAsync((await download.PathAsync())!, Ct);
        Assert.DoesNotContain(access, text);
        Assert.DoesNotContain(secret, text);
        var app = JsonNode.Parse(text)!["openBadgesApi"]!["appsAllowed"]!.AsArray().Single(a => (string)a!["clientId"]! == clientId)!;
        Assert.Equal("Example Backpack", (string)app["client"]!);
        Assert.NotNull(app["since"]);
        Assert.NotNull(app["revokedAt"]);
    }

    private static async Task<HttpResponseMessage> ProfileAsync(HttpClient http, string access)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ObRoutes.Profile);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
        return await http.SendAsync(request, Ct);
    }
}

public sealed class ObApiConsentBrowserTestsOnSqlite(WalletSqliteHost host, BrowserSession browser)
    : ObApiConsentBrowserTests(host, browser), IClassFixture<WalletSqliteHost>, IClassFixture<BrowserSession>;
