using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Features.Recognition;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Recognition.Applications;

/// <summary>
/// A fresh applicant per test (a demo-provider account, so the test signs in as them) with real signed awards from UU and TU Delft
/// (through the award policy and service, as the demo data makes them), and the apply pages driven as a browser posts them.
/// </summary>
public static partial class ApplicantKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public const string DataLiteracy = "Data Literacy for Professionals";
    public const string Solar = "Solar Energy Systems";

    public static async Task<(Guid PersonId, HttpClient Client)> NewApplicantAsync(this LaurelHost host)
    {
        var key = TestData.Key();
        var person = await host.AddPersonAsync(TestData.Learner($"applicant-{key}@example.org", "Applicant " + key, provider: SignInModel.DemoProvider,
            subject: "applicant-" + key));
        return (person.Id, await host.SignInAsDemoAsync("applicant-" + key));
    }

    /// <summary>An issued award of a demo micro-credential (UU or TU Delft) to the person, signed with the institution's did:web key.</summary>
    public static async Task<Guid> AwardToAsync(this LaurelHost host, Guid personId, string achievementName)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var person = await db.Persons.SingleAsync(p => p.Id == personId, Ct);
        var achievementId = await db.Achievements.Where(a => a.Name == achievementName).Select(a => a.Id).FirstAsync(Ct);
        var request = new AwardRequest
        {
            AchievementId = achievementId, RecipientPersonId = personId, RecipientIdentity = person.Email, RecipientIdentityType = RecipientTypes.EmailAddress,
            CompletedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)), Grade = "8", InitialStudent = false, Client = "test",
        };
        var actor = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "test")], "test"));
        var verdict = await scope.ServiceProvider.GetRequiredService<Laurel.Features.Awards.Issuing.AwardPolicy>().CheckAsync(actor, request, Ct);
        var outcome = await scope.ServiceProvider.GetRequiredService<AwardService>().StoreAsync(actor, request, verdict.Achievement!, verdict.Recipient, Ct);
        Assert.True(outcome is { Succeeded: true }, string.Join("; ", verdict.Errors.SelectMany(e => e.Value)));
        return outcome!.Award!.Id;
    }

    public static Task<Guid> CourseIdAsync(this LaurelHost host, string code) =>
        host.DbAsync(db => db.Set<RecognitionCourse>().Where(c => c.Code == code).Select(c => c.Id).SingleAsync(Ct));

    public static Task<ExemptionApplication> ApplicationAsync(this LaurelHost host, Guid id) =>
        host.DbAsync(db => db.Set<ExemptionApplication>().AsNoTracking().Include(a => a.Badges).Include(a => a.Items).AsSplitQuery().SingleAsync(a => a.Id == id, Ct));

    /// <summary>Chooses the institution on the apply page; returns the new draft's id (from the redirect).</summary>
    public static async Task<Guid> StartAsync(this HttpClient client, Guid institutionId)
    {
        var response = await client.PostFormAsync(RecognitionRoutes.Apply, [new("InstitutionId", institutionId.ToString())], handler: "Start");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(RecognitionRoutes.Apply + "?id=", location);
        return Guid.Parse(location[(RecognitionRoutes.Apply + "?id=").Length..]);
    }

    public static string DraftUrl(Guid id) => $"{RecognitionRoutes.Apply}?id={id}";

    /// <summary>The apply form's fields: badge keys, course ids and the motivation.</summary>
    public static List<KeyValuePair<string, string>> Form(IEnumerable<string> badges, IEnumerable<Guid> courses, string motivation = "") =>
        [.. badges.Select(b => new KeyValuePair<string, string>("Badges", b)), .. courses.Select(c => new KeyValuePair<string, string>("Courses", c.ToString())),
            new("Motivation", motivation)];

    public static Task<HttpResponseMessage> PostDraftAsync(this HttpClient client, Guid id, string handler, List<KeyValuePair<string, string>> fields) =>
        client.PostFormAsync(DraftUrl(id), fields, handler: handler);

    /// <summary>The error summary's messages (field id, text) of a page.</summary>
    public static List<(string Field, string Message)> Errors(string html) =>
        [.. ErrorPattern().Matches(html).Select(m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value)))];

    [GeneratedRegex("<li><a href=\"#([^\"]+)\">([^<]+)</a></li>")]
    private static partial Regex ErrorPattern();
}
