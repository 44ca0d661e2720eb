using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.OpenBadges;
using Laurel.Credentials.Tests.Jwt;
using Laurel.Credentials.Verification;
using static Laurel.Credentials.Tests.Verification.VerifierFixtures;

namespace Laurel.Credentials.Tests.Verification;

public sealed class VerifierRobustnessTests
{
    private static readonly VerificationRequest WhileListIsValid = new() { Now = new DateTimeOffset(2025, 7, 15, 0, 0, 0, TimeSpan.Zero) };

    private static byte[] MicroCredential() => File.ReadAllBytes(Constructed("ob3-microcredential.eddsa-rdfc-2022.signed.json"));

    public static TheoryData<string, string> BadInputs() => new()
    {
        { "empty", "format.empty" },
        { "random bytes", "format.unrecognized" },
        { "truncated JSON", "format.invalid_json" },
        { "JSON array", "format.not_an_object" },
        { "JSON object that is no credential", "format.not_a_credential" },
        { "1000 nested arrays in an object", "format.invalid_json" },
        { "200 nested objects", "format.invalid_json" },
        { "PNG signature then garbage", "format.bad_image" },
        { "SVG without a badge", "format.not_baked" },
        { "broken SVG", "format.bad_image" },
        { "SVG entity expansion bomb", "format.bad_image" },
    };

    private static byte[] Input(string name) => name switch
    {
        "empty" => [],
        "random bytes" => Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray(),
        "truncated JSON" => MicroCredential()[..500],
        "JSON array" => "[1,2,3]"u8.ToArray(),
        "JSON object that is no credential" => """{"hello":"world"}"""u8.ToArray(),
        "1000 nested arrays in an object" => Encoding.UTF8.GetBytes("{\"a\":" + new string('[', 1000) + new string(']', 1000) + "}"),
        "200 nested objects" => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)),
        "PNG signature then garbage" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        "SVG without a badge" => """<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>"""u8.ToArray(),
        "broken SVG" => """<svg xmlns="http://www.w3.org/2000/svg"><rect"""u8.ToArray(),
        "SVG entity expansion bomb" => Encoding.UTF8.GetBytes("""<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]><svg xmlns="http://www.w3.org/2000/svg">&h;</svg>"""),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Unusable_input_gives_an_invalid_report_with_a_failed_format_check(string name, string code)
    {
        var report = await new Verifier().VerifyAsync(Input(name), null, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal(CredentialFormat.Unknown, report.Format);
        var format = Assert.Single(report.Checks);
        Assert.Equal(CheckOutcome.Failed, format.Outcome);
        Assert.True(format.Code == code, Describe(report));
    }

    [Fact]
    public async Task Ten_megabyte_input_is_refused_before_parsing()
    {
        var huge = new byte[10 * 1024 * 1024];
        huge[0] = (byte)'{';

        var report = await new Verifier().VerifyAsync(huge, null, TestContext.Current.CancellationToken);

        Assert.Equal("format.too_large", Assert.Single(report.Checks).Code);
        Assert.Equal(Verdict.Invalid, report.Verdict);
    }

    [Theory]
    [InlineData("proof", "42")]
    [InlineData("proof", "[1, \"x\", null]")]
    [InlineData("issuer", "[1, 2]")]
    [InlineData("credentialSubject", "\"nobody\"")]
    [InlineData("@context", "5")]
    [InlineData("@context", "[\"https://www.w3.org/ns/credentials/v2\", \"https://unknown.example/context.json\"]")]
    [InlineData("validFrom", "{\"year\": 2025}")]
    [InlineData("credentialStatus", "\"revoked?\"")]
    [InlineData("type", "{}")]
    public async Task Wrong_types_and_unknown_contexts_make_the_credential_invalid_without_throwing(string property, string json)
    {
        var credential = JsonNode.Parse(MicroCredential())!.AsObject();
        credential[property] = JsonNode.Parse(json);

        var report = await new Verifier().VerifyAsync(credential, WhileListIsValid, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Contains(report.Checks, c => c.Outcome == CheckOutcome.Failed && c.Id != "format");
    }

    [Theory]
    [InlineData("garbage", "proof.jwt_malformed")]
    [InlineData("e30.e30.", "proof.jwt_header")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJ9.AAAA", "proof.jwt_malformed")]
    public async Task Malformed_vc_jwts_fail_the_proof_check(string token, string code)
    {
        var report = await new Verifier().VerifyAsync(token == "garbage" ? "abc.def.ghi" : token, null, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.True(report.Check("proof")?.Code == code, Describe(report));
    }

    public static TheoryData<string> FailingFetches() => ["throws", "returns null", "never answers", "answers after cancellation"];

    [Theory]
    [MemberData(nameof(FailingFetches))]
    public async Task A_status_list_that_cannot_be_fetched_fails_the_status_check(string behaviour)
    {
        Func<Uri, CancellationToken, Task<JsonObject?>> fetch = behaviour switch
        {
            "throws" => (_, _) => throw new HttpRequestException("connection refused"),
            "returns null" => (_, _) => Task.FromResult<JsonObject?>(null),
            "never answers" => (_, _) => new TaskCompletionSource<JsonObject?>().Task,
            _ => async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return null; }
            ,
        };
        var verifier = new Verifier(new VerifierOptions { FetchStatusList = fetch, FetchTimeout = TimeSpan.FromMilliseconds(200) });

        var report = await verifier.VerifyAsync(MicroCredential(), WhileListIsValid, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.True(report.Check("status")!.Code == "status.unavailable", Describe(report));
        Assert.Equal(CheckOutcome.Passed, report.Check("proof")!.Outcome);
    }

    [Fact]
    public async Task A_signed_status_list_that_inflates_beyond_the_limit_fails_the_status_check()
    {
        var list = JsonNode.Parse(File.ReadAllText(Constructed("bitstring-status-list.signed.json")))!.AsObject();
        list.Remove("proof");
        list["credentialSubject"]!["encodedList"] = "u" + Base64Url(Gzip(new byte[64 * 1024 * 1024]));
        var signed = DataIntegrityProofs.AddProof(list, Cryptosuite.EddsaRdfc2022, W3cTestKey.PrivateKey(),
            new ProofOptions { VerificationMethod = W3cTestKey.KeyId, Created = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero) });
        var verifier = new Verifier(new VerifierOptions { FetchStatusList = (_, _) => Task.FromResult<JsonObject?>(signed) });

        var report = await verifier.VerifyAsync(MicroCredential(), WhileListIsValid, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.True(report.Check("status")!.Code == "status.list_error", Describe(report));
    }

    [Fact]
    public async Task A_list_with_another_id_cannot_vouch_that_an_entry_is_not_revoked()
    {
        // The 1EdTech revoked fixture's list (id https://example.com/credentials/status/3) is served at another URL;
        // bit 23 is set, bit 24 is not: only the revocation may be taken from such a list.
        var credential = Json(Ob30("bit-string-list/credential-status-revoked.json"));
        credential["credentialStatus"]!["statusListIndex"] = 24;
        credential.Remove("proof");
        var list = Json(Ob30("bit-string-list/testlist"));
        var verifier = new Verifier(new VerifierOptions
        {
            Resolver = new DidVerificationMethodResolver(ControllerDocumentsFor(list)),
            FetchStatusList = (_, _) => Task.FromResult<JsonObject?>(list),
        });

        var report = await verifier.VerifyAsync(credential, At, TestContext.Current.CancellationToken);

        Assert.True(report.Check("status")!.Code == "status.list_error", Describe(report));
    }

    [Fact]
    public async Task Ob2_hosted_assertion_reports_format_and_shape_and_leaves_hosting_unchecked_without_a_fetcher()
    {
        var path = SharedData.SpecFile("testvectors", "official", "1edtech-validator", "ob20", "basic-assertion.json");

        var report = await new Verifier().VerifyAsync(File.ReadAllBytes(path), At, TestContext.Current.CancellationToken);

        Assert.Equal(CredentialFormat.Ob2Assertion, report.Format);
        Assert.Equal(CheckOutcome.Passed, report.Check("schema")!.Outcome);
        Assert.Equal("proof.hosted_not_fetched", report.Check("proof")!.Code);
        Assert.Equal(Verdict.Indeterminate, report.Verdict);
    }

    [Fact]
    public async Task Ob2_hosted_assertion_verifies_when_the_issuer_serves_it_unchanged()
    {
        var path = SharedData.SpecFile("testvectors", "official", "1edtech-validator", "ob20", "basic-assertion.json");
        var served = Json(path);
        var verifier = new Verifier(new VerifierOptions { FetchHostedAssertion = (_, _) => Task.FromResult<JsonObject?>(served) });

        var same = await verifier.VerifyAsync(File.ReadAllBytes(path), At, TestContext.Current.CancellationToken);
        var changed = Json(path);
        changed["issuedOn"] = "2017-03-04T05:06:07Z";
        var different = await verifier.VerifyAsync(changed, At, TestContext.Current.CancellationToken);

        Assert.Equal("proof.hosted_match", same.Check("proof")!.Code);
        Assert.Equal("proof.hosted_mismatch", different.Check("proof")!.Code);
        Assert.Equal(Verdict.Invalid, different.Verdict);
    }

    [Fact]
    public async Task Recipient_is_matched_by_hashed_email_and_rejected_for_another_address()
    {
        var unsigned = Json(Constructed("ob3-microcredential.unsigned.json"));
        unsigned.Remove("credentialStatus");
        var identity = IdentityHash.CreateHashed("Student@Example.edu", salt: "pepper");
        unsigned["credentialSubject"]!["identifier"] = new JsonArray(OpenBadgeJson.ToJsonObject(identity));
        var signed = DataIntegrityProofs.AddProof(unsigned, Cryptosuite.EddsaRdfc2022, W3cTestKey.PrivateKey(),
            new ProofOptions { VerificationMethod = W3cTestKey.KeyId, ProofAsArray = true });

        var match = await new Verifier().VerifyAsync(signed, At with { RecipientIdentity = "student@example.edu" }, TestContext.Current.CancellationToken);
        var other = await new Verifier().VerifyAsync(signed, At with { RecipientIdentity = "someone@example.edu" }, TestContext.Current.CancellationToken);

        Assert.True(match.Verdict == Verdict.Valid, Describe(match));
        Assert.Equal(CheckOutcome.Passed, match.Check("recipient")!.Outcome);
        Assert.Equal(Verdict.Invalid, other.Verdict);
        Assert.Equal("recipient.mismatch", other.Check("recipient")!.Code);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_the_one_thing_that_throws()
    {
        using var cts = new CancellationTokenSource();
        var verifier = new Verifier(new VerifierOptions
        {
            FetchStatusList = async (_, ct) => { await cts.CancelAsync(); ct.ThrowIfCancellationRequested(); return null; },
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => verifier.VerifyAsync(MicroCredential(), WhileListIsValid, cts.Token));
    }

    [Fact]
    public async Task Text_overload_reads_credential_json_and_vc_jwt_alike()
    {
        var json = await new Verifier().VerifyAsync(File.ReadAllText(Constructed("ob3-microcredential.eddsa-rdfc-2022.signed.json")), At,
            TestContext.Current.CancellationToken);
        var jwt = await new Verifier().VerifyAsync(File.ReadAllText(Constructed("ob3-teamwork.vc-jwt.EdDSA.txt")), At, TestContext.Current.CancellationToken);

        Assert.Equal((CredentialFormat.Ob3DataIntegrity, Verdict.Valid), (json.Format, json.Verdict));
        Assert.Equal((CredentialFormat.Ob3Jwt, Verdict.Valid), (jwt.Format, jwt.Verdict));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
