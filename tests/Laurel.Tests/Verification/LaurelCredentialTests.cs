using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Features.Verification;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Verification;

/// <summary>Credentials signed by Laurel itself: keys and status lists answered locally, results cached until a list changes.</summary>
public sealed class LaurelCredentialTests(VerifyHost host) : IClassFixture<VerifyHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode, JsonObject)> PostAsync(JsonObject credential)
    {
        using var client = host.CreateClient();
        var body = new JsonObject { ["verifiableCredential"] = credential.DeepClone() }.ToJsonString();
        using var response = await client.PostAsync("/credentials/verify", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject());
    }

    [Fact]
    public async Task A_Laurel_credential_verifies_and_a_revocation_shows_on_the_next_request()
    {
        var (credential, status) = await LaurelIssuing.IssueAsync(host);
        var (first, body) = await PostAsync(credential);
        Assert.True(first == HttpStatusCode.OK, body.ToJsonString());
        Assert.Contains(body["details"]!.AsArray(), d => d!["code"]!.GetValue<string>() == "status.ok");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(credential)).Item1);

        await LaurelIssuing.SetStatusAsync(host, status.RevocationListId, status.Index, true);
        var (afterRevocation, revoked) = await PostAsync(credential);
        Assert.Equal(HttpStatusCode.BadRequest, afterRevocation);
        Assert.Equal("status.revoked", revoked["errors"]![0]!["code"]!.GetValue<string>());

        await LaurelIssuing.SetStatusAsync(host, status.RevocationListId, status.Index, false);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(credential)).Item1);
    }

    [Fact]
    public async Task A_stored_award_is_verified_once_and_again_only_when_its_status_list_changes()
    {
        var (credential, status) = await LaurelIssuing.IssueAsync(host);
        var award = new Award
        {
            Id = Guid.CreateVersion7(), RecipientIdentity = "x", RecipientIdentityType = "emailAddress", RecipientSalt = "s",
            CredentialJson = credential.ToJsonString(), SigningKeyId = (credential["proof"] is JsonArray proofs ? proofs[0] : credential["proof"])!["verificationMethod"]!.GetValue<string>(),
            RevocationListId = status.RevocationListId, SuspensionListId = status.SuspensionListId, StatusIndex = status.Index,
        };
        async Task<VerificationReport> VerifyStoredAsync()
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<VerificationService>().VerifyStoredAsync(award, Ct);
        }

        var first = await VerifyStoredAsync();
        Assert.Equal(Verdict.Valid, first.Verdict);
        Assert.Same(first, await VerifyStoredAsync()); // served from the cache, not verified again

        await LaurelIssuing.SetStatusAsync(host, status.RevocationListId, status.Index, true);
        var revoked = await VerifyStoredAsync();
        Assert.NotSame(first, revoked);
        Assert.Equal(Verdict.Invalid, revoked.Verdict);
        Assert.Equal("revoked", revoked.StatusReason);
        Assert.Same(revoked, await VerifyStoredAsync());
    }

    [Fact]
    public async Task The_same_credential_bytes_are_verified_once_until_the_status_list_changes()
    {
        var (credential, status) = await LaurelIssuing.IssueAsync(host);
        var bytes = Encoding.UTF8.GetBytes(credential.ToJsonString());
        async Task<VerificationReport> VerifyAsync(byte[] input)
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<VerificationService>().VerifyCachedAsync(input, null, Ct);
        }

        var first = await VerifyAsync(bytes);
        Assert.Equal(Verdict.Valid, first.Verdict);
        Assert.Same(first, await VerifyAsync(bytes));
        Assert.NotSame(first, await VerifyAsync(Encoding.UTF8.GetBytes(credential.ToJsonString() + " "))); // other bytes, own entry

        await LaurelIssuing.SetStatusAsync(host, status.RevocationListId, status.Index, true);
        Assert.Equal("revoked", (await VerifyAsync(bytes)).StatusReason);
    }

    [Fact]
    public async Task Another_issuers_credential_is_not_cached()
    {
        var bytes = Encoding.UTF8.GetBytes(host.Issuer.Credential().ToJsonString());
        await using var scope = host.Services.CreateAsyncScope();
        var verification = scope.ServiceProvider.GetRequiredService<VerificationService>();
        Assert.NotSame(await verification.VerifyCachedAsync(bytes, null, Ct), await verification.VerifyCachedAsync(bytes, null, Ct));
    }

    [Fact]
    public async Task A_credential_claiming_a_Laurel_issuer_but_signed_elsewhere_fails_the_proof()
    {
        var (credential, _) = await LaurelIssuing.IssueAsync(host);
        var unsigned = credential.DeepClone().AsObject();
        unsigned.Remove("proof");
        var forged = host.Issuer.Sign(unsigned);
        var (status, body) = await PostAsync(forged);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(body["errors"]!.AsArray(), e => e!["check"]!.GetValue<string>() == "issuer");
    }
}

/// <summary>Issues credentials the way the award service does, for tests that need Laurel's own signature and status lists.</summary>
public static class LaurelIssuing
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Signs a micro-credential as the uu institution with a fresh status index, the way the award service does.</summary>
    public static async Task<(JsonObject Credential, StatusAllocation Status)> IssueAsync(LaurelHost host, string slug = "uu")
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var institutionId = await db.Institutions.Where(i => i.Slug == slug).Select(i => i.Id).SingleAsync(Ct);
        var did = await scope.ServiceProvider.GetRequiredService<IssuerKeys>().DidOfAsync(institutionId, Ct);
        var statusLists = scope.ServiceProvider.GetRequiredService<StatusListService>();
        var allocation = await statusLists.AllocateAsync(institutionId, Ct);
        var unsigned = JsonNode.Parse(await File.ReadAllTextAsync(Fixtures.Constructed("ob3-microcredential.unsigned.json"), Ct))!.AsObject();
        unsigned["id"] = $"urn:uuid:{Guid.CreateVersion7()}";
        unsigned["issuer"]!["id"] = did;
        unsigned["issuer"]!["name"] = "Universiteit Utrecht";
        // OB 3.0 allows one credentialStatus (spec digest OB3-3.3) and the library's shape check enforces it: the revocation entry.
        unsigned["credentialStatus"] = statusLists.CredentialStatusEntries(allocation).First(e => e!["statusPurpose"]!.GetValue<string>() == "revocation")!.DeepClone();
        var signed = await scope.ServiceProvider.GetRequiredService<IssuerSigner>().SignAsync(institutionId, unsigned, Ct);
        return (signed.Credential, allocation);
    }

    public static async Task SetStatusAsync(LaurelHost host, Guid listId, int index, bool value)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StatusListService>().SetAsync(listId, index, value, Ct);
    }
}
