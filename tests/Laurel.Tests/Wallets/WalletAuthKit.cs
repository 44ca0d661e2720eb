using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Features.Wallets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Wallets;

/// <summary>
/// Offers made straight in the database (the offer UI is another part), the reference wallet
/// (tests/Laurel.Tests/node/wallet-oauth.mjs on @openid4vc/oauth2 0.4.6), and DPoP proofs made by hand for the negative cases.
/// </summary>
public static class WalletAuthKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An open offer of an issued award of <paramref name="personId"/> (the demo learner by default), SD-JWT VC and ldp_vc.</summary>
    public static async Task<(WalletOffer Offer, WalletOfferSecrets Secrets)> NewOfferAsync(this LaurelHost host, Guid? personId = null,
        bool withTxCode = true, TimeSpan? expiresIn = null, Guid? ownerOverride = null)
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { RecipientPersonId = personId });
        var secrets = WalletOfferSecrets.Create(withTxCode);
        var protection = host.Services.GetRequiredService<IDataProtectionProvider>();
        return await host.DbAsync(async db =>
        {
            var award = await db.Awards.SingleAsync(a => a.Id == awardId, Ct);
            var now = DateTime.UtcNow;
            var offer = new WalletOffer
            {
                Id = Guid.CreateVersion7(), AwardId = award.Id, PersonId = ownerOverride ?? award.RecipientPersonId!.Value, InstitutionId = award.InstitutionId,
                ConfigurationIds = [WalletConfigurationId.For(award.AchievementId, WalletCredentialFormat.SdJwtVc),
                    WalletConfigurationId.For(award.AchievementId, WalletCredentialFormat.LdpVc)],
                PreAuthorizedCodeHash = WalletSecrets.Hash(secrets.PreAuthorizedCode),
                TxCodeHash = secrets.TxCode is null ? null : WalletSecrets.Hash(secrets.TxCode),
                IssuerStateHash = WalletSecrets.Hash(secrets.IssuerState), ProtectedSecrets = secrets.Protect(protection),
                State = WalletOfferState.Offered, CreatedAt = now, ExpiresAt = now + (expiresIn ?? TimeSpan.FromMinutes(10)),
            };
            db.WalletOffers.Add(offer);
            await db.SaveChangesAsync(Ct);
            return (offer, secrets);
        });
    }

    public static Task<WalletOffer> OfferAsync(this LaurelHost host, Guid offerId) =>
        host.DbAsync(db => db.WalletOffers.AsNoTracking().SingleAsync(o => o.Id == offerId, Ct));

    /// <summary>Runs one command of the reference wallet and returns its JSON output.</summary>
    public static Task<JsonObject> WalletAsync(string command, object arguments) =>
        NodeScript.RunAsync("wallet-oauth.mjs", [command, JsonSerializer.Serialize(arguments)], ["@openid4vc/oauth2"], timeout: TimeSpan.FromSeconds(60), ct: Ct);

    /// <summary>A temporary file for the wallet's state between commands (PKCE verifier, DPoP key, token).</summary>
    public static string StateFile() => Path.Combine(Path.GetTempPath(), $"laurel-wallet-{Guid.NewGuid():N}.json");

    public static string Text(this JsonNode? node, string name) => node?[name]?.GetValue<string>() ?? "";

    /// <summary>A DPoP proof (RFC 9449 §4.2) signed by <paramref name="key"/>, for the cases the reference wallet never gets wrong.</summary>
    public static string Proof(JwsKey key, string method, string htu, string? accessToken = null, string? jti = null, DateTimeOffset? iat = null,
        string typ = "dpop+jwt")
    {
        var header = new JsonObject { ["typ"] = typ, ["alg"] = key.Algorithm, ["jwk"] = key.PublicJwk() };
        var payload = new JsonObject
        {
            ["jti"] = jti ?? Guid.NewGuid().ToString("N"), ["htm"] = method, ["htu"] = htu,
            ["iat"] = (iat ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
        };
        if (accessToken is not null)
            payload["ath"] = System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
        return CompactJws.Sign(header, Encoding.UTF8.GetBytes(payload.ToJsonString()), key);
    }

    public static JwsKey NewKey() => new Es256JwsKey(P256Key.Generate());

    /// <summary>The pre-authorized token request as a form, for the raw HTTP cases (no wallet library in between).</summary>
    public static FormUrlEncodedContent PreAuthorizedForm(string code, string? txCode) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "urn:ietf:params:oauth:grant-type:pre-authorized_code",
        ["pre-authorized_code"] = code,
        ["tx_code"] = txCode ?? "",
    }.Where(kv => kv.Value.Length > 0));

    /// <summary>Checks a resource request's headers with Laurel's <see cref="IWalletAccessTokens"/> as the credential endpoint would.</summary>
    public static async Task<WalletAccess> ValidateAsync(this LaurelHost host, string endpointUrl, string? authorization, string? dpop, string method = "POST")
    {
        await using var scope = host.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = method;
        if (authorization is not null) context.Request.Headers.Authorization = authorization;
        if (dpop is not null) context.Request.Headers["DPoP"] = dpop;
        return await scope.ServiceProvider.GetRequiredService<IWalletAccessTokens>().ValidateAsync(context.Request, endpointUrl, Ct);
    }
}
