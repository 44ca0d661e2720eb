using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Features.Awards;
using Laurel.Features.Backpack.Imports;
using Laurel.Tests.Badges;
using Laurel.Tests.Infrastructure;
using static Laurel.Tests.Badges.BadgeTestKit;

namespace Laurel.Tests.Backpack;

/// <summary>Helpers for the backpack and collection tests: imported credentials, awards in a given state, form posts.</summary>
public static class BackpackKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// An imported credential of <paramref name="personId"/>, as the import feature stores it: a real signed OB 3.0
    /// credential (did:key, so it verifies without network) that was issued to someone else's account.
    /// </summary>
    public static async Task<Guid> ImportAsync(this LaurelHost host, Guid personId, string name = "Open Science Basics",
        ImportStatus status = ImportStatus.Valid, string type = "MicroCredential", RecipientMatch recipient = RecipientMatch.Matched)
    {
        var sourceAward = await host.CreateAwardAsync(new AwardSpec { RecipientPersonId = await host.OtherLearnerIdAsync(), ToDemoLearner = false });
        var text = await host.DbAsync(db => Task.FromResult(db.Awards.Single(a => a.Id == sourceAward).CredentialJson));
        return await host.ImportTextAsync(personId, text, ImportFormat.Ob3Json, name, status, type, recipient);
    }

    /// <summary>
    /// An imported credential with the given text (OB 3.0 JSON or a compact VC-JWT). The stored recipient match is what the
    /// test says (Matched unless it says otherwise), whatever the text names: these tests are about display, not matching.
    /// </summary>
    public static async Task<Guid> ImportTextAsync(this LaurelHost host, Guid personId, string text, ImportFormat format, string name,
        ImportStatus status = ImportStatus.Valid, string type = "MicroCredential", RecipientMatch recipient = RecipientMatch.Matched)
    {
        return await host.DbAsync(async db =>
        {
            var import = new ImportedCredential
            {
                Id = Guid.CreateVersion7(), PersonId = personId, Source = ImportSource.Upload, Format = format,
                CredentialText = text, ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
                IssuerId = "did:key:elsewhere", IssuerName = "Open University Elsewhere", AchievementName = name, AchievementType = type,
                Credits = 2m, EqfLevel = 5, IssuedAt = DateTime.UtcNow.AddDays(-30), Status = status, Recipient = recipient, VerificationReportJson = "{}",
                VerifiedAt = DateTime.UtcNow, ImportedAt = DateTime.UtcNow.AddDays(-1),
            };
            db.ImportedCredentials.Add(import);
            await db.SaveChangesAsync();
            return import.Id;
        });
    }

    /// <summary>
    /// A VC-JWT from another issuer (its own did:key), made from a signed test credential: the embedded proof is dropped,
    /// the issuer and subject get ids, and the whole is signed as a JWT.
    /// </summary>
    public static async Task<string> VcJwtAsync(this LaurelHost host)
    {
        var sourceAward = await host.CreateAwardAsync(new AwardSpec { RecipientPersonId = await host.OtherLearnerIdAsync(), ToDemoLearner = false });
        var credential = JsonNode.Parse(await host.DbAsync(db => Task.FromResult(db.Awards.Single(a => a.Id == sourceAward).CredentialJson)))!.AsObject();
        credential.Remove("proof");
        using var key = Ed25519Key.Generate();
        var did = DidKey.FromPublicKey(key.PublicKeyBytes);
        credential["issuer"]!["id"] = did;
        using var wallet = Ed25519Key.Generate();
        credential["credentialSubject"]!["id"] = DidKey.FromPublicKey(wallet.PublicKeyBytes);
        return OpenBadgeJwtSigner.Sign(credential, key, DidKey.VerificationMethodId(did));
    }

    /// <summary>An award of the demo learner put in a given state (with a reason where the state has one).</summary>
    public static async Task<Guid> AwardInStateAsync(this LaurelHost host, AwardState state, string achievement = "Responsible AI in Practice", string? reason = null)
    {
        var id = await host.CreateAwardAsync(new AwardSpec { Achievement = achievement });
        await host.SetAsync(id, a =>
        {
            a.State = state;
            if (state == AwardState.Revoked) { a.RevokedAt = DateTime.UtcNow; a.RevocationReason = reason; }
            if (state == AwardState.Suspended) { a.SuspendedAt = DateTime.UtcNow; a.SuspensionReason = reason; }
            if (state is AwardState.Declined or AwardState.Expired) a.ClaimDecidedAt = DateTime.UtcNow;
        });
        return id;
    }

    /// <summary>GETs <paramref name="formPage"/> for its anti-forgery token and POSTs the fields to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string formPage, string action, params (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync(formPage, Ct);
        var all = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        all.Add(new("__RequestVerificationToken", LaurelHost.AntiforgeryToken(page)));
        return await client.PostAsync(action, new FormUrlEncodedContent(all), Ct);
    }

    public static async Task<string> PageAsync(this HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url, Ct));
}
