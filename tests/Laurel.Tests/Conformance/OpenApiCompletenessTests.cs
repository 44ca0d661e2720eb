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
        ("/health", "liveness/readiness probe for the operator's orchestrator, not an API"),
        ("/culture", "the language switch form of every page (browser, anti-forgery)"),
        ("/account/", "browser sign-in, sign-out, account linking and e-mail confirmation redirects (cookies, no API contract)"),
        ("/badges/", "files and redirects a person follows from the public badge page (image, PDF, baked PNG/SVG, JSON download, LinkedIn)"),
        ("/catalog/", "badge images linked from catalog and badge pages"),
        ("/backpack/", "files of the signed-in learner's pages (QR code, exemption letter)"),
        ("/collections/", "a shared collection's page files (QR code, image)"),
        ("/manage/", "staff page downloads (CSV reports and templates, insights exports, the stored credential) behind a signed-in session"),
        ("/institutions/{slug}/logo", "an image linked from profiles and pages"),
        ("/issuers/{id:guid}/image", "an image linked from profiles and pages"),
        ("/oid4vp/", "OpenID4VP verifier protocol (request objects and direct_post responses of wallets)"),
        ("/ob2/", "Open Badges 2.0 hosted documents, whose format is the OB 2.0 specification's and whose addresses sit inside issued badges"),
        ("/oid4vci/", "OpenID4VCI wallet protocol, described by its own issuer metadata (/.well-known/openid-credential-issuer), used by wallets"),
        ("/.well-known/openid-credential-issuer", "OpenID4VCI issuer metadata (its format is the OpenID4VCI specification's)"),
        ("/presentations/exchanges", "VC-API exchange protocol steps for wallets (VCALM), addressed from an interaction URL"),
        ("/wallet/", "VC-API exchange protocol steps for wallets (VCALM), addressed from an offer"),
        ("/ask/", "the interaction link of a presentation request that a wallet opens"),
        ("/recognition/decisions/", "the signed exemption decision a learner's letter links to"),
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
            if (endpoint.Route.StartsWith("/openapi/", StringComparison.Ordinal) || endpoint.Route == "/health") continue;
            var operation = paths[OpenApiPath(endpoint.Route)]?[endpoint.Method.ToLowerInvariant()];
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
        var stale = Exclusions.Where(x => x.Prefix is not ("/openapi/" or "/health")
            && !excluded.Any(e => e.Route.StartsWith(x.Prefix, StringComparison.Ordinal))).Select(x => x.Prefix).ToList();
        Assert.True(stale.Count == 0, "Exclusions that no longer match an endpoint: " + string.Join(", ", stale));
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
