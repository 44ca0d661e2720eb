using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Issuing;
using Laurel.Tests.Pathways;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Standards;

/// <summary>A learner who completed the demo pathway (Data Literacy + Responsible AI → a completion achievement), for the CLR tests.</summary>
internal sealed record CompletedPathway(Guid LearnerId, string Email, string Persona, Guid Pathway, Guid Completion, Guid DataLiteracy, Guid ResponsibleAi);

internal static class ClrTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The demo pathway ("Data &amp; AI for professionals": the two demo micro-credentials of UU's Computing Science, at least two
    /// items) with a completion achievement, and a learner who receives both items through the real award service; the completion
    /// award then arrives by itself (award event → pathway evaluation), as in production.
    /// </summary>
    public static async Task<CompletedPathway> CompleteDemoPathwayAsync(this LaurelHost host)
    {
        var dataLiteracy = await LatestAsync(host, "Data Literacy for Professionals");
        var responsibleAi = await LatestAsync(host, "Responsible AI in Practice");
        var completion = await host.NewCompletionAchievementAsync();
        var pathway = await host.NewPathwayAsync([dataLiteracy, responsibleAi], minItems: 2, completion: completion);
        var learner = await host.NewSignInLearnerAsync();
        var first = await AwardAsync(host, dataLiteracy, learner.Id, learner.Email, "8");
        var second = await AwardAsync(host, responsibleAi, learner.Id, learner.Email, "7,5");
        await host.AwardEventsProcessedAsync();
        var award = Assert.Single(await host.AwardsOfAsync(learner.Id, completion));
        Assert.Equal(AwardState.Issued, award.State);
        return new CompletedPathway(learner.Id, learner.Email, learner.Persona, pathway, award.Id, first, second);
    }

    private static Task<Guid> LatestAsync(LaurelHost host, string name) => host.DbAsync(db =>
        db.Achievements.Where(a => a.Name == name).OrderByDescending(a => a.Version).Select(a => a.Id).FirstAsync(Ct));

    /// <summary>An award through the policy and the award service, as the demo data does (the seeder holds no staff right).</summary>
    public static async Task<Guid> AwardAsync(LaurelHost host, Guid achievementId, Guid learnerId, string email, string grade)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var request = new AwardRequest
        {
            AchievementId = achievementId, RecipientPersonId = learnerId, RecipientIdentity = email, RecipientIdentityType = RecipientTypes.EmailAddress,
            CompletedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)), Grade = grade, InitialStudent = false, Client = "test",
        };
        var actor = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "clr test")], "test"));
        var verdict = await scope.ServiceProvider.GetRequiredService<AwardPolicy>().CheckAsync(actor, request, Ct);
        var problems = verdict.Errors.Where(e => e.Key != AwardPolicy.RightKey).SelectMany(e => e.Value).ToList();
        Assert.True(problems.Count == 0 && verdict.Achievement is not null, string.Join("; ", problems));
        var outcome = await scope.ServiceProvider.GetRequiredService<AwardService>().StoreAsync(actor, request, verdict.Achievement!, verdict.Recipient, Ct);
        return outcome!.Award!.Id;
    }

    /// <summary>GET the CLR download; returns the response (caller disposes) and its body.</summary>
    public static async Task<(HttpResponseMessage Response, string Body)> GetClrAsync(this HttpClient client, Guid awardId)
    {
        var response = await client.GetAsync($"/badges/{awardId}/clr.json", Ct);
        return (response, await response.Content.ReadAsStringAsync(Ct));
    }

    public static MediaTypeHeaderValue? ContentType(this HttpResponseMessage response) => response.Content.Headers.ContentType;

    /// <summary>Every check that did not pass, of the report and its components, for assertion messages.</summary>
    public static string Describe(Laurel.Credentials.Verification.VerificationReport report) =>
        string.Join(" | ", report.Checks.Where(c => c.Outcome != Laurel.Credentials.Verification.CheckOutcome.Passed).Select(c => $"{c.Id} {c.Outcome} {c.Code}: {c.Detail}")
            .Concat(report.Components.Select((c, i) => $"component {i + 1}: {c.Verdict} [{Describe(c)}]")));

    public static JsonArray Components(JsonNode clr) => clr["credentialSubject"]!["verifiableCredential"]!.AsArray();
}
