using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;

namespace Laurel.Tests.Conformance;

/// <summary>
/// Issue 19 "OpenAPI documents every endpoint": every endpoint Laurel maps (the routing <see cref="EndpointDataSource"/>,
/// Razor pages aside) is in <c>/openapi/v1.json</c> with a summary and a 2xx/3xx response that says what it returns — unless
/// it is deliberately left out (<see cref="Exclusions"/>, each with its reason); and the document is valid OpenAPI according to
/// an independent validator (@readme/openapi-parser).
/// </summary>
public sealed class OpenApiCompletenessTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Route prefixes left out of the API document on purpose. Every endpoint under one must also say so itself
    /// (<c>ExcludeFromDescription</c>); an undocumented endpoint that matches none fails the test.
    /// </summary>
    public static readonly IReadOnlyList<(string Prefix, string Reason)> Exclusions =
    [
        ("/openapi/", "the document itself"),
        ("/culture", "the language switch form of every page (browser, anti-forgery)"),
        ("/account/", "browser sign-in, sign-out, account linking and e-mail confirmation redirects (cookies, no API contract)"),
    ];

    private sealed record Mapped(string Method, string Route, bool Excluded);

    private List<Mapped> MappedEndpoints()
    {
        var sources = host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).Distinct();
        var mapped = new List<Mapped>();
        foreach (var endpoint in sources.OfType<RouteEndpoint>())
        {
            // Razor pages are pages, not API operations.
            if (endpoint.Metadata.OfType<PageActionDescriptor>().Any()) continue;
            // MapGroup("/x").MapPost("/") is the route "/x/", which the document lists as "/x".
            var route = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            var excluded = endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"];
            foreach (var method in methods) mapped.Add(new(method, route, excluded));
        }
        return mapped;
    }

    /// <summary>OpenAPI paths drop route constraints: <c>/status/{listId:guid}</c> is <c>/status/{listId}</c>.</summary>
    internal static string OpenApiPath(string route) => Regex.Replace(route, @"\{\*{0,2}([A-Za-z0-9_]+)(:[^}]+)?\??(=[^}]*)?\}", "{$1}");

    [Fact]
    public async Task Every_mapped_endpoint_is_documented_with_a_summary_and_its_responses_or_deliberately_excluded()
    {
        using var client = host.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Ct))!.AsObject();
        var paths = document["paths"]!.AsObject();
        var problems = new List<string>();

        foreach (var endpoint in MappedEndpoints().DistinctBy(e => (e.Method, e.Route)).OrderBy(e => e.Route, StringComparer.Ordinal))
        {
            var exclusion = Exclusions.FirstOrDefault(x => endpoint.Route.StartsWith(x.Prefix, StringComparison.Ordinal));
            if (endpoint.Excluded)
            {
                if (exclusion.Prefix is null) problems.Add($"{endpoint.Method} {endpoint.Route}: excluded from the document without a listed reason");
                continue;
            }
            if (endpoint.Route.StartsWith("/openapi/", StringComparison.Ordinal)) continue;
            // An endpoint without method metadata (the health check) answers every method; probes and people use GET.
            var operation = paths[OpenApiPath(endpoint.Route)]?[endpoint.Method == "ANY" ? "get" : endpoint.Method.ToLowerInvariant()];
            if (operation is null)
            {
                problems.Add($"{endpoint.Method} {endpoint.Route}: missing from /openapi/v1.json");
                continue;
            }
            if (operation["summary"] is not JsonValue summary || string.IsNullOrWhiteSpace(summary.GetValue<string>()))
                problems.Add($"{endpoint.Method} {endpoint.Route}: no summary");
            var responses = operation["responses"] as JsonObject;
            var described = responses?.Any(r => r.Key is ['2' or '3', ..] && (r.Key is "204" or ['3', ..] || r.Value?["content"] is JsonObject { Count: > 0 }
                // A 200 whose protocol says its body is empty (RFC 7009 revocation) says so in its description.
                || r.Value?["description"]?.GetValue<string>().StartsWith("Empty body: ", StringComparison.Ordinal) == true)) == true;
            if (!described) problems.Add($"{endpoint.Method} {endpoint.Route}: no success response with its content type");
        }

        Assert.True(problems.Count == 0, "Endpoints the OpenAPI document does not describe:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Every_exclusion_still_covers_a_mapped_endpoint()
    {
        var excluded = MappedEndpoints().Where(e => e.Excluded).ToList();
        var stale = Exclusions.Where(x => x.Prefix is not "/openapi/"
            && !excluded.Any(e => e.Route.StartsWith(x.Prefix, StringComparison.Ordinal))).Select(x => x.Prefix).ToList();
        Assert.True(stale.Count == 0, "Exclusions that no longer match an endpoint: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Every_path_parameter_is_declared_and_every_operation_says_what_it_answers_when_refused()
    {
        using var client = host.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Ct))!.AsObject();
        var problems = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var names = Regex.Matches(path, @"\{([^}]+)\}").Select(m => m.Groups[1].Value).ToList();
            foreach (var (method, operation) in item!.AsObject())
            {
                var declared = (operation?["parameters"] as JsonArray ?? []).OfType<JsonObject>()
                    .Where(p => p["in"]?.GetValue<string>() == "path").ToList();
                foreach (var name in names)
                    if (!declared.Any(p => p["name"]?.GetValue<string>() == name && p["required"]?.GetValue<bool>() == true))
                        problems.Add($"{method.ToUpperInvariant()} {path}: path parameter {name} not declared as required");
                foreach (var extra in declared.Where(p => !names.Contains(p["name"]!.GetValue<string>())))
                    problems.Add($"{method.ToUpperInvariant()} {path}: declares a path parameter {extra["name"]} the path does not have");
                // Anything that reads an address's id, a body or a session can be refused: the document says how.
                var responses = operation?["responses"] as JsonObject ?? [];
                if ((names.Count > 0 || method is "post" or "put" or "patch" or "delete") && !responses.Any(r => r.Key is ['4' or '5', ..]))
                    problems.Add($"{method.ToUpperInvariant()} {path}: no error response");
                foreach (var (status, response) in responses)
                    if (string.IsNullOrWhiteSpace(response?["description"]?.GetValue<string>()))
                        problems.Add($"{method.ToUpperInvariant()} {path}: response {status} has no description");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Route_constraints_are_dropped_as_the_document_does()
    {
        Assert.Equal("/status/{listId}", OpenApiPath("/status/{listId:guid}"));
        Assert.Equal("/docs/{path}", OpenApiPath("/docs/{**path}"));
        Assert.Equal("/a/{id}/b", OpenApiPath("/a/{id:guid}/b"));
    }

    [Fact]
    public async Task The_document_is_valid_OpenAPI_for_an_independent_validator()
    {
        using var client = host.CreateClient();
        var file = Path.Combine(Path.GetTempPath(), $"laurel-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await client.GetStringAsync("/openapi/v1.json", Ct), Ct);
        try
        {
            var result = await NodeScript.RunAsync("validate-openapi.mjs", [file], ["@readme/openapi-parser"], ct: Ct);
            Assert.True(result["valid"]!.GetValue<bool>(), result.ToJsonString());
            Assert.StartsWith("3.", result["version"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
