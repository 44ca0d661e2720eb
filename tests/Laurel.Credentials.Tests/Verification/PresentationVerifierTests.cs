using System.Diagnostics;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.DataModel;
using Laurel.Credentials.Dids;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Tests.DataIntegrity;
using Laurel.Credentials.Verification;

namespace Laurel.Credentials.Tests.Verification;

/// <summary>
/// Issue 15: presentations (VC 2.0 §4.13) — zero credentials (DID authentication), the holder's key, the challenge and domain
/// of the presentation proof (DI-2.4), every presented credential verified generically, and the credential-count budget.
/// </summary>
public sealed class PresentationVerifierTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly JsonLdOptions Examples = new() { DocumentLoader = ShippedContexts.WithExamples };

    private static Verifier Verifier() => new(new VerifierOptions { JsonLd = Examples });

    private static string Did(Ed25519Key key) => DidKey.FromPublicKey(key.PublicKeyBytes);

    private static JsonObject Presentation(string? holder, params JsonNode[] credentials)
    {
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["type"] = new JsonArray("VerifiablePresentation"),
        };
        if (holder is not null) presentation["holder"] = holder;
        if (credentials.Length > 0) presentation["verifiableCredential"] = new JsonArray(credentials);
        return presentation;
    }

    private static JsonObject SignAsHolder(JsonObject presentation, Ed25519Key key, string? challenge, string? domain) =>
        DataIntegrityProofs.AddProof(presentation, Cryptosuite.EddsaRdfc2022, key, new ProofOptions
        {
            VerificationMethod = DidKey.VerificationMethodId(Did(key)), ProofPurpose = "authentication", Created = Now.AddMinutes(-1),
            Challenge = challenge, Domain = domain,
        }, Examples);

    private static JsonObject Credential(Ed25519Key issuer)
    {
        var credential = Vectors.Json(Vectors.Eddsa("unsigned.json"));
        credential["issuer"] = Did(issuer);
        return DataIntegrityProofs.AddProof(credential, Cryptosuite.EddsaRdfc2022, issuer, new ProofOptions
        {
            VerificationMethod = DidKey.VerificationMethodId(Did(issuer)), Created = Now.AddDays(-1),
        }, Examples);
    }

    private static string Describe(PresentationReport report) =>
        report.Verdict + ": " + string.Join("; ", report.Checks.Select(c => $"{c.Id}={c.Outcome}({c.Code}: {c.Detail})"));

    [Fact]
    public async Task A_signed_presentation_without_credentials_proves_its_holder_for_the_given_challenge_and_domain()
    {
        using var holder = Vectors.ProofSetKey(2);
        var signed = SignAsHolder(Presentation(Did(holder)), holder, "c-123", "verifier.example");

        var report = await Verifier().VerifyPresentationAsync(signed, new PresentationRequest { Challenge = "c-123", Domain = "verifier.example", Now = Now }, Ct);
        var replayed = await Verifier().VerifyPresentationAsync(signed, new PresentationRequest { Challenge = "c-999", Domain = "verifier.example", Now = Now }, Ct);
        var elsewhere = await Verifier().VerifyPresentationAsync(signed, new PresentationRequest { Challenge = "c-123", Domain = "other.example", Now = Now }, Ct);

        Assert.True(report.Verdict == Verdict.Valid, Describe(report));
        Assert.Equal("holder.key_matches", report.Check("holder")!.Code);
        Assert.Equal("credentials.none", report.Check("credentials")!.Code);
        Assert.Empty(report.Credentials);
        Assert.Equal("proof.challenge_mismatch", replayed.Check("proof")!.Code);
        Assert.Equal(Verdict.Invalid, replayed.Verdict);
        Assert.Equal("proof.domain_mismatch", elsewhere.Check("proof")!.Code);
    }

    [Fact]
    public async Task A_presentation_signed_with_a_key_the_holder_does_not_control_fails_the_holder_check()
    {
        using var holder = Vectors.ProofSetKey(2);
        using var someoneElse = Vectors.ProofSetKey(3);
        var signed = SignAsHolder(Presentation(Did(holder)), someoneElse, "c", null);

        var report = await Verifier().VerifyPresentationAsync(signed, new PresentationRequest { Challenge = "c", Now = Now }, Ct);

        Assert.Equal(CheckOutcome.Passed, report.Check("proof")!.Outcome);
        Assert.Equal("holder.key_mismatch", report.Check("holder")!.Code);
        Assert.Equal(Verdict.Invalid, report.Verdict);
    }

    [Fact]
    public async Task Every_presented_credential_is_verified_generically_and_one_bad_credential_fails_the_presentation()
    {
        using var issuer = Vectors.ProofSetKey(1);
        using var holder = Vectors.ProofSetKey(2);
        var tampered = Credential(issuer);
        tampered["credentialSubject"]!["alumniOf"] = "Another School";
        var good = SignAsHolder(Presentation(Did(holder), Credential(issuer), Credential(issuer)), holder, "c", null);
        var bad = SignAsHolder(Presentation(Did(holder), Credential(issuer), tampered), holder, "c", null);
        var request = new PresentationRequest { Challenge = "c", Now = Now };

        var goodReport = await Verifier().VerifyPresentationAsync(good, request, Ct);
        var badReport = await Verifier().VerifyPresentationAsync(bad, request, Ct);

        Assert.True(goodReport.Verdict == Verdict.Valid, Describe(goodReport));
        Assert.All(goodReport.Credentials, c => Assert.Equal(CredentialFormat.VcDataIntegrity, c.Format));
        Assert.Equal(Verdict.Invalid, badReport.Verdict);
        Assert.Equal("credentials.invalid", badReport.Check("credentials")!.Code);
        Assert.Equal([Verdict.Valid, Verdict.Invalid], badReport.Credentials.Select(c => c.Verdict));
    }

    [Fact]
    public async Task A_holder_object_with_an_id_is_a_holder_and_an_unsigned_presentation_only_claims_it()
    {
        using var issuer = Vectors.ProofSetKey(1);
        var unsigned = Presentation(null, Credential(issuer));
        unsigned["holder"] = new JsonObject { ["id"] = Did(issuer) };

        var report = await Verifier().VerifyPresentationAsync(unsigned, new PresentationRequest { Now = Now }, Ct);
        var challenged = await Verifier().VerifyPresentationAsync(unsigned, new PresentationRequest { Challenge = "c", Now = Now }, Ct);

        Assert.True(report.Verdict == Verdict.Valid, Describe(report));
        Assert.Equal("proof.presentation_unsigned", report.Check("proof")!.Code);
        Assert.Equal("holder.unproven", report.Check("holder")!.Code);
        Assert.Equal(Did(issuer), report.HolderId);
        Assert.Equal("proof.missing", challenged.Check("proof")!.Code);
        Assert.Equal(Verdict.Invalid, challenged.Verdict);
    }

    [Fact]
    public async Task Structure_problems_of_a_presentation_are_named_all_at_once()
    {
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/examples/v2", "https://www.w3.org/ns/credentials/v2"),
            ["type"] = new JsonArray("CredentialManagerPresentation"),
            ["holder"] = new JsonObject { ["name"] = "Acme" },
            ["verifiableCredential"] = new JsonArray("a credential as a string", 42),
        };

        var problems = VcDataModel.ValidatePresentation(presentation);
        var report = await Verifier().VerifyPresentationAsync(presentation, new PresentationRequest { Now = Now }, Ct);

        Assert.Equal(["@context[0]", "type", "holder.id", "verifiableCredential[0]", "verifiableCredential[1]"], problems.Select(p => p.Path));
        Assert.Equal("schema.vp_invalid", report.Check("schema")!.Code);
        Assert.Equal(Verdict.Invalid, report.Verdict);
    }

    [Fact]
    public void A_presentation_with_a_JSON_string_credential_or_a_bad_holder_URL_is_refused_by_the_data_model()
    {
        var stringCredential = Presentation("did:example:holder");
        stringCredential["verifiableCredential"] = "{\"type\":[\"VerifiableCredential\"]}";
        var badHolder = Presentation("z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj");
        var enveloped = Presentation(null, new JsonObject
        {
            ["@context"] = "https://www.w3.org/ns/credentials/v2",
            ["id"] = "data:application/vc+jwt,eyJ0eXAiOiJ2Yy",
            ["type"] = "EnvelopedVerifiableCredential",
        });

        Assert.Equal("verifiableCredential", Assert.Single(VcDataModel.ValidatePresentation(stringCredential)).Path);
        Assert.Equal("holder", Assert.Single(VcDataModel.ValidatePresentation(badHolder)).Path);
        Assert.Empty(VcDataModel.ValidatePresentation(enveloped));
    }

    [Fact]
    public async Task A_presentation_of_10000_credentials_is_refused_quickly_naming_MaxPresentationCredentials()
    {
        var many = new JsonArray();
        for (var i = 0; i < 10_000; i++) many.Add(new JsonObject { ["type"] = new JsonArray("VerifiableCredential") });
        var presentation = Presentation(null);
        presentation["verifiableCredential"] = many;
        var verified = 0;
        var watch = Stopwatch.StartNew();

        var report = await Verifier().VerifyPresentationAsync(presentation, new PresentationRequest { Now = Now }, (_, _) =>
        {
            verified++;
            return Task.FromResult(new VerificationReport { Checks = [] });
        }, Ct);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal("MaxPresentationCredentials", report.ExceededLimit);
        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal(0, verified);
    }
}
