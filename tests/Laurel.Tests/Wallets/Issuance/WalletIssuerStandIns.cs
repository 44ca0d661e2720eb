using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Laurel.Features.Wallets;
using Microsoft.AspNetCore.Http;

namespace Laurel.Tests.Wallets.Issuance;

/// <summary>
/// Test-only stand-ins for the parts of issue 16 the issuer endpoints call but other parts implement: the authorization
/// server's token check (<see cref="FakeWalletAccessTokens"/>), the copies' status lists (<see cref="FakeWalletStatus"/>)
/// and the credential formats (<see cref="FakeWalletCredentialFactory"/>). Once those parts are merged, the reference-wallet
/// test should get its token from the real token endpoint (pre-authorized code + tx_code) and verify real credentials.
/// </summary>
public static class WalletIssuerStandIns
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<FakeWalletAccessTokens>();
        services.AddSingleton<IWalletAccessTokens>(sp => sp.GetRequiredService<FakeWalletAccessTokens>());
        services.AddSingleton<IWalletStatus, FakeWalletStatus>();
        services.AddSingleton<IWalletCredentialFactory, FakeWalletCredentialFactory>();
    }
}

/// <summary>Bearer tokens the test hands out itself, each mapped to a grant (stand-in for the token endpoint's tokens).</summary>
public sealed class FakeWalletAccessTokens : IWalletAccessTokens
{
    private readonly ConcurrentDictionary<string, WalletGrant> _grants = new();

    /// <summary>A new bearer token for the grant.</summary>
    public string Issue(WalletGrant grant)
    {
        var token = "test-token-" + Guid.NewGuid().ToString("N");
        _grants[token] = grant;
        return token;
    }

    public Task<WalletAccess> ValidateAsync(HttpRequest request, string endpointUrl, CancellationToken ct)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
            return Task.FromResult(WalletAccess.Refused("invalid_token", "No access token."));
        return Task.FromResult(_grants.TryGetValue(header["Bearer ".Length..], out var grant)
            ? WalletAccess.Allowed(grant)
            : WalletAccess.Refused("invalid_token", "Unknown access token."));
    }
}

/// <summary>Hands out increasing status indices in two fixed lists (stand-in for the Status part).</summary>
public sealed class FakeWalletStatus : IWalletStatus
{
    public static readonly Guid TokenList = Guid.Parse("0195e7a0-0000-7000-8000-000000000001");
    public static readonly Guid RevocationList = Guid.Parse("0195e7a0-0000-7000-8000-000000000002");
    public static readonly Guid SuspensionList = Guid.Parse("0195e7a0-0000-7000-8000-000000000003");
    private int _next;

    public Task<CopyStatus> AllocateAsync(Guid institutionId, WalletCredentialFormat format, CancellationToken ct)
    {
        var index = Interlocked.Increment(ref _next);
        return Task.FromResult(format == WalletCredentialFormat.SdJwtVc
            ? new CopyStatus(TokenList, index, "https://status.test/" + TokenList, null, null, null)
            : new CopyStatus(null, null, null, RevocationList, SuspensionList, index));
    }

    public Task StopCopyAsync(Guid copyId, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// Makes a recognisable fake credential naming the award, holder key and status index (stand-in for the Formats part):
/// a string for SD-JWT VC and VC-JWT, an object for Data Integrity, as the real factory returns them.
/// </summary>
public sealed class FakeWalletCredentialFactory : IWalletCredentialFactory
{
    public Task<JsonNode> IssueAsync(Award award, WalletCredentialFormat format, HolderKey holder, CopyStatus status, CancellationToken ct) =>
        Task.FromResult<JsonNode>(format switch
        {
            WalletCredentialFormat.LdpVc => new JsonObject
            {
                ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
                ["id"] = $"urn:uuid:{award.Id}",
                ["credentialSubject"] = new JsonObject { ["id"] = holder.Did, ["achievement"] = new JsonObject { ["name"] = award.Achievement?.Name } },
                ["statusIndex"] = status.StatusIndex,
            },
            _ => JsonValue.Create($"fake-{format}~{award.Id}~{holder.Thumbprint}~{status.TokenStatusIndex ?? status.StatusIndex}")!,
        });
}

/// <summary>Laurel over HTTPS (wallet libraries insist on https) with the stand-ins above.</summary>
public abstract class WalletIssuerHost(TestHostOptions options) : LaurelHost(options.WithHttps().WithServices(WalletIssuerStandIns.Register))
{
    protected WalletIssuerHost(Db db) : this(new TestHostOptions(db)) { }

    public string Origin => AddOn<HttpsAddOn>().Origin;
    public string CaPemPath => AddOn<HttpsAddOn>().Certificates.CaPemPath;
    public FakeWalletAccessTokens Tokens => Services.GetRequiredService<FakeWalletAccessTokens>();

    /// <summary>A client for the loopback HTTPS origin (its certificate is the test CA's).</summary>
    public HttpClient Client()
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            AllowAutoRedirect = false,
        };
        return new HttpClient(handler) { BaseAddress = new Uri(Origin) };
    }
}

public sealed class WalletIssuerSqliteHost() : WalletIssuerHost(Db.Sqlite);

public sealed class WalletIssuerPostgresHost() : WalletIssuerHost(Db.Postgres);

/// <summary>The same, with a wallet endpoint budget of three requests a minute per client address.</summary>
public sealed class WalletIssuerLimitedHost() : WalletIssuerHost(new TestHostOptions(Db.Sqlite)
    .WithSetting("Laurel:RateLimits:WalletIssuance:PermitLimit", "3").WithSetting("Laurel:RateLimits:WalletIssuance:Window", "00:10:00"));
