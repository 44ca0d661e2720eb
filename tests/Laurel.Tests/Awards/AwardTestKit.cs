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
using Laurel.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Awards;

/// <summary>Fresh definitions and learners per test (awards are once per learner), posting helpers and Laurel's verifier.</summary>
internal static class AwardTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<T> DbAsync<T>(this LaurelHost host, Func<LaurelDb, Task<T>> work)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LaurelDb>());
    }

    /// <summary>A new published definition of the demo issuer "Computing Science" (UU) or "TU Delft Extension School".</summary>
    public static Task<Guid> NewAchievementAsync(this LaurelHost host, AchievementKind kind = AchievementKind.MicroCredential,
        bool gradeRequired = true, string issuerNameEn = "Computing Science", AchievementStatus status = AchievementStatus.Published) =>
        host.DbAsync(async db =>
        {
            var issuer = await db.Issuers.Include(i => i.Faculty).SingleAsync(i => i.NameEn == issuerNameEn, Ct);
            var id = Guid.CreateVersion7();
            var mc = kind == AchievementKind.MicroCredential;
            db.Achievements.Add(new Achievement
            {
                Id = id, LineageId = id, IssuerId = issuer.Id, InstitutionId = issuer.Faculty!.InstitutionId, Kind = kind, Status = status,
                Name = "Test micro-credential " + id.ToString("N")[..6], Description = "Interpret and visualise data.", Language = "nl",
                CriteriaMarkdown = "Pass the **portfolio**.", LearningOutcomes = "- Clean a data set\n- Explain a chart",
                EqfLevel = 6, NlqfLevel = 6, StudyLoadUnit = StudyLoadUnit.Ec, StudyLoad = 5m,
                ParticipationForms = mc ? [ParticipationForm.Online] : [], AssessmentTypes = [AssessmentType.Portfolio],
                Supervision = mc ? AssessmentSupervision.OnsiteWithIdentityCheck : null, IdentityChecked = mc,
                QualityAssuranceName = "Kwaliteitskader microcredentials HO", QualityAssuranceUrl = "https://npuls.nl/pilot-microcredentials/",
                Stackable = true, GradeRequired = gradeRequired, Tags = ["data"], ProgrammeIdentifiers = ["50032"],
                ValidForDays = mc ? null : 365, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                PublishedAt = status == AchievementStatus.Published ? DateTime.UtcNow : null,
            });
            await db.SaveChangesAsync(Ct);
            return id;
        });

    /// <summary>A learner who has signed in before (e-mail and eduID subject); returns (person id, e-mail, eduID subject).</summary>
    public static Task<(Guid Id, string Email, string Subject)> NewLearnerAsync(this LaurelHost host, string? language = null) =>
        host.DbAsync(async db =>
        {
            var key = Guid.NewGuid().ToString("N")[..8];
            var person = new Person
            {
                Id = Guid.CreateVersion7(), DisplayName = "Learner " + key, GivenName = "Lea", EmailVerification = Laurel.Features.Identity.EmailVerification.Provider, Email = $"learner-{key}@example.org",
                Language = language, CreatedAt = DateTime.UtcNow,
            };
            person.Identities.Add(new LinkedIdentity { Id = Guid.CreateVersion7(), Provider = "eduid", Subject = "eduid-" + key, EmailVerification = Laurel.Features.Identity.EmailVerification.Provider, Email = person.Email, LinkedAt = DateTime.UtcNow });
            db.Persons.Add(person);
            await db.SaveChangesAsync(Ct);
            return (person.Id, person.Email, "eduid-" + key);
        });

    /// <summary>Staff of TU Delft (another institution) who can sign in as demo persona <c>tud-admin</c>.</summary>
    public static Task EnsureOtherInstitutionAdminAsync(this LaurelHost host) => host.DbAsync(async db =>
    {
        if (await db.LinkedIdentities.AnyAsync(i => i.Subject == "tud-admin", Ct)) return 0;
        var tud = await db.Institutions.SingleAsync(i => i.Slug == "tudelft", Ct);
        var person = new Person { Id = Guid.CreateVersion7(), DisplayName = "Tim Delft", EmailVerification = Laurel.Features.Identity.EmailVerification.Provider, Email = "t.delft@tudelft.example", CreatedAt = DateTime.UtcNow };
        person.Identities.Add(new LinkedIdentity { Id = Guid.CreateVersion7(), Provider = Laurel.Features.Identity.SignInModel.DemoProvider, Subject = "tud-admin", LinkedAt = DateTime.UtcNow });
        db.Persons.Add(person);
        db.StaffMemberships.Add(new StaffMembership
        {
            Id = Guid.CreateVersion7(), PersonId = person.Id, Role = StaffRole.InstitutionAdmin, Level = ScopeLevel.Institution,
            ScopeId = tud.Id, InstitutionId = tud.Id, CreatedAt = DateTime.UtcNow, AcceptedAt = DateTime.UtcNow,
        });
        return await db.SaveChangesAsync(Ct);
    });

    /// <summary>An API client of TU Delft with every scope; returns (client id, secret).</summary>
    public static Task<(string ClientId, string Secret)> NewOtherInstitutionClientAsync(this LaurelHost host) => host.DbAsync(async db =>
    {
        var tud = await db.Institutions.SingleAsync(i => i.Slug == "tudelft", Ct);
        var clientId = "tud-" + Guid.NewGuid().ToString("N")[..8];
        db.ApiClients.Add(new ApiClient
        {
            Id = Guid.CreateVersion7(), InstitutionId = tud.Id, Name = "TU Delft SIS", ClientId = clientId,
            SecretHash = ApiClientSecrets.Hash("tud-secret"), Scopes = [.. ApiScopes.All], CreatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync(Ct);
        return (clientId, "tud-secret");
    });

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

    /// <summary>Posts a form after fetching its page for the anti-forgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, IEnumerable<KeyValuePair<string, string>> fields, string? handler = null)
    {
        var get = await client.GetAsync(pageUrl, Ct);
        if (!get.IsSuccessStatusCode) throw new InvalidOperationException($"GET {pageUrl}: {(int)get.StatusCode}");
        var page = await get.Content.ReadAsStringAsync(Ct);
        var content = new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", LaurelHost.AntiforgeryToken(page))]);
        var url = handler is null ? pageUrl : pageUrl + (pageUrl.Contains('?') ? "&" : "?") + "handler=" + handler;
        return await client.PostAsync(url, content, Ct);
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

    public static Task<Award> AwardAsync(this LaurelHost host, Guid awardId) =>
        host.DbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.Id == awardId, Ct));

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
