using System.Net;

namespace Laurel.Tests.Notifications;

/// <summary>The institution's mail page and its retry action, per role: institution admins of that institution only.</summary>
public abstract class MailPageAuthorizationTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("institution-admin", HttpStatusCode.OK, HttpStatusCode.Redirect)]
    [InlineData("faculty-admin", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData("issuer-admin", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData("awarder", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData("viewer", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData("learner", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData("tud-admin", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData("anonymous", HttpStatusCode.Redirect, HttpStatusCode.Redirect)]
    public async Task Only_institution_admins_see_and_retry_the_institutions_mail(string persona, HttpStatusCode view, HttpStatusCode retry)
    {
        await host.EnsureOtherInstitutionAdminAsync();
        var url = $"/manage/institutions/{await host.UtrechtAsync()}/mail";
        using var client = persona == "anonymous" ? host.CreateClient() : await host.SignInAsDemoAsync(persona);

        var get = await client.GetAsync(url, Ct);
        Assert.Equal(view, get.StatusCode);
        if (persona == "anonymous") Assert.Contains("/account/sign-in", get.Headers.Location!.OriginalString);
        if (view == HttpStatusCode.OK)
        {
            var page = await get.Content.ReadAsStringAsync(Ct);
            Assert.Contains("<h1>E-mail</h1>", page);
            // The default test host has no SMTP server: the page says mail is held.
            Assert.Contains("data-smtp=\"not-configured\"", page);
        }

        var token = LaurelHost.AntiforgeryToken(await client.GetStringAsync("/account/sign-in", Ct));
        var post = await client.PostAsync(url + "?handler=RetryAll",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Ct);
        Assert.Equal(retry, post.StatusCode);
        if (retry == HttpStatusCode.Redirect && persona != "anonymous") Assert.EndsWith(url, post.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_unknown_institution_is_not_found()
    {
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/manage/institutions/{Guid.CreateVersion7()}/mail", Ct)).StatusCode);
    }
}

public sealed class MailPageAuthorizationTestsOnSqlite(SqliteHost host) : MailPageAuthorizationTests(host), IClassFixture<SqliteHost>;

public sealed class MailPageAuthorizationTestsOnPostgres(PostgresHost host) : MailPageAuthorizationTests(host), IClassFixture<PostgresHost>;
