using System.Net;

namespace Laurel.Tests.Imports;

/// <summary>Only the owner sees, downloads or removes an import; anyone else gets 404, also by guessing; anonymous visitors sign in first.</summary>
public abstract class ImportAccessTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private ForeignIssuer Foreign => ((IImportHost)host).Foreign;

    private async Task<Guid> LearnersImportAsync()
    {
        var learner = await host.SignInAsDemoAsync("learner");
        return ImportTestKit.ImportedId(await learner.ImportJsonAsync(Foreign.Credential().ToJsonString()));
    }

    [Fact]
    public async Task Another_signed_in_person_gets_404_for_detail_download_and_remove()
    {
        var id = await LearnersImportAsync();
        var other = await host.SignInAsDemoAsync("viewer");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/backpack/imports/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/backpack/imports/{id}/download", Ct)).StatusCode);

        // A valid anti-forgery token of the other person's own session: the refusal is about ownership, not the token.
        var page = await other.GetStringAsync("/backpack/import", Ct);
        var remove = await other.PostAsync($"/backpack/imports/{id}/remove",
            new FormUrlEncodedContent([new("__RequestVerificationToken", LaurelHost.AntiforgeryToken(page))]), Ct);
        Assert.Equal(HttpStatusCode.NotFound, remove.StatusCode);
        Assert.Equal(id, (await host.ImportedAsync(id)).Id);

        var list = await other.GetStringAsync("/backpack/imports", Ct);
        Assert.DoesNotContain(id.ToString(), list);
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        var learner = await host.SignInAsDemoAsync("learner");
        var unknown = Guid.CreateVersion7();
        Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync($"/backpack/imports/{unknown}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync($"/backpack/imports/{unknown}/download", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("/backpack/import")]
    [InlineData("/backpack/imports")]
    [InlineData("/backpack/imports/{id}")]
    [InlineData("/backpack/imports/{id}/download")]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string path)
    {
        var id = await LearnersImportAsync();
        using var anonymous = host.CreateClient();
        var response = await anonymous.GetAsync(path.Replace("{id}", id.ToString()), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Anonymous_posts_store_nothing()
    {
        using var anonymous = host.CreateClient();
        var before = await host.ImportCountAsync();
        var form = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(Foreign.Credential().ToJsonString())), "file", "badge.json" } };
        var response = await anonymous.PostAsync("/backpack/import", form, Ct);
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, response.StatusCode.ToString());
        Assert.Equal(before, await host.ImportCountAsync());
    }
}

public sealed class ImportAccessTestsOnSqlite(ImportSqliteHost host) : ImportAccessTests(host), IClassFixture<ImportSqliteHost>;

public sealed class ImportAccessTestsOnPostgres(ImportPostgresHost host) : ImportAccessTests(host), IClassFixture<ImportPostgresHost>;
