using System.Text.Json.Nodes;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Features.Presentations;
using Laurel.Features.Presentations.OpenId4Vp;
using Laurel.Features.Wallets;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Presentations.OpenId4Vp;

/// <summary>Helpers of the OpenID4VP verifier tests: requests, wallet copies bound to a holder, the reference holder (node).</summary>
internal static class OpenId4VpKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A request as the presentation pages store it, owned by a new person.</summary>
    public static async Task<Guid> RequestAsync(LaurelHost host, BadgeCriteria? criteria = null, DisclosedFact[]? required = null, bool reusable = true)
    {
        var (owner, _, _) = await host.NewLearnerAsync();
        return await host.DbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var request = new PresentationRequest
            {
                Id = Guid.CreateVersion7(), OwnerPersonId = owner, Title = "Data analyst vacancy", PurposeNl = "Sollicitatie", PurposeEn = "Application",
                VerifierName = "Mulder Data BV", Criteria = criteria ?? new BadgeCriteria(), RequiredFacts = [.. required ?? []], Reusable = reusable,
                CreatedAt = now, UpdatedAt = now,
            };
            db.Add(request);
            await db.SaveChangesAsync(Ct);
            return request.Id;
        });
    }

    /// <summary>A wallet copy of the award (row + own status entries, so staff status changes reach it), issued in the format to the holder.</summary>
    public static Task<(JsonNode Credential, Guid CopyId)> CopyAsync(LaurelHost host, Guid awardId, WalletCredentialFormat format, HolderKey holder) =>
        host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<LaurelDb>();
            var award = await db.Awards.AsNoTracking().SingleAsync(a => a.Id == awardId, Ct);
            var status = await sp.GetRequiredService<IWalletStatus>().AllocateAsync(award.InstitutionId, format, Ct);
            var copy = new WalletCopy
            {
                Id = Guid.CreateVersion7(), AwardId = awardId, InstitutionId = award.InstitutionId, Format = format,
                ConfigurationId = WalletConfigurationId.For(award.AchievementId, format), Protocol = "pre-authorized_code",
                HolderKeyThumbprint = holder.Thumbprint, NotificationId = Guid.NewGuid().ToString("N"),
                TokenStatusListId = status.TokenStatusListId, TokenStatusIndex = status.TokenStatusIndex,
                RevocationListId = status.RevocationListId, SuspensionListId = status.SuspensionListId, StatusIndex = status.StatusIndex,
                IssuedAt = DateTime.UtcNow,
            };
            db.WalletCopies.Add(copy);
            await db.SaveChangesAsync(Ct);
            var credential = await sp.GetRequiredService<IWalletCredentialFactory>().IssueAsync(award, format, holder, status, Ct);
            return (credential, copy.Id);
        });

    public static HolderKey P256Holder(P256Key key)
    {
        var jwk = P256Jwk.Export(key);
        return new HolderKey(jwk, JwkThumbprint.Compute(jwk), null);
    }

    public static (HolderKey Holder, byte[] Seed) Ed25519Holder()
    {
        using var key = Ed25519Key.Generate();
        var seed = key.ExportSeed();
        var jwk = Ed25519Jwk.Export(key);
        return (new HolderKey(jwk, JwkThumbprint.Compute(jwk), DidKey.FromPublicKey(key.PublicKeyBytes)), seed);
    }

    public static string WalletLink(LaurelHost host, Guid requestId) =>
        PresentationRoutes.WalletLink(host.Services.GetRequiredService<PublicOrigin>(), requestId);

    public static Task<string> PinnedCertificateAsync(LaurelHost host) =>
        host.InScopeAsync(async sp => (await sp.GetRequiredService<VerifierIdentity>().GetAsync(Ct)).X5c[0]);

    /// <summary>Runs the reference holder (tests/Laurel.Tests/node/oid4vp-holder.mjs) with the input; returns its output line.</summary>
    public static async Task<JsonObject> HolderAsync(LaurelHost host, Guid requestId, JsonObject input)
    {
        input["walletLink"] = WalletLink(host, requestId);
        input["pinnedCertificate"] = await PinnedCertificateAsync(host);
        var file = Path.Combine(Path.GetTempPath(), $"laurel-oid4vp-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, input.ToJsonString(), Ct);
        try
        {
            return await NodeScript.RunAsync("oid4vp-holder.mjs", [file],
                ["@openid4vc/openid4vp", "@sd-jwt/sd-jwt-vc", "@digitalbazaar/vc", "@digitalbazaar/did-method-key"], timeout: TimeSpan.FromSeconds(180), ct: Ct);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static Task<int> ResponseCountAsync(LaurelHost host, Guid requestId) =>
        host.DbAsync(db => db.Set<PresentationResponse>().CountAsync(r => r.RequestId == requestId, Ct));
}
