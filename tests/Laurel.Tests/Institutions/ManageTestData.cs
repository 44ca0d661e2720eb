using System.Net;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Institutions;

/// <summary>Ids of the demo tree and small helpers shared by the staff page tests.</summary>
public sealed record DemoTree(Guid Uu, Guid Tudelft, Guid Science, Guid Informatica, Guid ExtensionFaculty, Guid ExtensionIssuer)
{
    public static async Task<DemoTree> LoadAsync(LaurelHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var uu = await db.Institutions.SingleAsync(i => i.Slug == "uu");
        var tud = await db.Institutions.SingleAsync(i => i.Slug == "tudelft");
        var science = await db.Faculties.SingleAsync(f => f.InstitutionId == uu.Id && f.NameEn == "Faculty of Science");
        var informatica = await db.Issuers.SingleAsync(i => i.FacultyId == science.Id && i.NameNl == "Informatica");
        var extFaculty = await db.Faculties.SingleAsync(f => f.InstitutionId == tud.Id);
        var extIssuer = await db.Issuers.SingleAsync(i => i.FacultyId == extFaculty.Id);
        return new DemoTree(uu.Id, tud.Id, science.Id, informatica.Id, extFaculty.Id, extIssuer.Id);
    }

    /// <summary>Replaces {uu}, {tudelft}, {science}, {informatica}, {extfaculty}, {extissuer} and {unknown} in an address.</summary>
    public string Resolve(string path) => path
        .Replace("{uu}", Uu.ToString()).Replace("{tudelft}", Tudelft.ToString()).Replace("{science}", Science.ToString())
        .Replace("{informatica}", Informatica.ToString()).Replace("{extfaculty}", ExtensionFaculty.ToString())
        .Replace("{extissuer}", ExtensionIssuer.ToString()).Replace("{unknown}", Guid.NewGuid().ToString());
}

public static class ManageTestExtensions
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A client for a persona, or an anonymous one for "anonymous".</summary>
    public static async Task<HttpClient> ClientForAsync(this LaurelHost host, string persona) =>
        persona == "anonymous" ? host.CreateClient() : await host.SignInAsDemoAsync(persona);

    /// <summary>An anti-forgery token valid for this client's current identity (taken from the sign-in page's forms).</summary>
    public static async Task<string> TokenAsync(this HttpClient client, string? page = null)
    {
        var html = await client.GetStringAsync(page ?? "/account/sign-in", Ct);
        return LaurelHost.AntiforgeryToken(html);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, Dictionary<string, string> form, string? tokenPage = null)
    {
        form["__RequestVerificationToken"] = await client.TokenAsync(tokenPage);
        return await client.PostAsync(path, new FormUrlEncodedContent(form), Ct);
    }

    /// <summary>A person who has signed in before (so staff can be added by e-mail or EPPN), without any role.</summary>
    public static async Task<Guid> CreatePersonAsync(this LaurelHost host, string name, string email, string? eppn = null)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var person = TestData.Person(email, name);
        if (eppn is not null)
        {
            var institution = TestData.Identity("surfconext", "test-" + Guid.NewGuid());
            institution.Eppn = eppn;
            person.Identities.Add(institution);
        }
        db.Persons.Add(person);
        await db.SaveChangesAsync(Ct);
        return person.Id;
    }

    public static Task<T> QueryAsync<T>(this LaurelHost host, Func<LaurelDb, Task<T>> query) => host.DbAsync(query);

    public static void AssertRedirectsToSignIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.OriginalString.Replace(response.RequestMessage!.RequestUri!.GetLeftPart(UriPartial.Authority), ""));
    }
}
