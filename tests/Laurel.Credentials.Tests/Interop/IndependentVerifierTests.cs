using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Tests.Interop;

/// <summary>
/// Laurel's eddsa-rdfc-2022 proofs checked by independent implementations (digitalbazaar's vc 7.3.0 stack and the
/// DCC's verifier-core), and digitalbazaar's proofs checked by Laurel, on the OB 3.0 micro-credential fixture.
/// </summary>
public sealed class IndependentVerifierTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("laurel-interop-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string UnsignedFixture => SharedData.SpecFile("testvectors", "constructed", "ob3-microcredential.unsigned.json");

    /// <summary>Signs the fixture with a fresh did:key that is also the issuer (so issuer and key controller match).</summary>
    private static JsonObject SignWithLaurel()
    {
        using var key = Ed25519Key.Generate();
        var did = DidKey.FromPublicKey(key.PublicKeyBytes);
        var credential = JsonNode.Parse(File.ReadAllText(UnsignedFixture))!.AsObject();
        credential["issuer"]!.AsObject()["id"] = did;
        return DataIntegrityProofs.AddProof(credential, Cryptosuite.EddsaRdfc2022, key,
            new ProofOptions { VerificationMethod = DidKey.VerificationMethodId(did), Created = DateTimeOffset.UtcNow });
    }

    private string Write(string name, JsonNode document)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private static JsonObject Tampered(JsonObject signed)
    {
        var copy = (JsonObject)signed.DeepClone();
        copy["credentialSubject"]!["achievement"]!["name"] = "Micro-credential: Rocket Science";
        return copy;
    }

    [Fact]
    public async Task Digitalbazaar_verifies_a_credential_signed_by_Laurel()
    {
        var path = Write("laurel-signed.json", SignWithLaurel());
        var (exit, output, stderr) = await NodeScripts.RunAsync("verify.mjs", path);
        Assert.True(output["verified"]!.GetValue<bool>(), $"digitalbazaar rejected Laurel's proof: {output["errors"]?.ToJsonString()} {stderr}");
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task Digitalbazaar_rejects_a_Laurel_credential_altered_after_signing()
    {
        var path = Write("laurel-tampered.json", Tampered(SignWithLaurel()));
        var (exit, output, _) = await NodeScripts.RunAsync("verify.mjs", path);
        Assert.False(output["verified"]!.GetValue<bool>());
        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task Verifier_core_accepts_the_signature_of_a_credential_signed_by_Laurel()
    {
        var path = Write("laurel-signed.json", SignWithLaurel());
        var (_, output, stderr) = await NodeScripts.RunAsync("verify-dcc.mjs", path);
        Assert.True(output["verified"]!.GetValue<bool>(), $"verifier-core rejected Laurel's proof: {output.ToJsonString()} {stderr}");
    }

    [Fact]
    public async Task Verifier_core_rejects_a_Laurel_credential_altered_after_signing()
    {
        var path = Write("laurel-tampered.json", Tampered(SignWithLaurel()));
        var (_, output, _) = await NodeScripts.RunAsync("verify-dcc.mjs", path);
        Assert.False(output["verified"]!.GetValue<bool>());
        Assert.Contains("invalid_signature", output["errors"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Laurel_verifies_a_credential_signed_by_digitalbazaar()
    {
        var output = Path.Combine(_dir, "digitalbazaar-signed.json");
        var (exit, signer, stderr) = await NodeScripts.RunAsync("sign.mjs", UnsignedFixture, output);
        Assert.True(exit == 0, $"sign.mjs failed: {stderr}");
        var signed = JsonNode.Parse(File.ReadAllText(output))!.AsObject();
        Assert.Equal(signer["verificationMethod"]!.GetValue<string>(), signed["proof"]!["verificationMethod"]!.GetValue<string>());

        var result = await DataIntegrityProofs.VerifyAsync(signed, new DidVerificationMethodResolver(), ct: TestContext.Current.CancellationToken);

        Assert.True(result.Verified, result.Error);
        Assert.Equal("eddsa-rdfc-2022", result.Proofs.Single().Cryptosuite);
    }

    [Fact]
    public async Task Laurel_rejects_a_digitalbazaar_credential_altered_after_signing()
    {
        var output = Path.Combine(_dir, "digitalbazaar-signed.json");
        var (exit, _, stderr) = await NodeScripts.RunAsync("sign.mjs", UnsignedFixture, output);
        Assert.True(exit == 0, $"sign.mjs failed: {stderr}");
        var tampered = Tampered(JsonNode.Parse(File.ReadAllText(output))!.AsObject());

        var result = await DataIntegrityProofs.VerifyAsync(tampered, new DidVerificationMethodResolver(), ct: TestContext.Current.CancellationToken);

        Assert.False(result.Verified);
    }
}
