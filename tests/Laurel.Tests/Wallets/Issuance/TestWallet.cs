using System.Buffers.Text;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Multiformats;
using Laurel.Features.Awards;
using Laurel.Features.Wallets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Wallets.Issuance;

/// <summary>A holder key of a test wallet and how its proofs name it.</summary>
public enum ProofKeyStyle { Jwk, DidKey, DidJwk }

/// <summary>
/// What a wallet does at the issuer, written by hand so tests can also send what a good wallet never would: proof JWTs
/// (ES256 or EdDSA; jwk, did:key or did:jwk kid), nonces and credential requests. Also seeds awards and offers.
/// </summary>
public sealed class TestWallet(WalletIssuerHost host) : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly List<IDisposable> _keys = [];

    public HttpClient Http { get; } = host.Client();

    public void Dispose()
    {
        Http.Dispose();
        foreach (var key in _keys) key.Dispose();
    }

    /// <summary>A new holder key: ES256 (P-256) or EdDSA (Ed25519).</summary>
    public JwsKey NewKey(bool es256 = true)
    {
        if (es256)
        {
            var p256 = P256Key.Generate();
            _keys.Add(p256);
            return new Es256JwsKey(p256);
        }
        var ed = Ed25519Key.Generate();
        _keys.Add(ed);
        return new EdDsaJwsKey(ed);
    }

    /// <summary>The DID a kid-style proof names, or null for a jwk proof.</summary>
    public static string? DidOf(JwsKey key, ProofKeyStyle style) => style switch
    {
        ProofKeyStyle.DidKey => key is Es256JwsKey es ? DidKey.Prefix + P256Multikey.Encode(es.Key) : DidKey.FromPublicKey(((EdDsaJwsKey)key).Key.PublicKeyBytes),
        ProofKeyStyle.DidJwk => "did:jwk:" + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(key.PublicJwk())),
        _ => null,
    };

    /// <summary>A proof JWT; every part can be spoiled by the caller.</summary>
    public static string Proof(JwsKey key, string audience, string? nonce, ProofKeyStyle style = ProofKeyStyle.Jwk, string typ = "openid4vci-proof+jwt",
        DateTimeOffset? issuedAt = null)
    {
        var header = new JsonObject { ["typ"] = typ };
        if (style == ProofKeyStyle.Jwk) header["jwk"] = key.PublicJwk();
        else
        {
            var did = DidOf(key, style)!;
            header["kid"] = style == ProofKeyStyle.DidKey ? did + "#" + did[DidKey.Prefix.Length..] : did + "#0";
        }
        var payload = new JsonObject { ["aud"] = audience, ["iat"] = (issuedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() };
        if (nonce is not null) payload["nonce"] = nonce;
        return CompactJws.Sign(header, Encoding.UTF8.GetBytes(payload.ToJsonString()), key);
    }

    public async Task<string> NonceAsync(string slug)
    {
        using var response = await Http.PostAsync(WalletRoutes.NoncePath(slug), null, Ct);
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["c_nonce"]!;
    }

    public async Task<(HttpResponseMessage Response, JsonObject? Body)> RequestAsync(string slug, string? token, JsonObject request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, WalletRoutes.CredentialPath(slug))
        {
            Content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null) message.Headers.Authorization = new("Bearer", token);
        var response = await Http.SendAsync(message, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response, text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject);
    }

    public static JsonObject CredentialRequest(string configurationId, params string[] proofs) => new()
    {
        ["credential_configuration_id"] = configurationId,
        ["proofs"] = new JsonObject { ["jwt"] = new JsonArray([.. proofs.Select(p => (JsonNode)p)]) },
    };

    /// <summary>A new learner with an issued award (of a demo achievement); the slug of its institution.</summary>
    public static async Task<Seeded> NewAwardAsync(LaurelHost host, AwardState state = AwardState.Issued)
    {
        var person = await host.OtherLearnerIdAsync();
        var awardId = await host.CreateAwardAsync(new AwardSpec { RecipientPersonId = person, ToDemoLearner = false });
        if (state != AwardState.Issued) await host.SetAsync(awardId, a => a.State = state);
        return await host.DbAsync(async db =>
        {
            var award = await db.Awards.SingleAsync(a => a.Id == awardId);
            var slug = await db.Institutions.Where(i => i.Id == award.InstitutionId).Select(i => i.Slug).SingleAsync();
            return new Seeded(award.Id, person, award.InstitutionId, award.AchievementId, slug);
        });
    }

    /// <summary>An open offer of the award (as the backpack makes it), with its secrets.</summary>
    public static async Task<(Guid OfferId, WalletOfferSecrets Secrets)> NewOfferAsync(LaurelHost host, Seeded award, IEnumerable<string> configurationIds,
        WalletOfferState state = WalletOfferState.Offered, TimeSpan? expiresIn = null)
    {
        var secrets = WalletOfferSecrets.Create(withTxCode: true);
        var protection = host.Services.GetRequiredService<IDataProtectionProvider>();
        var id = Guid.CreateVersion7();
        await host.DbAsync(async db =>
        {
            db.WalletOffers.Add(new WalletOffer
            {
                Id = id, AwardId = award.AwardId, PersonId = award.PersonId, InstitutionId = award.InstitutionId, ConfigurationIds = [.. configurationIds],
                PreAuthorizedCodeHash = WalletSecrets.Hash(secrets.PreAuthorizedCode), TxCodeHash = WalletSecrets.Hash(secrets.TxCode!),
                IssuerStateHash = WalletSecrets.Hash(secrets.IssuerState), ProtectedSecrets = secrets.Protect(protection), State = state,
                CreatedAt = DateTime.UtcNow, ExpiresAt = DateTime.UtcNow + (expiresIn ?? TimeSpan.FromMinutes(10)),
            });
            await db.SaveChangesAsync();
            return 0;
        });
        return (id, secrets);
    }
}

/// <summary>A seeded award: its learner, institution (and slug) and achievement.</summary>
public sealed record Seeded(Guid AwardId, Guid PersonId, Guid InstitutionId, Guid AchievementId, string Slug)
{
    public string Configuration(WalletCredentialFormat format) => WalletConfigurationId.For(AchievementId, format);
}
