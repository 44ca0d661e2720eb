using System.Text.Json.Nodes;
using Laurel.Credentials.Baking;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Verification;
using static Laurel.Credentials.Tests.Verification.VerifierFixtures;

namespace Laurel.Credentials.Tests.Verification;

public sealed class VerifierFixtureTests
{
    /// <summary>The constructed status list is valid until 2025-07-31.</summary>
    private static readonly VerificationRequest WhileListIsValid = new() { Now = new DateTimeOffset(2025, 7, 15, 0, 0, 0, TimeSpan.Zero) };

    private static readonly Verifier DidKeyOnly = new(new VerifierOptions());

    [Fact]
    public async Task Constructed_micro_credential_is_valid_and_names_its_did_key_issuer()
    {
        var report = await DidKeyOnly.VerifyAsync(File.ReadAllBytes(Constructed("ob3-microcredential.eddsa-rdfc-2022.signed.json")), At,
            TestContext.Current.CancellationToken);

        Assert.True(report.Verdict == Verdict.Valid, Describe(report));
        Assert.Equal(CredentialFormat.Ob3DataIntegrity, report.Format);
        Assert.Equal("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", report.IssuerId);
        Assert.Equal("Example University of Applied Sciences", report.IssuerName);
        Assert.Equal(CheckOutcome.Passed, report.Check("issuer")!.Outcome);
        Assert.StartsWith("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#", report.VerificationMethod);
        Assert.NotNull(report.AchievementName);
        // Without a status fetcher the status list entry is reported, not silently passed.
        Assert.Equal(CheckOutcome.NotChecked, report.Check("status")!.Outcome);
        Assert.Equal("status.no_fetcher", report.Check("status")!.Code);
    }

    [Theory]
    [InlineData("ob3-microcredential.baked.png", BakedContainer.Png, CredentialFormat.Ob3DataIntegrity)]
    [InlineData("ob3-microcredential.baked.svg", BakedContainer.Svg, CredentialFormat.Ob3DataIntegrity)]
    [InlineData("ob3-teamwork.vc-jwt.EdDSA.txt", BakedContainer.None, CredentialFormat.Ob3Jwt)]
    [InlineData("ob3-teamwork.vc-jwt.baked.png", BakedContainer.Png, CredentialFormat.Ob3Jwt)]
    [InlineData("ob3-teamwork.vc-jwt.baked.svg", BakedContainer.Svg, CredentialFormat.Ob3Jwt)]
    public async Task Constructed_baked_images_and_vc_jwt_are_valid(string file, BakedContainer container, CredentialFormat format)
    {
        var report = await DidKeyOnly.VerifyAsync(File.ReadAllBytes(Constructed(file)), At, TestContext.Current.CancellationToken);

        Assert.True(report.Verdict == Verdict.Valid, Describe(report));
        Assert.Equal(container, report.Container);
        Assert.Equal(format, report.Format);
        Assert.Equal(CheckOutcome.Passed, report.Check("proof")!.Outcome);
        Assert.Equal(CheckOutcome.Passed, report.Check("issuer")!.Outcome);
        Assert.NotNull(report.Credential);
    }

    [Fact]
    public async Task Vc_jwt_signed_by_another_key_fails_the_proof_check()
    {
        var token = File.ReadAllText(Constructed("ob3-teamwork.vc-jwt.EdDSA.txt")).Trim();
        var parts = token.Split('.');
        var tampered = parts[0] + "." + parts[1] + "." + (parts[2][0] == 'A' ? 'B' : 'A') + parts[2][1..];

        var report = await DidKeyOnly.VerifyAsync(tampered, At, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal(CheckOutcome.Failed, report.Check("proof")!.Outcome);
    }

    [Theory]
    [InlineData("simple.json")]
    [InlineData("complete.json")]
    [InlineData("simple-did-web-method.json")]
    [InlineData("simple-multiple-proofs.json")]
    public async Task OneEdTech_valid_fixtures_with_hosted_keys_are_valid(string file)
    {
        var document = Json(Ob30(file));
        var report = await VerifierFor(document).VerifyAsync(document, At, TestContext.Current.CancellationToken);

        Assert.True(report.Verdict == Verdict.Valid, Describe(report));
        Assert.Equal(CheckOutcome.Passed, report.Check("issuer")!.Outcome);
    }

    [Fact]
    public async Task OneEdTech_did_key_fixture_is_valid_but_warns_that_its_urn_issuer_is_not_bound_to_the_key()
    {
        var report = await DidKeyOnly.VerifyAsync(File.ReadAllBytes(Ob30("simple-did-key-method.json")), At, TestContext.Current.CancellationToken);

        Assert.True(report.Verdict == Verdict.Valid, Describe(report));
        Assert.Equal(CheckOutcome.Warning, report.Check("issuer")!.Outcome);
        Assert.Equal("issuer.unbound_key", report.Check("issuer")!.Code);
    }

    [Fact]
    public async Task Hosted_key_without_a_fetcher_fails_the_proof_with_key_not_found()
    {
        var report = await DidKeyOnly.VerifyAsync(File.ReadAllBytes(Ob30("simple.json")), At, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal("proof.key_not_found", report.Check("proof")!.Code);
        Assert.Equal(CheckOutcome.NotChecked, report.Check("issuer")!.Outcome);
    }

    [Fact]
    public async Task Ob3_specification_signed_credential_is_valid()
    {
        var document = Json(SpecImpl("signed-credential.transcribed.json"));
        var report = await VerifierFor(document).VerifyAsync(document, At, TestContext.Current.CancellationToken);

        Assert.True(report.Verdict == Verdict.Valid, Describe(report));
    }

    [Fact]
    public async Task OneEdTech_baked_json_images_are_valid()
    {
        foreach (var image in new[] { "simple-json.png", "simple-json.svg" })
        {
            var bytes = File.ReadAllBytes(Ob30(image));
            var baked = JsonNode.Parse(BadgeImage.Unbake(bytes)!.Content)!.AsObject();
            var report = await VerifierFor(baked).VerifyAsync(File.ReadAllBytes(Ob30(image)), At, TestContext.Current.CancellationToken);
            Assert.True(report.Verdict == Verdict.Valid, image + ": " + Describe(report));
        }
    }

    /// <summary>Each 1EdTech invalid fixture and the check that must fail for it.</summary>
    public static TheoryData<string, string> InvalidFixtures() => new()
    {
        { "simple-err-context.json", "schema" },
        { "simple-err-credential-subject-achievement-result-description-type.json", "schema" },
        { "simple-err-credential-subject-identifier-type.json", "schema" },
        { "simple-err-credential-subject-profile-type.json", "schema" },
        { "simple-err-credential-subject-result-type.json", "schema" },
        { "simple-err-credential-subject-type.json", "schema" },
        { "simple-err-evidence-type.json", "schema" },
        { "simple-err-expired.json", "dates" },
        { "simple-err-issued.json", "dates" },
        { "simple-err-issuer-otheridentifier-type.json", "schema" },
        { "simple-err-issuer-parentorg-type.json", "schema" },
        { "simple-err-issuer-type.json", "schema" },
        { "simple-err-issuer.json", "schema" },
        { "simple-err-proof-method-no-scheme.json", "proof" },
        { "simple-err-proof-method-unknown-did-method.json", "proof" },
        { "simple-err-proof-method-unknown-scheme.json", "proof" },
        { "simple-err-proof-method.json", "proof" },
        { "simple-err-proof-value.json", "proof" },
        { "simple-err-type.json", "schema" },
    };

    [Fact]
    public void The_invalid_fixture_table_covers_every_simple_err_file()
    {
        var onDisk = Directory.GetFiles(Path.GetDirectoryName(Ob30("simple.json"))!, "simple-err-*.json").Select(Path.GetFileName).Order();
        var inTable = InvalidFixtures().Select(row => row.Data.Item1).Order();
        Assert.Equal(onDisk, inTable);
    }

    [Theory]
    [MemberData(nameof(InvalidFixtures))]
    public async Task OneEdTech_invalid_fixtures_fail_the_named_check(string file, string failingCheck)
    {
        var document = Json(Ob30(file));
        var report = await VerifierFor(document).VerifyAsync(File.ReadAllBytes(Ob30(file)), At, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.True(report.Check(failingCheck)?.Outcome == CheckOutcome.Failed, Describe(report));
    }

    [Fact]
    public async Task OneEdTech_revoked_fixture_is_invalid_with_status_revoked()
    {
        var document = Json(Ob30("bit-string-list/credential-status-revoked.json"));
        var listPath = Ob30("bit-string-list/testlist");
        var served = new List<Uri>();
        var verifier = new Verifier(new VerifierOptions
        {
            Resolver = new DidVerificationMethodResolver(ControllerDocumentsFor(document, Json(listPath))),
            FetchStatusList = (url, _) =>
            {
                served.Add(url);
                return Task.FromResult<JsonObject?>(Json(listPath));
            },
        });

        var report = await verifier.VerifyAsync(document, At, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, report.Verdict);
        var status = report.Check("status")!;
        Assert.True(status.Outcome == CheckOutcome.Failed, Describe(report));
        Assert.True(status.Code == "status.revoked", Describe(report));
        Assert.Equal("revoked", report.StatusReason);
        Assert.Equal((string)document["credentialStatus"]!["statusListCredential"]!, Assert.Single(served).AbsoluteUri);
        Assert.Equal(CheckOutcome.Passed, report.Check("proof")!.Outcome);
    }

    [Fact]
    public async Task Constructed_micro_credential_is_revoked_by_the_constructed_signed_status_list()
    {
        var list = Json(Constructed("bitstring-status-list.signed.json"));
        var verifier = new Verifier(new VerifierOptions { FetchStatusList = (_, _) => Task.FromResult<JsonObject?>(list.DeepClone().AsObject()) });

        var report = await verifier.VerifyAsync(File.ReadAllBytes(Constructed("ob3-microcredential.eddsa-rdfc-2022.signed.json")), WhileListIsValid,
            TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.True(report.Check("status")!.Code == "status.revoked", Describe(report));
        Assert.Equal("revoked", report.StatusReason);
    }

    [Fact]
    public async Task A_status_list_whose_own_proof_is_broken_fails_the_status_check()
    {
        var list = Json(Constructed("bitstring-status-list.signed.json"));
        list["validFrom"] = "2020-01-01T00:00:00Z";
        var verifier = new Verifier(new VerifierOptions { FetchStatusList = (_, _) => Task.FromResult<JsonObject?>(list) });

        var report = await verifier.VerifyAsync(File.ReadAllBytes(Constructed("ob3-microcredential.eddsa-rdfc-2022.signed.json")), WhileListIsValid,
            TestContext.Current.CancellationToken);

        Assert.Equal("status.list_proof_invalid", report.Check("status")!.Code);
        Assert.Null(report.StatusReason);
    }
}
