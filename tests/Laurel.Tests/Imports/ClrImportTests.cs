using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Clr;
using Laurel.Features.Backpack.Imports;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Imports;

/// <summary>
/// Issue 19, CLR 2.0 in the backpack: a learner drops a Comprehensive Learner Record from another institution into the import
/// form; when the record itself verifies, each credential in it is verified and imported on its own, and the page reports
/// every one (imported, already there, refused and why). A record that does not verify imports nothing.
/// </summary>
public abstract class ClrImportTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private ForeignIssuer Foreign => ((IImportHost)host).Foreign;

    private async Task<HttpClient> LearnerAsync()
    {
        var client = await host.SignInAsDemoAsync("learner");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }

    /// <summary>A CLR signed by the foreign issuer, holding <paramref name="components"/> exactly as given.</summary>
    private JsonObject Clr(params JsonObject[] components) => Foreign.Sign(ClrCredentialBuilder.Build(new ClrContent
    {
        Id = "urn:uuid:" + Guid.NewGuid(),
        Name = "Minor Data Science — Comprehensive Learner Record",
        Issuer = new JsonObject { ["id"] = Foreign.Did, ["type"] = new JsonArray("Profile"), ["name"] = ForeignIssuer.Name },
        ValidFrom = DateTimeOffset.UtcNow.AddDays(-1),
        Achievements = [new JsonObject
        {
            ["id"] = "https://badges.example.edu/achievements/minor-data-science", ["type"] = new JsonArray("Achievement"),
            ["name"] = "Minor Data Science", ["description"] = "The minor.", ["criteria"] = new JsonObject { ["narrative"] = "All courses." },
        }],
        Components = components,
    }));

    private JsonObject Named(string name) => Foreign.Credential(change: c =>
    {
        c["credentialSubject"]!["achievement"]!["name"] = name;
        c["credentialSubject"]!["achievement"]!["id"] = "https://badges.example.edu/achievements/" + Guid.NewGuid();
    });

    private static async Task<string> PageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
    }

    private Task<List<ImportedCredential>> ImportsNamedAsync(params string[] names) =>
        host.DbAsync(db => db.ImportedCredentials.AsNoTracking().Where(i => names.Contains(i.AchievementName)).ToListAsync(Ct));

    [Fact]
    public async Task Each_credential_of_a_verified_CLR_is_imported_on_its_own_and_a_second_import_finds_them_there()
    {
        var client = await LearnerAsync();
        var (first, second) = ($"Statistics {Guid.NewGuid():N}", $"Machine Learning {Guid.NewGuid():N}");
        var clr = Clr(Named(first), Named(second)).ToJsonString();

        var html = await PageAsync(await client.ImportAsync(Encoding.UTF8.GetBytes(clr), "minor-clr.json", mediaType: "application/json"));

        Assert.Contains("The credentials in this Comprehensive Learner Record", html);
        var imports = await ImportsNamedAsync(first, second);
        Assert.Equal(2, imports.Count);
        Assert.All(imports, i => Assert.Equal(ImportStatus.Valid, i.Status));
        Assert.All(imports, i => Assert.Equal(Foreign.Did, i.IssuerId));
        foreach (var import in imports)
        {
            Assert.Contains($"href=\"/backpack/imports/{import.Id}\"", html);
            // Stored exactly as the issuer signed it, so it verifies on its own (re-check on view).
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/backpack/imports/{import.Id}", Ct)).StatusCode);
        }
        Assert.Equal(2, html.Split("data-outcome=\"imported\"").Length - 1);

        var again = await PageAsync(await client.ImportAsync(Encoding.UTF8.GetBytes(clr), "minor-clr.json"));
        Assert.Equal(2, again.Split("data-outcome=\"duplicate\"").Length - 1);
        Assert.Contains("Already in your backpack (imported before)", again);
        Assert.Equal(2, (await ImportsNamedAsync(first, second)).Count);
    }

    [Fact]
    public async Task A_bad_credential_inside_a_verified_CLR_is_refused_by_itself_and_the_others_are_imported()
    {
        var (good, forged) = ($"Ethics {Guid.NewGuid():N}", $"Forged {Guid.NewGuid():N}");
        var tampered = Named(forged);
        tampered["credentialSubject"]!["achievement"]!["description"] = "Changed after signing.";
        var clr = Clr(tampered, Named(good));

        var nl = await host.SignInAsDemoAsync("learner");
        nl.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nl");
        var html = await PageAsync(await nl.ImportAsync(Encoding.UTF8.GetBytes(clr.ToJsonString()), "record.json"));

        Assert.Contains("De credentials in dit Comprehensive Learner Record", html);
        Assert.Equal(1, html.Split("data-outcome=\"imported\"").Length - 1);
        Assert.Equal(1, html.Split("data-outcome=\"refused\"").Length - 1);
        Assert.Contains("Niet geïmporteerd", html);
        Assert.Single(await ImportsNamedAsync(good));
        Assert.Empty(await ImportsNamedAsync(forged));
    }

    [Fact]
    public async Task A_CLR_changed_after_signing_imports_nothing_and_says_why()
    {
        var client = await LearnerAsync();
        var name = $"Databases {Guid.NewGuid():N}";
        var clr = Clr(Named(name));
        clr["name"] = "A record nobody issued";
        var before = await host.ImportCountAsync();

        var response = await client.ImportAsync(Encoding.UTF8.GetBytes(clr.ToJsonString()), "record.json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("does not verify, so none of the credentials in it was imported", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(before, await host.ImportCountAsync());
    }

    [Fact]
    public async Task A_CLR_with_more_credentials_than_the_unpacking_budget_imports_nothing_and_names_the_limit()
    {
        var client = await LearnerAsync();
        var name = $"Repeated {Guid.NewGuid():N}";
        var clr = Clr([.. Enumerable.Range(0, ImportService.MaxUnpackedCredentials + 1).Select(_ => Named(name))]);
        var before = await host.ImportCountAsync();

        var response = await client.ImportAsync(Encoding.UTF8.GetBytes(clr.ToJsonString()), "record.json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains($"holds {ImportService.MaxUnpackedCredentials + 1} credentials; the backpack unpacks at most {ImportService.MaxUnpackedCredentials}",
            WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(before, await host.ImportCountAsync());
    }
}

public sealed class ClrImportTestsOnSqlite(ImportSqliteHost host) : ClrImportTests(host), IClassFixture<ImportSqliteHost>;

public sealed class ClrImportTestsOnPostgres(ImportPostgresHost host) : ClrImportTests(host), IClassFixture<ImportPostgresHost>;
