using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Laurel.Features.Demo;

namespace Laurel.Tests.Completions;

/// <summary>API clients with tokens, completion bodies and posting helpers for the results API.</summary>
internal static class ResultsTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<HttpClient> ApiClientAsync(this LaurelHost host, string clientId = DemoData.DemoApiClientId,
        string secret = DemoData.DemoApiClientSecret)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await host.TokenAsync(clientId, secret));
        return client;
    }

    /// <summary>A new client of Utrecht University with the given scopes; returns its client id (secret "uu-secret").</summary>
    public static Task<string> NewUuClientAsync(this LaurelHost host, params string[] scopes) => host.NewApiClientAsync("uu", "uu", "UU LMS", scopes);

    public static JsonObject Completion(Guid achievementId, string email, string completedOn = "2025-06-20", string grade = "8") => new()
    {
        ["learner"] = new JsonObject { ["type"] = "email", ["id"] = email },
        ["achievementId"] = achievementId.ToString(),
        ["completedOn"] = completedOn,
        ["grade"] = grade,
        ["evidence"] = new JsonArray(new JsonObject { ["url"] = "https://lms.uu.example/results/42", ["name"] = "Final exam" }),
    };

    public static async Task<HttpResponseMessage> PostCompletionAsync(this HttpClient client, JsonNode body, string? idempotencyKey = null,
        string path = "/api/v1/completions")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request, Ct);
    }

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
}
