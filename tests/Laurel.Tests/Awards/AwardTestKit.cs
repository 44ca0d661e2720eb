using System.Net;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Features.Identity.ApiClients;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Awards;

/// <summary>Fresh definitions and learners per test (awards are once per learner), posting helpers and Laurel's verifier.</summary>
internal static class AwardTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Staff of TU Delft (another institution) who can sign in as demo persona <c>tud-admin</c>.</summary>
    public static Task EnsureOtherInstitutionAdminAsync(this LaurelHost host) => host.DbAsync(async db =>
    {
        if (await db.LinkedIdentities.AnyAsync(i => i.Subject == "tud-admin", Ct)) return 0;
        var tud = await db.Institutions.SingleAsync(i => i.Slug == "tudelft", Ct);
        var person = TestData.Learner("t.delft@tudelft.example", "Tim Delft", provider: SignInModel.DemoProvider, subject: "tud-admin", identityEmail: false);
        db.Persons.Add(person);
        db.StaffMemberships.Add(TestData.InstitutionAdmin(person.Id, tud.Id));
        return await db.SaveChangesAsync(Ct);
    });

    /// <summary>An API client of TU Delft with every scope; returns (client id, secret).</summary>
    public static async Task<(string ClientId, string Secret)> NewOtherInstitutionClientAsync(this LaurelHost host) =>
        (await host.NewApiClientAsync("tudelft", "tud", "TU Delft SIS", ApiScopes.All, fixedName: true), "tud-secret");

    /// <summary>An access token from <c>/oauth/token</c> (client credentials).</summary>
    public static async Task<string> TokenAsync(this LaurelHost host, string clientId, string secret, string? scope = null)
    {
        using var client = host.CreateClient();
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        if (scope is not null) form["scope"] = scope;
        var response = await client.PostAsync("/oauth/token", new FormUrlEncodedContent(form), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["access_token"]!.GetValue<string>();
    }

    public static List<KeyValuePair<string, string>> AwardForm(string learner, string completedOn = "2025-06-20", string grade = "8") =>
    [
        new("Learner", learner), new("CompletedOn", completedOn), new("Grade", grade), new("Narrative", "Strong portfolio."),
        new("EvidenceUrl", "https://uu.example/evidence/1"), new("EvidenceName", "Portfolio"), new("EvidenceDescription", "Three analyses"),
    ];

    /// <summary>Awards through the staff page; returns the new award's id (from the redirect).</summary>
    public static async Task<Guid> AwardThroughPageAsync(this HttpClient staff, Guid achievementId, string learner, string grade = "8")
    {
        var response = await staff.PostFormAsync($"/manage/achievements/{achievementId}/award", AwardForm(learner, grade: grade));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/manage/awards/", location);
        return Guid.Parse(location["/manage/awards/".Length..]);
    }

    /// <summary>Laurel's verifier with Laurel's own keys (LocalIssuerResolver) and the signed status lists it serves.</summary>
    public static Verifier Verifier(this LaurelHost host) => new(new VerifierOptions
    {
        Resolver = host.Services.GetRequiredService<LocalIssuerResolver>(),
        FetchStatusList = async (uri, ct) =>
        {
            var listId = Guid.Parse(uri.AbsolutePath.Split('/').Last());
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<StatusListService>().GetSignedListCredentialAsync(listId, ct);
        },
    });

    /// <summary>
    /// Verifies as an outside verifier would a moment after the change: the status lists the credential names are published
    /// (signed) first. Signing lazily during the verification itself can give the list a validFrom later than the instant
    /// the verifier started at (the library on wt-verify now allows clock skew there); a real verifier fetches an already published list.
    /// </summary>
    public static async Task<VerificationReport> VerifyAsync(this LaurelHost host, string credentialJson, VerificationRequest? request = null)
    {
        var credential = JsonNode.Parse(credentialJson)!.AsObject();
        var entries = credential["credentialStatus"] switch { JsonArray list => list.ToList(), null => [], var one => [one] };
        await using (var scope = host.Services.CreateAsyncScope())
            foreach (var entry in entries)
                await scope.ServiceProvider.GetRequiredService<StatusListService>().GetSignedListCredentialAsync(
                    Guid.Parse(((string)entry!["statusListCredential"]!).Split('/').Last()), Ct);
        return await host.Verifier().VerifyAsync(credentialJson, request, Ct);
    }
}
