using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Institutions;

/// <summary>The institution settings form: every problem at once, in the user's language, and nothing saved.</summary>
public abstract class InstitutionFormTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Dictionary<string, string> ValidForm(string nameNl) => new()
    {
        ["NameNl"] = nameNl, ["NameEn"] = "Utrecht University", ["Identifier"] = "uu.nl", ["Brin"] = "21PD", ["Type"] = "WO",
        ["DefaultLanguage"] = "nl", ["MicroCredentialsEnabled"] = "true", ["StartDate"] = "2023-01-01", ["MinHours"] = "28",
        ["MaxHours"] = "840", ["LinkedInOrganizationId"] = "15096", ["EppnPattern"] = @"^[^@\s]+@(students\.)?uu\.nl$",
    };

    private static Dictionary<string, string> InvalidForm() => new()
    {
        ["NameNl"] = " ", ["NameEn"] = "", ["Identifier"] = "Not a domain", ["Brin"] = "XYZ", ["Type"] = "Bogus",
        ["DefaultLanguage"] = "de", ["StartDate"] = "2999-01-01", ["MinHours"] = "0", ["MaxHours"] = "5000",
        ["LinkedInOrganizationId"] = "linkedin.com/company/uu", ["EppnPattern"] = "([a-z",
    };

    [Fact]
    public async Task Invalid_form_shows_every_error_in_Dutch_by_default_and_saves_nothing()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var client = await host.SignInAsDemoAsync("institution-admin");
        var response = await client.PostFormAsync($"/manage/institutions/{tree.Uu}/edit", InvalidForm());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        string[] expected =
        [
            "Naam (Nederlands) is verplicht.", "Naam (Engels) is verplicht.", "De identificatie moet een domeinnaam",
            "De BRIN-code moet bestaan uit twee cijfers", "Kies een geldige waarde voor Soort instelling.",
            "Kies een geldige waarde voor Standaardtaal.", "De startdatum moet tussen", "Het minimum moet ten minste 1 uur zijn.",
            "Het maximum mag hoogstens 1680 uur zijn.", "Het LinkedIn-organisatie-id bestaat alleen uit cijfers.",
            "Het EPPN-patroon is geen geldige reguliere expressie.",
        ];
        foreach (var message in expected) Assert.Contains(message, html);
        Assert.Contains("Er zijn 11 problemen om op te lossen", html);
        // The summary links to the fields, and each field points at its message.
        Assert.Contains("<a href=\"#MinHours\">", html);
        Assert.Contains("aria-describedby=\"Volume-hint MinHours-error\"", html);
        Assert.Contains("aria-invalid=\"true\"", html);
        // What the user typed is shown again.
        Assert.Contains("value=\"Not a domain\"", html);
        var saved = await host.QueryAsync(db => db.Institutions.AsNoTracking().SingleAsync(i => i.Id == tree.Uu, Ct));
        Assert.Equal("Universiteit Utrecht", saved.NameNl);
        Assert.Equal(840, saved.Volume.MaxHours);
        Assert.False(await host.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "institution.updated" && a.Details!.Contains("Not a domain"), Ct)));
    }

    [Fact]
    public async Task Errors_are_in_English_with_the_culture_query_or_cookie()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var client = await host.SignInAsDemoAsync("institution-admin");
        var byQuery = await client.PostFormAsync($"/manage/institutions/{tree.Uu}/edit?culture=en", InvalidForm());
        var queryHtml = WebUtility.HtmlDecode(await byQuery.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Name (Dutch) is required.", queryHtml);
        Assert.Contains("The maximum may be at most 1680 hours.", queryHtml);
        Assert.Contains("There are 11 problems to fix", queryHtml);

        var switched = await client.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "en", ["returnUrl"] = "/" }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var byCookie = await client.PostFormAsync($"/manage/institutions/{tree.Uu}/edit", InvalidForm());
        var cookieHtml = WebUtility.HtmlDecode(await byCookie.Content.ReadAsStringAsync(Ct));
        Assert.Contains("The EPPN pattern is not a valid regular expression.", cookieHtml);
        Assert.Contains("<html lang=\"en\">", cookieHtml);
    }

    [Fact]
    public async Task Minimum_above_maximum_is_refused()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var client = await host.SignInAsDemoAsync("institution-admin");
        var form = ValidForm("Universiteit Utrecht");
        form["MinHours"] = "900";
        form["MaxHours"] = "84";
        var response = await client.PostFormAsync($"/manage/institutions/{tree.Uu}/edit?culture=en", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("The maximum must not be lower than the minimum.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task Valid_settings_are_saved_audited_and_shown_with_EC()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var client = await host.SignInAsDemoAsync("institution-admin");
        var form = ValidForm("Universiteit Utrecht");
        form["MinHours"] = "56";
        form["MaxHours"] = "1680";
        var response = await client.PostFormAsync($"/manage/institutions/{tree.Uu}/edit", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/manage/institutions/{tree.Uu}?culture=en", Ct));
        Assert.Contains("56–1680 hours (2–60 EC)", page);
        var entry = await host.QueryAsync(db => db.AuditEntries.Where(a => a.InstitutionId == tree.Uu && a.Action == "institution.updated")
            .OrderByDescending(a => a.At).FirstAsync(Ct));
        Assert.Equal("Hans Visser", entry.ActorName);
        Assert.Contains("\"MaxHours\":[840,1680]", entry.Details);
        // Put the demo policy back for the other tests in this class.
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/manage/institutions/{tree.Uu}/edit", ValidForm("Universiteit Utrecht"))).StatusCode);
    }
}

public sealed class InstitutionFormTestsOnSqlite(SqliteHost host) : InstitutionFormTests(host), IClassFixture<SqliteHost>;

public sealed class InstitutionFormTestsOnPostgres(PostgresHost host) : InstitutionFormTests(host), IClassFixture<PostgresHost>;
