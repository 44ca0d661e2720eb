using System.Net;

namespace Laurel.Tests.Platform;

/// <summary>The application starts, migrates, seeds and serves its basic pages on each database.</summary>
public abstract class PlatformTests(LaurelHost host)
{
    [Fact]
    public async Task Health_endpoint_reports_healthy_database()
    {
        using var client = host.CreateClient();
        var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Home_page_is_Dutch_by_default_and_English_on_request()
    {
        using var client = host.CreateClient();
        var nl = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.Contains("<html lang=\"nl\">", nl);
        Assert.Contains("Inloggen", nl);
        var en = await client.GetStringAsync("/?culture=en", TestContext.Current.CancellationToken);
        Assert.Contains("<html lang=\"en\">", en);
        Assert.Contains("Sign in", en);
    }

    [Fact]
    public async Task Every_page_carries_a_content_security_policy_without_inline_script()
    {
        using var client = host.CreateClient();
        var response = await client.GetAsync("/", TestContext.Current.CancellationToken);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Unknown_address_shows_a_not_found_page()
    {
        using var client = host.CreateClient();
        var response = await client.GetAsync("/no/such/page?culture=en", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Migrations_describe_the_whole_model()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Laurel.Infrastructure.Database.LaurelDb>();
        Assert.False(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.HasPendingModelChanges(db.Database),
            "The model has changes without a migration: add one for both providers.");
    }

    [Fact]
    public async Task Demo_persona_can_sign_in_in_development()
    {
        using var client = await host.SignInAsDemoAsync("issuer-admin");
        var home = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.Contains("Iris Jansen", home);
    }
}

public sealed class PlatformTestsOnSqlite(SqliteHost host) : PlatformTests(host), IClassFixture<SqliteHost>;

public sealed class PlatformTestsOnPostgres(PostgresHost host) : PlatformTests(host), IClassFixture<PostgresHost>;
