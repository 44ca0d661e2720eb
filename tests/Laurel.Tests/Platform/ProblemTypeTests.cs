using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Laurel.Tests.Completions;

namespace Laurel.Tests.Platform;

/// <summary>Laurel on a fixed loopback port whose <c>PublicBaseUrl</c> is that very address, so absolute links resolve against it.</summary>
public sealed class SelfAddressedHost() : LaurelHost(new TestHostOptions(Db.Sqlite).With(() => new SelfAddressAddOn()))
{
    private sealed class SelfAddressAddOn : HostAddOn
    {
        private readonly string _origin = $"http://127.0.0.1:{TestPorts.Free()}";

        public override void Configure(Dictionary<string, string?> settings)
        {
            settings["Laurel:PublicBaseUrl"] = _origin;
            // A configured Kestrel endpoint replaces the host's --urls with its random port.
            settings["Kestrel:Endpoints:Http:Url"] = _origin;
        }
    }
}

/// <summary>
/// Issue 15: a problem's <c>type</c> is an absolute URL of a real page of Laurel's (<c>/problems/{code}</c>, nl and en) saying what
/// it means and what to do, never a placeholder domain; every problem code used anywhere has its page; an unknown code is a 404.
/// </summary>
public sealed partial class ProblemTypeTests(SelfAddressedHost host) : IClassFixture<SelfAddressedHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string body, string contentType = "application/json") =>
        await client.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType), Ct);

    /// <summary>Every <c>type</c> a problem (or a verification error or warning) carries, anywhere in the answer.</summary>
    private static IEnumerable<string> ProblemTypes(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "type" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Contains(':')
            ? [s] : ProblemTypes(p.Value)),
        JsonArray a => a.SelectMany(ProblemTypes),
        _ => [],
    };

    [Fact]
    public async Task Every_problem_type_the_apis_emit_is_an_absolute_url_of_a_page_that_resolves()
    {
        using var anonymous = host.CreateClient();
        using var api = await host.ApiClientAsync();
        var answers = new List<HttpResponseMessage>
        {
            await PostAsync(anonymous, "/credentials/verify", "{}", "text/plain"),                     // request.unsupported-media-type
            await PostAsync(anonymous, "/credentials/verify", "{\"verifiableCredential\": ["),           // request.malformed-json
            await PostAsync(anonymous, "/credentials/verify", "{}"),                                     // a validation problem
            await PostAsync(anonymous, "/credentials/verify", "{\"verifiableCredential\": {\"a\": 1}}"), // a verification error
            await PostAsync(anonymous, "/presentations/verify",
                "{\"verifiablePresentation\": {\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"type\": [\"VerifiablePresentation\"]}}"),
            await PostAsync(anonymous, "/credentials/status", "{}"),                                     // 401 from the VC-API
            await PostAsync(anonymous, $"/api/v1/issuers/{Guid.NewGuid()}/achievements", "{}"),         // 401 from Laurel's API
            await api.PostCompletionAsync(ResultsTestKit.Completion(Guid.NewGuid(), "nobody@example.org")), // 404 from the results API
        };

        var types = new HashSet<string>();
        foreach (var answer in answers)
        {
            Assert.True((int)answer.StatusCode >= 400, $"{answer.RequestMessage!.RequestUri}: expected a problem, got {(int)answer.StatusCode}");
            types.UnionWith(ProblemTypes(JsonNode.Parse(await answer.Content.ReadAsStringAsync(Ct))));
            answer.Dispose();
        }

        Assert.Contains(types, t => t.EndsWith("/problems/request.unsupported-media-type", StringComparison.Ordinal));
        Assert.Contains(types, t => t.EndsWith("/problems/http.401", StringComparison.Ordinal));
        Assert.Contains(types, t => t.EndsWith("/problems/http.404", StringComparison.Ordinal));
        foreach (var type in types)
        {
            Assert.True(Uri.TryCreate(type, UriKind.Absolute, out var uri), $"{type} is not an absolute URI");
            Assert.StartsWith(host.BaseUrl.TrimEnd('/') + "/problems/", type);
            using var page = await anonymous.GetAsync(uri, Ct);
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{type} answers {(int)page.StatusCode}");
            Assert.Contains(type[(type.LastIndexOf('/') + 1)..], await page.Content.ReadAsStringAsync(Ct));
        }
    }

    [Fact]
    public async Task A_problem_page_says_what_it_means_in_Dutch_and_English()
    {
        using var client = host.CreateClient();
        var dutch = WebUtility.HtmlDecode(await client.GetStringAsync("/problems/status.suspended", Ct));
        Assert.Contains("De uitgever heeft dit credential voorlopig opgeschort.", dutch);
        var english = WebUtility.HtmlDecode(await client.GetStringAsync("/problems/status.suspended?culture=en", Ct));
        Assert.Contains("The issuer has suspended this credential for now.", english);
    }

    [Theory]
    [InlineData("/problems/no.such-code")]
    [InlineData("/problems/PageTitle")]
    [InlineData("/problems/Family_status")]
    public async Task An_unknown_problem_code_is_not_found(string path)
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The codes of the verifier's checks and of Laurel's request problems, as they stand in the source.</summary>
    [GeneratedRegex("\"((?:request|verification|presentation|format|schema|proof|issuer|status|dates|recipient|fetch|verifier|limit)\\.[a-z0-9_-]+)\"")]
    private static partial Regex CheckCode();

    [GeneratedRegex("\\[\"code\"\\]\\s*=\\s*\"([^\"]+)\"")]
    private static partial Regex CodeExtension();

    [Fact]
    public void Every_problem_code_in_the_source_has_a_page()
    {
        var src = Path.Combine(TestPaths.RepositoryRoot, "src");
        var resx = File.ReadAllText(Path.Combine(src, "Laurel", "Features", "ProblemDocs", "ProblemText.resx"));
        // Where problem and check codes are made: the verifier, Laurel's verification endpoints, and the shared HTTP plumbing;
        // elsewhere (audit events such as "issuer.archived") the same shape means something else.
        var folders = new[] { Path.Combine(src, "Laurel.Credentials"), Path.Combine(src, "Laurel", "Features", "Verification"), Path.Combine(src, "Laurel", "Infrastructure") };
        // The VC data model validator (Laurel.Credentials/DataModel) names JSON paths such as "issuer.id", not problem codes.
        var dataModel = Path.Combine(src, "Laurel.Credentials", "DataModel") + Path.DirectorySeparatorChar;
        // The audit trail's list of known actions (Infrastructure/Auditing) names audit events, not problem codes.
        var auditing = Path.Combine(src, "Laurel", "Infrastructure", "Auditing") + Path.DirectorySeparatorChar;
        var codes = folders.SelectMany(f => Directory.EnumerateFiles(f, "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.StartsWith(dataModel, StringComparison.Ordinal) && !file.StartsWith(auditing, StringComparison.Ordinal))
            .SelectMany(file => CheckCode().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .Concat(Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
                .SelectMany(file => CodeExtension().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value)))
            .ToHashSet();
        Assert.NotEmpty(codes);
        Assert.Empty(codes.Where(code => !resx.Contains($"name=\"Code_{code}\"", StringComparison.Ordinal)).Order());
    }
}
