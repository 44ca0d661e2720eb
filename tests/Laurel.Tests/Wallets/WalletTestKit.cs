using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Features.Awards;
using Laurel.Features.Wallets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Wallets;

/// <summary>Helpers of the wallet-format tests: node scripts of the reference wallet, offers as the offers part makes them, issuing.</summary>
internal static class WalletTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Runs a script in tests/Laurel.Tests/node and returns its last output line as JSON.</summary>
    public static Task<JsonObject> NodeAsync(string caPemPath, string script, params string[] args) =>
        NodeScript.RunAsync(script, args, ["@sd-jwt/sd-jwt-vc", "@digitalbazaar/vc", "@digitalbazaar/did-method-key", "@digitalcredentials/verifier-core"],
            caPemPath, TimeSpan.FromSeconds(180), Ct);

    /// <summary>An https client that trusts the test CA (and nothing else).</summary>
    public static HttpClient HttpsClient(string origin, string caPemPath)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caPemPath));
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, chain, _) =>
            {
                if (certificate is null || chain is null) return false;
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(origin) };
    }

    /// <summary>An open offer of the award (SD-JWT VC and Data Integrity), as the offers part stores it.</summary>
    public static Task<Guid> OfferAsync(LaurelHost host, Guid awardId, TimeSpan? expiresIn = null, WalletOfferState state = WalletOfferState.Offered,
        params WalletCredentialFormat[] formats) =>
        host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Laurel.Infrastructure.Database.LaurelDb>();
            var award = await db.Awards.AsNoTracking().SingleAsync(a => a.Id == awardId, Ct);
            var secrets = WalletOfferSecrets.Create(withTxCode: false);
            var now = DateTime.UtcNow;
            var offer = new WalletOffer
            {
                Id = Guid.NewGuid(), AwardId = award.Id, PersonId = award.RecipientPersonId!.Value, InstitutionId = award.InstitutionId,
                ConfigurationIds = [.. (formats.Length == 0 ? [WalletCredentialFormat.SdJwtVc, WalletCredentialFormat.LdpVc] : formats)
                    .Select(f => WalletConfigurationId.For(award.AchievementId, f))],
                PreAuthorizedCodeHash = WalletSecrets.Hash(secrets.PreAuthorizedCode), IssuerStateHash = WalletSecrets.Hash(secrets.IssuerState),
                ProtectedSecrets = secrets.Protect(sp.GetRequiredService<IDataProtectionProvider>()),
                State = state, CreatedAt = now, ExpiresAt = now + (expiresIn ?? TimeSpan.FromMinutes(10)),
            };
            db.WalletOffers.Add(offer);
            await db.SaveChangesAsync(Ct);
            return offer.Id;
        });

    /// <summary>Issues one form of the award through the factory, with a status entry from the (stand-in) status part.</summary>
    public static Task<(JsonNode Credential, CopyStatus Status)> IssueAsync(LaurelHost host, Guid awardId, WalletCredentialFormat format, HolderKey holder) =>
        host.InScopeAsync(async sp =>
        {
            var award = await sp.GetRequiredService<Laurel.Infrastructure.Database.LaurelDb>().Awards.AsNoTracking().SingleAsync(a => a.Id == awardId, Ct);
            var status = await sp.GetRequiredService<IWalletStatus>().AllocateAsync(award.InstitutionId, format, Ct);
            return (await sp.GetRequiredService<IWalletCredentialFactory>().IssueAsync(award, format, holder, status, Ct), status);
        });

    public static HolderKey Holder(JsonObject publicJwk, string? did = null) => new(publicJwk, JwkThumbprint.Compute(publicJwk), did);

    /// <summary>An award by the real award service (did:web key, status entry) with a name, grade and evidence to choose about.</summary>
    public static async Task<Guid> AwardWithPersonalClaimsAsync(LaurelHost host, string achievement = "Data Literacy for Professionals", bool toDemoLearner = false)
    {
        var id = await host.AwardThroughServiceAsync(achievement, grade: "8", isPublic: false, toDemoLearner: toDemoLearner);
        await host.SetAsync(id, a =>
        {
            a.RecipientName = "Lotte de Vries";
            a.Evidence = [new AwardEvidence { Url = "https://portfolio.example/lotte/data-project", Name = "Data project" }];
        });
        return id;
    }

    public static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    public static async Task<Award> AwardAsync(LaurelHost host, Guid id) => await host.AwardAsync(id);
}
