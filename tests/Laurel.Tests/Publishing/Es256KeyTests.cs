using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Jwt;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Wallets;
using Laurel.Infrastructure;
using static Laurel.Tests.Publishing.PublishingTestKit;

namespace Laurel.Tests.Publishing;

/// <summary>
/// ES256 (P-256) institution keys beside the Ed25519 ones: one kid that resolves both through
/// <c>/.well-known/jwt-vc-issuer/oid4vci/{slug}</c> and in did.json, rotation of both algorithms, ES256 VC-JWTs verified by Laurel.
/// </summary>
public abstract class Es256KeyTests(LaurelHost host)
{
    private string Origin => host.Services.GetRequiredService<Laurel.Infrastructure.Web.PublicOrigin>().Root;

    private async Task<(JwsKey Key, string KeyId)> ActiveEs256Async(Guid institutionId) =>
        await InScopeAsync(host, sp => sp.GetRequiredService<IInstitutionEs256Keys>().ActiveAsync(institutionId, Ct));

    private static string SignedWith(JwsKey key, string kid) =>
        CompactJws.Sign(new JsonObject { ["kid"] = kid, ["typ"] = "dc+sd-jwt" }, Encoding.UTF8.GetBytes("{\"iss\":\"x\"}"), key);

    [Fact]
    public async Task The_ES256_kid_resolves_in_jwt_vc_issuer_metadata_and_in_did_json_to_the_same_key()
    {
        var uu = await InstitutionIdAsync(host, "uu");
        var did = await InstitutionDidAsync(host, uu);
        var (key, kid) = await ActiveEs256Async(uu);
        Assert.Equal("ES256", key.Algorithm);
        Assert.StartsWith("zDn", kid);
        var token = SignedWith(key, kid);
        using var client = host.CreateClient();

        // SD-JWT VC §5: the issuer's metadata, its jwks key found by kid.
        var response = await client.GetAsync("/.well-known/jwt-vc-issuer/oid4vci/uu", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var metadata = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        Assert.Equal(Origin + WalletRoutes.IssuerPath("uu"), (string?)metadata["issuer"]);
        var jwk = Assert.Single(metadata["jwks"]!["keys"]!.AsArray(), k => (string?)k!["kid"] == kid)!.AsObject();
        Assert.Equal("ES256", (string?)jwk["alg"]);
        Assert.Equal("sig", (string?)jwk["use"]);
        Assert.Equal("P-256", (string?)jwk["crv"]);
        Assert.False(jwk.ContainsKey("d"));
        var bare = new JsonObject { ["kty"] = jwk["kty"]!.DeepClone(), ["crv"] = jwk["crv"]!.DeepClone(), ["x"] = jwk["x"]!.DeepClone(), ["y"] = jwk["y"]!.DeepClone() };
        using (var published = JwsKey.FromPublicJwk(bare)) Assert.True(CompactJws.Parse(token).Verify(published.Key));

        // did.json: the same key as {DID}#{kid}, a P-256 Multikey under assertionMethod, beside the Ed25519 key.
        await InScopeAsync(host, sp => sp.GetRequiredService<IssuerKeys>().GetActiveAsync(uu, Ct));
        var resolver = new DidVerificationMethodResolver((url, ct) => client.GetStringAsync(url.PathAndQuery, ct), requiredRelationship: "assertionMethod");
        var method = await resolver.ResolveAsync(did + "#" + kid, Ct);
        Assert.NotNull(method?.P256PublicKey);
        Assert.True(CompactJws.Parse(token).Verify(new Es256JwsKey(method.P256PublicKey)));
        var document = JsonNode.Parse(await client.GetStringAsync("/institutions/uu/did.json", Ct))!;
        var multibases = document["verificationMethod"]!.AsArray().Select(m => (string)m!["publicKeyMultibase"]!).ToList();
        Assert.Contains(multibases, m => m.StartsWith("z6Mk", StringComparison.Ordinal));
        Assert.Contains(kid, multibases);
    }

    [Fact]
    public async Task Jwt_vc_issuer_metadata_of_an_unknown_institution_is_404()
    {
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/.well-known/jwt-vc-issuer/oid4vci/nosuch", Ct)).StatusCode);
    }

    [Fact]
    public async Task Rotate_through_the_cli_replaces_both_keys_and_the_retired_ES256_key_stays_published()
    {
        var tudelft = await InstitutionIdAsync(host, "tudelft");
        var did = await InstitutionDidAsync(host, tudelft);
        var (oldKey, oldKid) = await ActiveEs256Async(tudelft);
        var oldEd = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerKeys>().GetActiveAsync(tudelft, Ct));
        var oldToken = SignedWith(oldKey, oldKid);

        Assert.Equal(0, await LaurelCli.RunAsync(["keys", "rotate", "--institution", "tudelft", .. host.SecondNodeArgs()]));

        var (newKey, newKid) = await ActiveEs256Async(tudelft);
        var newEd = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerKeys>().GetActiveAsync(tudelft, Ct));
        Assert.NotEqual(oldKid, newKid);
        Assert.NotEqual(oldEd.Key.KeyId, newEd.Key.KeyId);
        var keys = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerKeys>().ListAsync(tudelft, Ct));
        Assert.Equal(2, keys.Count(k => k.IsActive));
        Assert.Single(keys, k => k.IsActive && k.Algorithm == IssuerKeyAlgorithm.Es256);

        using var client = host.CreateClient();
        var jwks = JsonNode.Parse(await client.GetStringAsync("/.well-known/jwt-vc-issuer/oid4vci/tudelft", Ct))!["jwks"]!["keys"]!.AsArray();
        Assert.Equal([oldKid, newKid], jwks.Select(k => (string?)k!["kid"]));
        var resolver = new DidVerificationMethodResolver((url, ct) => client.GetStringAsync(url.PathAndQuery, ct), requiredRelationship: "assertionMethod");
        var retired = await resolver.ResolveAsync(did + "#" + oldKid, Ct);
        Assert.True(CompactJws.Parse(oldToken).Verify(new Es256JwsKey(retired!.P256PublicKey!)));
        Assert.NotNull((await resolver.ResolveAsync(did + "#" + newKid, Ct))?.P256PublicKey);
        Assert.NotNull(await resolver.ResolveAsync(oldEd.VerificationMethod, Ct));
        Assert.NotNull(newKey);
    }

    [Fact]
    public async Task ES256_private_key_is_stored_only_encrypted()
    {
        var uu = await InstitutionIdAsync(host, "uu");
        var active = await InScopeAsync(host, sp => sp.GetRequiredService<InstitutionEs256Keys>().ActiveInfoAsync(uu, Ct));
        var scalar = host.Services.GetRequiredService<IssuerKeyRing>().PrivateP256Key(active.Key).ExportPrivateKey();
        var stored = Convert.FromBase64String(active.Key.EncryptedPrivateKey);
        Assert.True(stored.AsSpan().IndexOf(scalar) < 0, "the stored value contains the raw private key");
        Assert.DoesNotContain(Convert.ToBase64String(scalar), active.Key.EncryptedPrivateKey);
    }

    [Fact]
    public async Task VC_JWT_signed_with_the_institution_ES256_key_verifies_at_credentials_verify()
    {
        var uu = await InstitutionIdAsync(host, "uu");
        var did = await InstitutionDidAsync(host, uu);
        var credential = MicroCredential(did, "did:example:learner-1");
        credential.Remove("credentialStatus");
        var jwt = await InScopeAsync(host, sp => sp.GetRequiredService<InstitutionEs256Keys>().SignVcJwtAsync(uu, credential, Ct));
        Assert.Equal("ES256", CompactJws.Parse(jwt).Algorithm);
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = jwt }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("valid", (string?)JsonNode.Parse(body)!["verdict"]);

        var parts = jwt.Split('.');
        var tampered = parts[0] + "." + parts[1] + "." + (parts[2][0] == 'A' ? "B" : "A") + parts[2][1..];
        using var bad = await client.PostAsJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = tampered }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}

public sealed class Es256KeyTestsOnSqlite(SqliteHost host) : Es256KeyTests(host), IClassFixture<SqliteHost>;

public sealed class Es256KeyTestsOnPostgres(PostgresHost host) : Es256KeyTests(host), IClassFixture<PostgresHost>;
