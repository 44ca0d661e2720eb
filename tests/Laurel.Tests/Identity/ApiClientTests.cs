using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Identity;

/// <summary>OAuth 2.0 client credentials for integrators, the /api/v1 policy and the admin page that manages clients.</summary>
public abstract partial class ApiClientTests(LaurelHost host)
{
    private const string DemoId = "demo-uu-sis";
    private const string DemoSecret = "demo-secret-change-me";
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> TokenAsync(string clientId, string secret, bool basic = false, string? scope = null)
    {
        using var client = host.CreateClient();
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (scope is not null) form["scope"] = scope;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token");
        if (basic)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        else
        {
            form["client_id"] = clientId;
            form["client_secret"] = secret;
        }
        request.Content = new FormUrlEncodedContent(form);
        return await client.SendAsync(request, Ct);
    }

    private async Task<string> AccessTokenAsync(string clientId, string secret)
    {
        var response = await TokenAsync(clientId, secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.Equal(3600, json.GetProperty("expires_in").GetInt32());
        return json.GetProperty("access_token").GetString()!;
    }

    private async Task<HttpResponseMessage> MeAsync(string? token)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Demo_client_gets_a_token_that_shows_its_institution()
    {
        var token = await AccessTokenAsync(DemoId, DemoSecret);
        var me = await MeAsync(token);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var json = await me.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(DemoId, json.GetProperty("clientId").GetString());
        Assert.Equal("uu", json.GetProperty("institution").GetProperty("slug").GetString());
        Assert.Equal("Utrecht University", json.GetProperty("institution").GetProperty("name").GetProperty("en").GetString());
        Assert.Contains("results:write", json.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Http_basic_client_authentication_works_and_scope_can_be_narrowed()
    {
        var response = await TokenAsync(DemoId, DemoSecret, basic: true, scope: "awards:read");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("awards:read", json.GetProperty("scope").GetString());
    }

    [Theory]
    [InlineData(DemoId, "wrong-secret")]
    [InlineData("no-such-client", DemoSecret)]
    [InlineData(DemoId, "")]
    public async Task Bad_credentials_get_invalid_client(string clientId, string secret)
    {
        var response = await TokenAsync(clientId, secret);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("invalid_client", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Other_grant_types_and_unknown_scopes_are_refused_per_rfc_6749()
    {
        using var client = host.CreateClient();
        var response = await client.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = DemoId, ["client_secret"] = DemoSecret,
        }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error").GetString());
        var scoped = await TokenAsync(DemoId, DemoSecret, scope: "admin:everything");
        Assert.Equal(HttpStatusCode.BadRequest, scoped.StatusCode);
        Assert.Equal("invalid_scope", (await scoped.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Api_without_or_with_a_forged_token_answers_401_problem_details()
    {
        foreach (var token in new string?[] { null, "not-a-real-token" })
        {
            var me = await MeAsync(token);
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
            Assert.Equal("application/problem+json", me.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Api_refuses_a_signed_in_browser_session()
    {
        using var client = await host.SignInAsDemoAsync("institution-admin");
        var response = await client.GetAsync("/api/v1/me", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Admin_creates_a_client_sees_the_secret_once_and_revocation_stops_it()
    {
        var uu = await InstitutionIdAsync("uu");
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var page = await admin.GetStringAsync($"/manage/institutions/{uu}/api-clients?culture=en", Ct);
        var created = await admin.PostAsync($"/manage/institutions/{uu}/api-clients?handler=Create&culture=en", new FormUrlEncodedContent(
        [
            new("Name", "Osiris"), new("Scopes", "results:write"), new("Scopes", "awards:read"),
            new("__RequestVerificationToken", LaurelHost.AntiforgeryToken(page)),
        ]), Ct);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var html = await created.Content.ReadAsStringAsync(Ct);
        var clientId = Field().Match(html) is { Success: true } id ? id.Groups[1].Value : throw new Xunit.Sdk.XunitException("no client id shown");
        var secret = Secret().Match(html).Groups[1].Value;
        Assert.NotEmpty(secret);

        var again = await admin.GetStringAsync($"/manage/institutions/{uu}/api-clients", Ct);
        Assert.Contains(clientId, again);
        Assert.DoesNotContain(secret, again);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
            var stored = await db.ApiClients.SingleAsync(c => c.ClientId == clientId, Ct);
            Assert.DoesNotContain(secret, Convert.ToBase64String(stored.SecretHash));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "api-client.created" && a.EntityId == stored.Id, Ct));
        }

        var token = await AccessTokenAsync(clientId, secret);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(token)).StatusCode);

        var internalId = RevokeId(again, clientId);
        var revoked = await admin.PostAsync($"/manage/institutions/{uu}/api-clients?handler=Revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["clientId"] = internalId, ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(again),
        }), Ct);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(clientId, secret)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(token)).StatusCode);
    }

    [Fact]
    public async Task Create_form_reports_every_problem_at_once()
    {
        var uu = await InstitutionIdAsync("uu");
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var page = await admin.GetStringAsync($"/manage/institutions/{uu}/api-clients", Ct);
        var response = await admin.PostAsync($"/manage/institutions/{uu}/api-clients?handler=Create&culture=en", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["Name"] = " ", ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(page) }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("href=\"#Name\">Name: enter a name", html);
        Assert.Contains("href=\"#Scopes\">Permissions: choose at least one scope", html);
        Assert.Contains("aria-describedby=\"Name-hint Name-error\"", html);
    }

    [Fact]
    public async Task Admin_of_another_institution_cannot_see_or_revoke_the_clients()
    {
        var uu = await InstitutionIdAsync("uu");
        var tud = await InstitutionIdAsync("tudelft");
        using var other = await IdentityTestData.SignInAsNewStaffAsync(host, "tud-admin-api", Laurel.Features.Identity.StaffRole.InstitutionAdmin,
            Laurel.Features.Identity.ScopeLevel.Institution, tud, tud);
        var response = await other.GetAsync($"/manage/institutions/{uu}/api-clients", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(DemoId, await response.Content.ReadAsStringAsync(Ct));

        Guid demoClient;
        await using (var scope = host.Services.CreateAsyncScope())
            demoClient = await scope.ServiceProvider.GetRequiredService<LaurelDb>().ApiClients.Where(c => c.ClientId == DemoId).Select(c => c.Id).SingleAsync(Ct);
        var ownPage = await other.GetStringAsync($"/manage/institutions/{tud}/api-clients", Ct);
        Assert.DoesNotContain(DemoId, ownPage);
        var token = LaurelHost.AntiforgeryToken(ownPage);
        foreach (var (institution, expected) in new[] { (uu, HttpStatusCode.Forbidden), (tud, HttpStatusCode.NotFound) })
        {
            var revoke = await other.PostAsync($"/manage/institutions/{institution}/api-clients?handler=Revoke", new FormUrlEncodedContent(
                new Dictionary<string, string> { ["clientId"] = demoClient.ToString(), ["__RequestVerificationToken"] = token }), Ct);
            Assert.Equal(expected, revoke.StatusCode);
        }
        await using (var scope = host.Services.CreateAsyncScope())
            Assert.Null(await scope.ServiceProvider.GetRequiredService<LaurelDb>().ApiClients.Where(c => c.Id == demoClient).Select(c => c.RevokedAt).SingleAsync(Ct));
    }

    private async Task<Guid> InstitutionIdAsync(string slug)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LaurelDb>().Institutions.Where(i => i.Slug == slug).Select(i => i.Id).SingleAsync(Ct);
    }

    private static string RevokeId(string html, string clientId)
    {
        var row = html[html.IndexOf($"data-client-id=\"{clientId}\"", StringComparison.Ordinal)..];
        return Regex.Match(row, "name=\"clientId\" value=\"([^\"]+)\"").Groups[1].Value;
    }

    [GeneratedRegex("data-field=\"client-id\">([^<]+)<")]
    private static partial Regex Field();

    [GeneratedRegex("data-field=\"client-secret\">([^<]+)<")]
    private static partial Regex Secret();
}

public sealed class ApiClientTestsOnSqlite(SqliteHost host) : ApiClientTests(host), IClassFixture<SqliteHost>;

public sealed class ApiClientTestsOnPostgres(PostgresHost host) : ApiClientTests(host), IClassFixture<PostgresHost>;
