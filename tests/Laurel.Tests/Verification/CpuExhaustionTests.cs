using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Tests.Imports;

namespace Laurel.Tests.Verification;

/// <summary>
/// Issue 12 finding 3 against the real app: the three reported attacks (a 46 KB credential of nested @list lists, a 1.3 MB
/// credential with a 100,000-item array, an SVG of 200,000 nested elements) get a quick 422 naming the exceeded limit on the
/// VC-API and on the /verify page. Before the fix none of them was answered within 120 s.
/// </summary>
public sealed class CpuExhaustionTests(VerifyHost host) : IClassFixture<VerifyHost>
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(10);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task<(HttpStatusCode Status, JsonObject Body, TimeSpan Took)> PostAsync(LaurelHost host, string path, JsonObject body)
    {
        using var client = host.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(60);
        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject(), watch.Elapsed);
    }

    internal static void AssertBudgetProblem(HttpStatusCode status, JsonObject problem, TimeSpan took, string limit)
    {
        Assert.True(took < Quickly, $"took {took.TotalSeconds:F1} s");
        Assert.True(status == HttpStatusCode.UnprocessableEntity, problem.ToJsonString());
        // Laurel's own page for the problem (ProblemTypeTests check that it resolves).
        Assert.EndsWith("/problems/verification.budget-exceeded", problem["type"]!.GetValue<string>());
        Assert.True(Uri.IsWellFormedUriString(problem["type"]!.GetValue<string>(), UriKind.Absolute));
        Assert.Equal("verification.budget-exceeded", problem["code"]!.GetValue<string>());
        Assert.Equal(limit, problem["limit"]!.GetValue<string>());
        Assert.Contains(limit, problem["detail"]!.GetValue<string>());
    }

    public static TheoryData<string, string> Attacks => new()
    {
        { "46 KB of nested lists", "MaxBlankNodes" },
        { "1.3 MB with a 100,000-item array", "MaxArrayLength" },
        { "SVG with 200,000 nested elements", "MaxSvgDepth" },
    };

    /// <summary>The VC-API takes credentials and VC-JWTs, not images (the 1.4 MB SVG escaped into a JSON string is over the 2 MB body limit).</summary>
    public static TheoryData<string, string> CredentialAttacks => new()
    {
        { "46 KB of nested lists", "MaxBlankNodes" },
        { "1.3 MB with a 100,000-item array", "MaxArrayLength" },
    };

    internal static byte[] Attack(string name) => name switch
    {
        "46 KB of nested lists" => Attacks12.NestedLists(),
        "1.3 MB with a 100,000-item array" => Attacks12.HugeArray(),
        _ => Attacks12.DeepSvg(),
    };

    [Theory]
    [MemberData(nameof(CredentialAttacks))]
    public async Task The_VC_API_answers_the_attack_quickly_with_a_422_naming_the_limit(string attack, string limit)
    {
        var credential = JsonNode.Parse(Attack(attack))!;

        var (status, problem, took) = await PostAsync(host, "/credentials/verify", new JsonObject { ["verifiableCredential"] = credential });

        AssertBudgetProblem(status, problem, took, limit);
    }

    [Fact]
    public async Task A_presentation_carrying_the_array_attack_answers_422_naming_the_limit()
    {
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["type"] = new JsonArray("VerifiablePresentation"),
            ["verifiableCredential"] = new JsonArray(JsonNode.Parse(Attacks12.HugeArray())),
        };

        var (status, problem, took) = await PostAsync(host, "/presentations/verify", new JsonObject { ["verifiablePresentation"] = presentation });

        AssertBudgetProblem(status, problem, took, "MaxArrayLength");
    }

    [Fact]
    public async Task A_presentation_of_10000_credentials_answers_422_naming_MaxPresentationCredentials()
    {
        var credentials = new JsonArray();
        for (var i = 0; i < 10_000; i++) credentials.Add(new JsonObject { ["type"] = new JsonArray("VerifiableCredential") });
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["type"] = new JsonArray("VerifiablePresentation"),
            ["verifiableCredential"] = credentials,
        };

        var (status, problem, took) = await PostAsync(host, "/presentations/verify", new JsonObject { ["verifiablePresentation"] = presentation });

        AssertBudgetProblem(status, problem, took, "MaxPresentationCredentials");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_credential_with_1000_proofs_answers_422_naming_MaxProofs(bool chained)
    {
        // 1,000 copies of a real proof, as a set or as a previousProof chain: each would cost a key lookup and a canonicalization.
        var credential = host.Issuer.GenericCredential();
        var proof = credential["proof"]!.AsArray()[0]!;
        var proofs = new JsonArray();
        for (var i = 0; i < 1_000; i++)
        {
            var copy = proof.DeepClone().AsObject();
            copy["id"] = $"urn:proof:{i}";
            if (chained && i > 0) copy["previousProof"] = $"urn:proof:{i - 1}";
            proofs.Add(copy);
        }
        credential["proof"] = proofs;

        var (status, problem, took) = await PostAsync(host, "/credentials/verify", new JsonObject { ["verifiableCredential"] = credential });

        AssertBudgetProblem(status, problem, took, "MaxProofs");
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task The_verify_page_answers_an_uploaded_attack_quickly_with_a_422_that_explains_it(string attack, string limit)
    {
        var watch = Stopwatch.StartNew();
        var (status, html) = await VerifyPageTests.PostFileAsync(host, Attack(attack), attack.StartsWith("SVG") ? "badge.svg" : "badge.json", culture: "en");

        Assert.True(watch.Elapsed < Quickly, $"took {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        html = WebUtility.HtmlDecode(html);
        Assert.Contains("needs more work to check than Laurel allows", html);
        Assert.Contains(limit, html);
    }

    [Fact]
    public async Task The_verify_page_explains_the_refusal_in_Dutch_too()
    {
        var (status, html) = await VerifyPageTests.PostTextAsync(host, Encoding.UTF8.GetString(Attacks12.NestedLists()), culture: "nl");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("kost meer werk dan Laurel per controle toestaat", WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task A_real_credential_still_verifies_under_the_default_limits()
    {
        var (status, body, _) = await PostAsync(host, "/credentials/verify", new JsonObject { ["verifiableCredential"] = host.Issuer.Credential() });

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
    }
}

/// <summary>The operator's settings <c>Laurel:Verification:Limits:*</c>, and the request time cap, against a key server that never answers.</summary>
public sealed class VerificationLimitSettingsTests(SlowIssuerHost host) : IClassFixture<SlowIssuerHost>
{
    [Fact]
    public async Task A_verification_that_outlasts_the_request_cap_answers_422_RequestTimeout_and_stops()
    {
        // The status list lives on a server that never answers; the fetch timeout (5 s) is longer than the cap (1.5 s).
        var credential = host.Issuer.Credential(change: c => c["credentialStatus"]!["statusListCredential"] = host.Hanging.Url("/hang").AbsoluteUri);

        var (status, problem, took) = await CpuExhaustionTests.PostAsync(host, "/credentials/verify", new JsonObject { ["verifiableCredential"] = credential });

        CpuExhaustionTests.AssertBudgetProblem(status, problem, took, "RequestTimeout");
        Assert.True(took < TimeSpan.FromSeconds(4.5), $"took {took.TotalSeconds:F1} s: the cap, not the fetch timeout, ended it");
    }

    [Fact]
    public async Task A_configured_limit_applies_and_is_named()
    {
        var credential = JsonNode.Parse(Attacks12.HugeArray(60))!;

        var (status, problem, took) = await CpuExhaustionTests.PostAsync(host, "/credentials/verify", new JsonObject { ["verifiableCredential"] = credential });

        CpuExhaustionTests.AssertBudgetProblem(status, problem, took, "MaxArrayLength");
        Assert.Contains("(50)", problem["detail"]!.GetValue<string>());
    }
}

/// <summary>A Laurel host with small limits from configuration and a loopback server whose <c>/hang</c> never answers.</summary>
public sealed class SlowIssuerHost : SqliteHost
{
    private OtherIssuer? _issuer;
    private LoopbackServer? _hanging;

    public OtherIssuer Issuer => _issuer ?? throw new InvalidOperationException("Host not started.");
    public LoopbackServer Hanging => _hanging ?? throw new InvalidOperationException("Host not started.");

    protected override void Configure(Dictionary<string, string?> settings)
    {
        _issuer = OtherIssuer.StartAsync().GetAwaiter().GetResult();
        _hanging = LoopbackServer.StartAsync(routes => routes.MapGet("/hang", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromMinutes(2), ct);
            return Microsoft.AspNetCore.Http.Results.Ok();
        })).GetAwaiter().GetResult();
        settings["Laurel:Verification:AllowedFetchHosts"] = _issuer.Server.HostAndPort + "," + _hanging.HostAndPort;
        settings["Laurel:Verification:Limits:RequestTimeout"] = "00:00:01.5";
        settings["Laurel:Verification:Limits:MaxArrayLength"] = "50";
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_issuer is not null) await _issuer.DisposeAsync();
        if (_hanging is not null) await _hanging.DisposeAsync();
        await base.DropDatabaseAsync();
    }
}

/// <summary>Import refuses the deep SVG quickly too (it unbakes before it verifies).</summary>
public sealed class ImportCpuExhaustionTests(ImportSqliteHost host) : IClassFixture<ImportSqliteHost>
{
    [Fact]
    public async Task Importing_an_SVG_with_200000_nested_elements_is_refused_quickly()
    {
        var client = await host.SignInAsDemoAsync("learner");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var watch = Stopwatch.StartNew();

        var response = await client.ImportAsync(Attacks12.DeepSvg(), "badge.svg");

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("The badge was not imported", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
    }
}

/// <summary>The attacks of issue 12 finding 3: credentials with a did:key proof whose signature is wrong, so all the work happens.</summary>
internal static class Attacks12
{
    private const string Did = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

    private static string Credential(string extraContext, string subjectEntries) =>
        $$$"""
        {"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",{{{extraContext}}}],
         "id":"urn:uuid:5b1e2a5e-0000-4000-8000-000000000001","type":["VerifiableCredential","OpenBadgeCredential"],
         "issuer":{"id":"{{{Did}}}","type":["Profile"],"name":"Attacker"},"validFrom":"2024-01-01T00:00:00Z","name":"x",
         "credentialSubject":{"id":"did:example:learner","type":["AchievementSubject"],
           "achievement":{"id":"urn:uuid:5b1e2a5e-0000-4000-8000-000000000002","type":["Achievement"],"name":"x","description":"x","criteria":{"narrative":"x"}}{{{subjectEntries}}}},
         "proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","created":"2024-01-01T00:00:00Z",
           "verificationMethod":"{{{Did}}}#{{{Did["did:key:".Length..]}}}","proofPurpose":"assertionMethod",
           "proofValue":"{{{Laurel.Credentials.Multiformats.Multibase.EncodeBase58Btc(Enumerable.Repeat((byte)7, 64).ToArray())}}}"}}
        """;

    public static byte[] NestedLists(int count = 9_000) =>
        Encoding.UTF8.GetBytes(Credential("""{"l":{"@id":"https://example.org/l","@container":"@list"}}""", ",\"l\":[" + string.Join(",", Enumerable.Repeat("[[]]", count)) + "]"));

    public static byte[] HugeArray(int count = 100_000) =>
        Encoding.UTF8.GetBytes(Credential("""{"tags":{"@id":"https://example.org/tags"}}""",
            ",\"tags\":[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"t{i:D9}\"")) + "]"));

    /// <summary>A relative @id of 600,000 "../" under an inline @base (1.8 MB; quadratic dot-segment removal ran for minutes).</summary>
    public static byte[] DotSegments(int count = 600_000) =>
        Encoding.UTF8.GetBytes(Credential("""{"@base":"https://example.org/a/","@vocab":"https://example.org/"}""",
            ",\"x\":{\"@id\":\"b/" + string.Concat(Enumerable.Repeat("../", count)) + "c\"}"));

    /// <summary>A proofValue of a million base58 digits (quadratic base58 decoding: hours of CPU).</summary>
    public static byte[] LongProofValue(int length = 1_000_000)
    {
        var credential = JsonNode.Parse(NestedLists(1))!;
        credential["proof"]!["proofValue"] = "z" + new string('2', length);
        return Encoding.UTF8.GetBytes(credential.ToJsonString());
    }

    public static byte[] DeepSvg(int depth = 200_000) =>
        Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\">" + string.Concat(Enumerable.Repeat("<g>", depth))
            + string.Concat(Enumerable.Repeat("</g>", depth)) + "</svg>");
}
