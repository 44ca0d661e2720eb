using System.Net;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.TokenStatusList;
using Laurel.Features.Awards;
using Laurel.Features.Publishing.Status;
using Laurel.Features.Wallets;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Wallets;

/// <summary>
/// Wallet copies' statuses as a verifier reads them: the served Token Status List (SD-JWT VC copies) and the Bitstring lists
/// (Data Integrity / VC-JWT copies) follow suspend, reinstate and revoke of the award; a stopped copy alone is INVALID.
/// </summary>
public abstract class WalletCopyStatusTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(JsonObject Header, JsonObject Payload, TokenStatusArray List, HttpResponseMessage Response)> ServedAsync(string uri)
    {
        using var client = host.CreateClient();
        var response = await client.GetAsync(new Uri(uri).PathAndQuery, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var jws = CompactJws.Parse(await response.Content.ReadAsStringAsync(Ct));
        var payload = jws.PayloadObject()!;
        return (jws.Header, payload, TokenStatusArray.FromLst((int)payload["status_list"]!["bits"]!, (string)payload["status_list"]!["lst"]!), response);
    }

    private async Task<int> StatusAsync(WalletCopy copy) => (await ServedAsync(Uri(copy))).List.Get(copy.TokenStatusIndex!.Value);

    private string Origin => host.Services.GetRequiredService<Laurel.Infrastructure.Web.PublicOrigin>().Root;

    private string Uri(WalletCopy copy) => $"{Origin}/status/tokens/{copy.TokenStatusListId}";

    private Task<bool?> BitAsync(Guid listId, int index) =>
        host.InScopeAsync(sp => sp.GetRequiredService<StatusListService>().GetAsync(listId, index, Ct));

    [Fact]
    public async Task Token_status_list_is_served_as_statuslist_jwt_signed_with_the_issuer_ES256_key()
    {
        var award = await host.AwardThroughServiceAsync();
        var copy = await host.AddCopyAsync(award, WalletCredentialFormat.SdJwtVc);
        Assert.NotNull(copy.TokenStatusIndex);
        Assert.Null(copy.StatusIndex);

        var (header, payload, list, response) = await ServedAsync(Uri(copy));

        Assert.Equal("application/statuslist+jwt", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("statuslist+jwt", (string?)header["typ"]);
        Assert.Equal("ES256", (string?)header["alg"]);
        Assert.Equal(Uri(copy), (string?)payload["sub"]);
        Assert.Equal(Origin + "/oid4vci/uu", (string?)payload["iss"]);
        Assert.True((long)payload["ttl"]! > 0);
        Assert.True((long)payload["exp"]! > (long)payload["iat"]!);
        Assert.Equal(2, list.Bits);
        Assert.Equal(TokenStatus.Valid, list.Get(copy.TokenStatusIndex!.Value));

        // The signature verifies with the key the kid names in the issuer's JWT VC Issuer Metadata.
        using var client = host.CreateClient();
        var jwks = JsonNode.Parse(await client.GetStringAsync("/.well-known/jwt-vc-issuer/oid4vci/uu", Ct))!["jwks"]!["keys"]!.AsArray();
        var jwk = jwks.Single(k => (string?)k!["kid"] == (string?)header["kid"])!.AsObject();
        using var key = JwsKey.FromPublicJwk(new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = (string?)jwk["x"], ["y"] = (string?)jwk["y"] });
        var token = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(CompactJws.Parse(token).Verify(key.Key));

        var again = new HttpRequestMessage(HttpMethod.Get, new Uri(Uri(copy)).PathAndQuery);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/status/tokens/{Guid.NewGuid()}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Every_copy_follows_suspend_reinstate_and_revoke_and_a_stopped_copy_stays_invalid()
    {
        var award = await host.AwardThroughServiceAsync();
        var first = await host.AddCopyAsync(award, WalletCredentialFormat.SdJwtVc);
        var second = await host.AddCopyAsync(award, WalletCredentialFormat.SdJwtVc);
        var ldp = await host.AddCopyAsync(award, WalletCredentialFormat.LdpVc);
        Assert.NotEqual(first.TokenStatusIndex, second.TokenStatusIndex);
        var own = await host.DbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.Id == award, Ct));
        Assert.NotEqual(own.StatusIndex, ldp.StatusIndex);

        await host.StopAsync(second.Id);
        Assert.Equal(TokenStatus.Invalid, await StatusAsync(second));
        Assert.Equal(TokenStatus.Valid, await StatusAsync(first));
        Assert.NotNull(await host.DbAsync(db => db.WalletCopies.Where(c => c.Id == second.Id).Select(c => c.StoppedAt).SingleAsync(Ct)));
        Assert.False(await BitAsync(own.RevocationListId, own.StatusIndex));

        await host.ChangeAsync(award, AwardStatusAction.Suspend);
        Assert.Equal(TokenStatus.Suspended, await StatusAsync(first));
        Assert.Equal(TokenStatus.Invalid, await StatusAsync(second));
        Assert.True(await BitAsync(ldp.SuspensionListId!.Value, ldp.StatusIndex!.Value));

        await host.ChangeAsync(award, AwardStatusAction.Reinstate);
        Assert.Equal(TokenStatus.Valid, await StatusAsync(first));
        Assert.Equal(TokenStatus.Invalid, await StatusAsync(second));
        Assert.False(await BitAsync(ldp.SuspensionListId.Value, ldp.StatusIndex.Value));
        Assert.False(await BitAsync(ldp.RevocationListId!.Value, ldp.StatusIndex.Value));

        await host.ChangeAsync(award, AwardStatusAction.Revoke);
        Assert.Equal(TokenStatus.Invalid, await StatusAsync(first));
        Assert.True(await BitAsync(ldp.RevocationListId.Value, ldp.StatusIndex.Value));
    }

    [Fact]
    public async Task When_one_copy_cannot_be_set_nothing_changes_not_the_award_nor_its_other_copies()
    {
        var award = await host.AwardThroughServiceAsync();
        var good = await host.AddCopyAsync(award, WalletCredentialFormat.SdJwtVc);
        var ldp = await host.AddCopyAsync(award, WalletCredentialFormat.JwtVcJson);
        // A copy whose Token Status List entry is gone: setting it fails after everything else was written.
        await host.DbAsync(async db =>
        {
            db.WalletCopies.Add(new WalletCopy
            {
                Id = Guid.CreateVersion7(), AwardId = award, InstitutionId = good.InstitutionId, Format = WalletCredentialFormat.SdJwtVc,
                ConfigurationId = good.ConfigurationId, Protocol = "pre-authorized_code", HolderKeyThumbprint = "broken",
                NotificationId = Guid.NewGuid().ToString("N"), TokenStatusListId = Guid.NewGuid(), TokenStatusIndex = 7, IssuedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync(Ct);
        });

        var awarder = await host.StaffAsync("a.bakker@uu.example");
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<RevokeAndSuspend>();
            var loaded = await service.FindAsync(award, Ct);
            await Assert.ThrowsAnyAsync<KeyNotFoundException>(() => service.ApplyAsync(awarder, loaded!, AwardStatusAction.Suspend, "Broken", "web", Ct));
        }

        var own = await host.DbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.Id == award, Ct));
        Assert.NotEqual(AwardState.Suspended, own.State);
        Assert.False(await BitAsync(own.SuspensionListId, own.StatusIndex));
        Assert.False(await BitAsync(ldp.SuspensionListId!.Value, ldp.StatusIndex!.Value));
        Assert.Equal(TokenStatus.Valid, await StatusAsync(good));
    }
}

public sealed class WalletCopyStatusTestsOnSqlite(SqliteHost host) : WalletCopyStatusTests(host), IClassFixture<SqliteHost>;

public sealed class WalletCopyStatusTestsOnPostgres(PostgresHost host) : WalletCopyStatusTests(host), IClassFixture<PostgresHost>;
