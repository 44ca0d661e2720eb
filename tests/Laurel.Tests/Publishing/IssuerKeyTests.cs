using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Multiformats;
using Laurel.Features.Publishing.Keys;
using Microsoft.AspNetCore.DataProtection;
using static Laurel.Tests.Publishing.PublishingTestKit;

namespace Laurel.Tests.Publishing;

/// <summary>Institution keys: created on first use, encrypted at rest, used for eddsa-rdfc-2022 and VC-JWT.</summary>
public abstract class IssuerKeyTests(LaurelHost host)
{
    [Fact]
    public async Task Signed_credential_verifies_with_the_institution_key_named_after_its_DID()
    {
        var uu = await InstitutionIdAsync(host, "uu");
        var did = await InstitutionDidAsync(host, uu);
        var signed = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerSigner>().SignAsync(uu, MicroCredential(did), Ct));

        // Open Badges credentials carry their proof in an array (strict OB 3.0 schema).
        var proof = signed.Credential["proof"]!.AsArray().Single()!.AsObject();
        Assert.Equal("eddsa-rdfc-2022", (string?)proof["cryptosuite"]);
        Assert.Equal("assertionMethod", (string?)proof["proofPurpose"]);
        Assert.Equal(signed.VerificationMethod, (string?)proof["verificationMethod"]);
        Assert.StartsWith(did + "#z6Mk", signed.VerificationMethod);

        var resolver = host.Services.GetRequiredService<LocalIssuerResolver>();
        var result = await DataIntegrityProofs.VerifyAsync(signed.Credential, resolver, ct: Ct);
        Assert.True(result.Verified, result.Error);

        signed.Credential["name"] = "Tampered";
        Assert.False((await DataIntegrityProofs.VerifyAsync(signed.Credential, resolver, ct: Ct)).Verified);
    }

    [Fact]
    public async Task Private_seed_is_stored_only_encrypted_with_the_issuer_key_purpose()
    {
        var uu = await InstitutionIdAsync(host, "uu");
        var key = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerKeys>().GetActiveAsync(uu, Ct));
        var seed = host.Services.GetRequiredService<IssuerKeyRing>().PrivateKey(key.Key).ExportSeed();

        var stored = Convert.FromBase64String(key.Key.EncryptedPrivateKey);
        Assert.True(stored.AsSpan().IndexOf(seed) < 0, "the stored value contains the raw seed");
        Assert.DoesNotContain(Convert.ToBase64String(seed), key.Key.EncryptedPrivateKey);
        Assert.DoesNotContain(Multikey.EncodeEd25519SecretKey(seed), key.Key.EncryptedPrivateKey);

        var protection = host.Services.GetRequiredService<IDataProtectionProvider>();
        Assert.Equal(seed, protection.CreateProtector("Laurel.IssuerKeys.v1").Unprotect(stored));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => protection.CreateProtector("Something.Else").Unprotect(stored));
    }

    [Fact]
    public async Task Concurrent_first_use_on_many_nodes_creates_exactly_one_active_key()
    {
        var tudelft = await InstitutionIdAsync(host, "tudelft");
        var keys = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            InScopeAsync(host, sp => sp.GetRequiredService<IssuerKeys>().GetActiveAsync(tudelft, Ct)))));

        Assert.Single(keys.Select(k => k.Key.Id).Distinct());
        var stored = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerKeys>().ListAsync(tudelft, Ct));
        Assert.Single(stored, k => k.RetiredAt is null);
    }

    [Fact]
    public async Task Rotation_retires_the_old_key_and_new_signatures_use_the_new_one_while_old_ones_still_verify()
    {
        var uu = await InstitutionIdAsync(host, "uu");
        var did = await InstitutionDidAsync(host, uu);
        var before = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerSigner>().SignAsync(uu, MicroCredential(did), Ct));
        var (retired, created) = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerKeys>().RotateAsync(uu, null, "test", Ct));
        var after = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerSigner>().SignAsync(uu, MicroCredential(did), Ct));

        Assert.Equal(before.VerificationMethod, retired!.VerificationMethod);
        Assert.Equal(created.VerificationMethod, after.VerificationMethod);
        Assert.NotEqual(before.VerificationMethod, after.VerificationMethod);
        var resolver = host.Services.GetRequiredService<LocalIssuerResolver>();
        Assert.True((await DataIntegrityProofs.VerifyAsync(before.Credential, resolver, ct: Ct)).Verified);
        Assert.True((await DataIntegrityProofs.VerifyAsync(after.Credential, resolver, ct: Ct)).Verified);
    }

    [Fact]
    public async Task Credential_naming_another_issuer_is_refused()
    {
        var uu = await InstitutionIdAsync(host, "uu");
        var credential = MicroCredential("did:web:elsewhere.example:institutions:uu");
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            InScopeAsync(host, sp => sp.GetRequiredService<IssuerSigner>().SignAsync(uu, credential, Ct)));
        Assert.Contains("elsewhere.example", error.Message);
    }

    [Fact]
    public async Task VC_JWT_follows_the_OB3_profile_and_verifies_with_the_institution_key()
    {
        var uu = await InstitutionIdAsync(host, "uu");
        var did = await InstitutionDidAsync(host, uu);
        var credential = MicroCredential(did, subjectId: "did:example:learner");
        var jwt = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerSigner>().SignJwtAsync(uu, credential, Ct));
        var active = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerKeys>().GetActiveAsync(uu, Ct));

        var header = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(jwt.Split('.')[0])))!.AsObject();
        Assert.Equal("EdDSA", (string?)header["alg"]);
        Assert.Equal(active.VerificationMethod, (string?)header["kid"]);

        var resolver = host.Services.GetRequiredService<LocalIssuerResolver>();
        var result = await OpenBadgeJwtVerifier.VerifyAsync(jwt,
            async (kid, ct) => (await resolver.ResolveAsync(kid, ct))?.PublicKey, cancellationToken: Ct);
        Assert.True(result.Verified, string.Join("; ", result.Problems.Select(p => p.Message)));
        Assert.Equal(did, (string?)result.Payload!["iss"]);
        Assert.Equal((string?)credential["id"], (string?)result.Payload!["jti"]);
    }

    [Fact]
    public async Task Resolver_answers_own_keys_from_the_database_and_others_through_the_library()
    {
        var uu = await InstitutionIdAsync(host, "uu");
        var did = await InstitutionDidAsync(host, uu);
        var active = await InScopeAsync(host, sp => sp.GetRequiredService<IssuerKeys>().GetActiveAsync(uu, Ct));
        var resolver = host.Services.GetRequiredService<LocalIssuerResolver>();

        var own = await resolver.ResolveAsync(active.VerificationMethod, Ct);
        Assert.NotNull(own);
        Assert.Equal(did, own.Controller);
        Assert.Contains("assertionMethod", own.Relationships);
        Assert.Null(await resolver.ResolveAsync(did + "#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", Ct));
        Assert.Null(await resolver.ResolveAsync(did.Replace(":uu", ":nosuch") + "#" + active.Key.KeyId, Ct));

        const string didKey = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
        var other = await resolver.ResolveAsync(didKey + "#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", Ct);
        Assert.Equal(didKey, other?.Controller);
    }
}

public sealed class IssuerKeyTestsOnSqlite(SqliteHost host) : IssuerKeyTests(host), IClassFixture<SqliteHost>;

public sealed class IssuerKeyTestsOnPostgres(PostgresHost host) : IssuerKeyTests(host), IClassFixture<PostgresHost>;
