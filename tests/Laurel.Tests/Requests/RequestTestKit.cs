using System.Net;
using Laurel.Features.Awards.Requests;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Requests;

/// <summary>Requests made through the catalog page or put straight into the database for learners who cannot sign in.</summary>
internal static class RequestTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The demo learner (Lotte de Vries) requests the achievement from its catalog page; returns the request id.</summary>
    public static async Task<Guid> RequestThroughCatalogAsync(this LaurelHost host, HttpClient learner, Guid achievementId,
        string motivation = "I passed the portfolio in June.", string evidenceUrl = "https://portfolio.example/lotte")
    {
        var response = await learner.PostFormAsync($"/catalog/{achievementId}/request",
            [new("motivation", motivation), new("evidenceUrl", evidenceUrl)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/backpack/requests", response.Headers.Location!.ToString());
        return await host.DbAsync(db => db.BadgeRequests.Where(r => r.AchievementId == achievementId && r.Person!.Email == "lotte@example.org")
            .Select(r => r.Id).SingleAsync(Ct));
    }

    /// <summary>An open request of another (fresh) learner, stored directly.</summary>
    public static async Task<Guid> StoredRequestAsync(this LaurelHost host, Guid achievementId, Guid personId) =>
        await host.DbAsync(async db =>
        {
            var a = await db.Achievements.SingleAsync(x => x.Id == achievementId, Ct);
            var request = new BadgeRequest
            {
                Id = Guid.CreateVersion7(), AchievementId = achievementId, InstitutionId = a.InstitutionId, PersonId = personId,
                Motivation = "Please", State = BadgeRequestState.Open, CreatedAt = DateTime.UtcNow,
            };
            db.BadgeRequests.Add(request);
            await db.SaveChangesAsync(Ct);
            return request.Id;
        });

    public static Task<BadgeRequest> RequestAsync(this LaurelHost host, Guid id) =>
        host.DbAsync(db => db.BadgeRequests.AsNoTracking().SingleAsync(r => r.Id == id, Ct));

    public static Task<HttpResponseMessage> ApproveAsync(this HttpClient staff, IEnumerable<Guid> ids, IDictionary<Guid, string>? grades = null,
        string completedOn = "2025-06-20", string page = "/manage/requests") =>
        staff.PostFormAsync(page,
        [
            .. ids.Select(id => new KeyValuePair<string, string>("ids", id.ToString())),
            .. (grades ?? new Dictionary<Guid, string>()).Select(g => new KeyValuePair<string, string>($"grade-{g.Key}", g.Value)),
            new("completedOn", completedOn),
        ], handler: "Approve");
}
