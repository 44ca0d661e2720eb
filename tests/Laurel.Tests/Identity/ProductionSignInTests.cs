using System.Net;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Identity;

/// <summary>Laurel as configured in production: a real identity provider, no demo personas, no demo data.</summary>
public sealed class ProductionSqliteHost : SqliteHost
{
    protected override string EnvironmentName => "Production";

    protected override void Configure(Dictionary<string, string?> settings)
    {
        // The provider is never contacted here: only its sign-in link is shown.
        settings["Laurel:Identity:Providers:eduid:Authority"] = "http://127.0.0.1:9/";
        settings["Laurel:Identity:Providers:eduid:ClientId"] = "laurel";
        settings["Laurel:Identity:Providers:eduid:RequireHttpsMetadata"] = "false";
        settings["Laurel:Identity:Providers:eduid:DisplayName:en"] = "eduID";
    }
}

public sealed class ProductionSignInTests(ProductionSqliteHost host) : IClassFixture<ProductionSqliteHost>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_in_page_shows_providers_but_no_demo_personas()
    {
        using var client = host.CreateClient();
        var html = await client.GetStringAsync("/account/sign-in?culture=en", Ct);
        Assert.Contains("Sign in with eduID", html);
        Assert.DoesNotContain("data-persona", html);
        Assert.DoesNotContain("Demo personas", html);
    }

    [Theory]
    [InlineData("learner")]
    [InlineData("institution-admin")]
    public async Task Demo_sign_in_handler_does_not_exist(string persona)
    {
        using var client = host.CreateClient();
        var response = await client.PostAsync("/account/sign-in?handler=Demo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["persona"] = persona,
            ["returnUrl"] = "/",
        }), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("laurel.session")));
    }

    [Fact]
    public async Task Demo_data_is_not_seeded()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        Assert.Equal(0, await db.Persons.CountAsync(Ct));
        Assert.Equal(0, await db.Institutions.CountAsync(Ct));
        Assert.Equal(0, await db.ApiClients.CountAsync(Ct));
    }

    [Fact]
    public async Task Demo_api_client_credentials_do_not_work()
    {
        using var client = host.CreateClient();
        var response = await client.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "demo-uu-sis", ["client_secret"] = "demo-secret-change-me",
        }), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
