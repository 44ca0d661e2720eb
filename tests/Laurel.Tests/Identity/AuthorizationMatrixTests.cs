using System.Net;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Identity;

/// <summary>Runs every row of <see cref="AuthorizationMatrix"/> against the real application.</summary>
public abstract class AuthorizationMatrixTests(LaurelHost host)
{
    public static TheoryData<string, string, string, Outcome> Rows()
    {
        var data = new TheoryData<string, string, string, Outcome>();
        foreach (var row in AuthorizationMatrix.Rows) data.Add(row.Method, row.PathTemplate, row.Persona, row.Expected);
        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Server_decides_per_role_and_level(string method, string pathTemplate, string persona, Outcome expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = persona == AuthorizationMatrix.Anonymous ? host.CreateClient() : await host.SignInAsDemoAsync(persona);
        var path = await ResolveAsync(pathTemplate);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            // A valid anti-forgery token for this user, so that only authorization can refuse the request.
            var token = LaurelHost.AntiforgeryToken(await client.GetStringAsync("/account/sign-in", ct));
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Name"] = "Matrix client", ["Scopes"] = "awards:read", ["__RequestVerificationToken"] = token,
            });
        }
        var response = await client.SendAsync(request, ct);

        var actual = response.StatusCode switch
        {
            HttpStatusCode.OK => Outcome.Allowed,
            HttpStatusCode.Forbidden => Outcome.Forbidden,
            HttpStatusCode.Unauthorized => Outcome.Unauthorized,
            HttpStatusCode.NotFound => Outcome.NotFound,
            HttpStatusCode.Redirect when response.Headers.Location?.OriginalString.Contains("/account/sign-in") == true => Outcome.SignIn,
            var other => throw new Xunit.Sdk.XunitException($"{method} {path} as {persona}: unexpected {(int)other} {response.Headers.Location}"),
        };
        Assert.Equal(expected, actual);
    }

    private async Task<string> ResolveAsync(string template)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var ct = TestContext.Current.CancellationToken;
        var path = template;
        if (path.Contains("{uu}")) path = path.Replace("{uu}", (await db.Institutions.SingleAsync(i => i.Slug == "uu", ct)).Id.ToString());
        if (path.Contains("{tudelft}")) path = path.Replace("{tudelft}", (await db.Institutions.SingleAsync(i => i.Slug == "tudelft", ct)).Id.ToString());
        if (path.Contains("{science}")) path = path.Replace("{science}", (await db.Faculties.SingleAsync(f => f.NameEn == "Faculty of Science", ct)).Id.ToString());
        if (path.Contains("{informatica}")) path = path.Replace("{informatica}", (await db.Issuers.SingleAsync(i => i.NameNl == "Informatica", ct)).Id.ToString());
        return path.Replace("{unknown}", Guid.CreateVersion7().ToString());
    }
}

public sealed class AuthorizationMatrixTestsOnSqlite(SqliteHost host) : AuthorizationMatrixTests(host), IClassFixture<SqliteHost>;

public sealed class AuthorizationMatrixTestsOnPostgres(PostgresHost host) : AuthorizationMatrixTests(host), IClassFixture<PostgresHost>;
