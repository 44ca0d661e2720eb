using System.Net;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Features.Publishing.Keys;
using static Laurel.Tests.Publishing.PublishingTestKit;

namespace Laurel.Tests.Publishing;

/// <summary>The did:web document at /institutions/{slug}/did.json, as an outside verifier resolves it.</summary>
public abstract class DidDocumentTests(LaurelHost host)
{
    /// <summary>The library's own did:web resolver, its https fetches answered by the running test host.</summary>
    private DidVerificationMethodResolver OutsideResolver(HttpClient client, List<Uri> fetched) =>
        new((url, ct) =>
        {
            fetched.Add(url);
            return client.GetStringAsync(url.PathAndQuery, ct);
        }, requiredRelationship: "assertionMethod");

    [Fact]
    public async Task Library_did_web_resolution_finds_the_key_and_verifies_a_credential_signed_by_Laurel()
    {
        var uu = await InstitutionIdAsync(host, "uu");
        var did = await InstitutionDidAsync(host, uu);
        var signed = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerSigner>().SignAsync(uu, MicroCredential(did), Ct));
        using var client = host.CreateClient();
        var fetched = new List<Uri>();

        var result = await DataIntegrityProofs.VerifyAsync(signed.Credential, OutsideResolver(client, fetched), ct: Ct);

        Assert.True(result.Verified, result.Error);
        Assert.Equal("https://localhost:5000/institutions/uu/did.json", Assert.Single(fetched).ToString());
    }

    [Fact]
    public async Task Document_lists_active_and_retired_keys_as_Multikeys_under_assertionMethod()
    {
        var tudelft = await InstitutionIdAsync(host, "tudelft");
        var did = await InstitutionDidAsync(host, tudelft);
        var old = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerSigner>().SignAsync(tudelft, MicroCredential(did), Ct));
        await InScopeAsync(host, sp => sp.GetRequiredService<IssuerKeys>().RotateAsync(tudelft, null, "test", Ct));
        var current = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerSigner>().SignAsync(tudelft, MicroCredential(did), Ct));
        using var client = host.CreateClient();

        var response = await client.GetAsync("/institutions/tudelft/did.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.NotNull(response.Headers.ETag);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        Assert.Equal(did, (string?)document["id"]);
        var methods = document["verificationMethod"]!.AsArray().Select(m => m!.AsObject()).ToList();
        Assert.Contains(methods, m => (string?)m["id"] == old.VerificationMethod);
        Assert.Contains(methods, m => (string?)m["id"] == current.VerificationMethod);
        Assert.All(methods, m => Assert.Equal("Multikey", (string?)m["type"]));
        Assert.All(methods, m => Assert.Equal(did, (string?)m["controller"]));
        // eddsa-rdfc-2022 §2.1 (what the W3C vc-di-eddsa suite's "Verification Methods" tests check, which cannot resolve did:web):
        // publicKeyMultibase is base58btc ('z') of the Ed25519 multicodec header 0xed01 and the 32-byte key, so it starts with z6Mk.
        Assert.All(methods, m => Assert.Matches("^z6Mk[1-9A-HJ-NP-Za-km-z]{44}$", (string?)m["publicKeyMultibase"]));
        var assertion = document["assertionMethod"]!.AsArray().Select(a => (string?)a).ToList();
        Assert.Equal(methods.Select(m => (string?)m["id"]), assertion);

        var fetched = new List<Uri>();
        Assert.True((await DataIntegrityProofs.VerifyAsync(old.Credential, OutsideResolver(client, fetched), ct: Ct)).Verified);
        Assert.True((await DataIntegrityProofs.VerifyAsync(current.Credential, OutsideResolver(client, fetched), ct: Ct)).Verified);

        var again = new HttpRequestMessage(HttpMethod.Get, "/institutions/tudelft/did.json");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again, Ct)).StatusCode);
    }

    [Fact]
    public async Task Unknown_institution_has_no_DID_document()
    {
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/institutions/nosuch/did.json", Ct)).StatusCode);
    }
}

public sealed class DidDocumentTestsOnSqlite(SqliteHost host) : DidDocumentTests(host), IClassFixture<SqliteHost>;

public sealed class DidDocumentTestsOnPostgres(PostgresHost host) : DidDocumentTests(host), IClassFixture<PostgresHost>;
