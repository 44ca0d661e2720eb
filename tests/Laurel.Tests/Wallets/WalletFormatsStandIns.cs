using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Features.Wallets;
using Laurel.Infrastructure.Web;

namespace Laurel.Tests.Wallets;

/// <summary>
/// Stand-in for the keys part's <see cref="IInstitutionEs256Keys"/> (Features/Publishing/Keys): one P-256 key per institution,
/// generated on first use and kept in memory. Once the real keys are merged, the app's registration wins over this one and
/// <c>/.well-known/jwt-vc-issuer</c> serves the key (then the SD-JWT VC test can take the JWK from there).
/// </summary>
public sealed class FakeInstitutionEs256Keys : IInstitutionEs256Keys
{
    private readonly ConcurrentDictionary<Guid, P256Key> _keys = new();

    public Task<(JwsKey Key, string KeyId)> ActiveAsync(Guid institutionId, CancellationToken ct)
    {
        var key = _keys.GetOrAdd(institutionId, _ => P256Key.Generate());
        return Task.FromResult<(JwsKey, string)>((new Es256JwsKey(key), $"es256-{institutionId:N}"));
    }

    /// <summary>The public JWK a verifier would find for the institution.</summary>
    public JsonObject PublicJwk(Guid institutionId) => P256Jwk.Export(_keys[institutionId]);
}

/// <summary>
/// Stand-in for the status part's <see cref="IWalletStatus"/> (Features/Wallets/Status): Data Integrity and VC-JWT copies get a
/// real index in the institution's Bitstring Status Lists (so independent verifiers check it); SD-JWT VC copies get a random
/// index in a Token Status List that is not served. Stopping a copy sets its revocation bit.
/// </summary>
public sealed class FakeWalletStatus(StatusListService statusLists, PublicOrigin origin, Laurel.Infrastructure.Database.LaurelDb db) : IWalletStatus
{
    public async Task<CopyStatus> AllocateAsync(Guid institutionId, WalletCredentialFormat format, CancellationToken ct)
    {
        if (format == WalletCredentialFormat.SdJwtVc)
            return new CopyStatus(Guid.Empty, RandomNumberGenerator.GetInt32(0, 1 << 17), origin.Url($"/stand-in/token-status/{institutionId:N}"), null, null, null);
        var allocation = await statusLists.AllocateAsync(institutionId, ct);
        return new CopyStatus(null, null, null, allocation.RevocationListId, allocation.SuspensionListId, allocation.Index);
    }

    public async Task StopCopyAsync(Guid copyId, CancellationToken ct)
    {
        var copy = await db.WalletCopies.FindAsync([copyId], ct) ?? throw new KeyNotFoundException();
        Debug.Assert(copy.RevocationListId is not null);
        await statusLists.SetAsync(copy.RevocationListId!.Value, copy.StatusIndex!.Value, true, ct);
    }
}

/// <summary>Registers the stand-ins (the app's own registrations, once merged, come later and win).</summary>
public static class WalletFormatsStandIns
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<FakeInstitutionEs256Keys>();
        services.AddSingleton<IInstitutionEs256Keys>(sp => sp.GetRequiredService<FakeInstitutionEs256Keys>());
        services.AddScoped<IWalletStatus, FakeWalletStatus>();
    }
}

/// <summary>Laurel over HTTPS (the vct, DIDs and status lists are https URLs) with the wallet stand-ins.</summary>
public sealed class WalletHttpsHost() : LaurelHost(new TestHostOptions(Db.Sqlite).WithHttps().WithServices(WalletFormatsStandIns.Add))
{
    public TestCertificates Certificates => AddOn<HttpsAddOn>().Certificates;
    public string Origin => AddOn<HttpsAddOn>().Origin;
}

/// <summary>The same on PostgreSQL (over plain http: the tests there do not run npm verifiers that insist on https).</summary>
public sealed class WalletPostgresHost() : LaurelHost(new TestHostOptions(Db.Postgres).WithServices(WalletFormatsStandIns.Add));

/// <summary>Laurel on SQLite over plain http with the wallet stand-ins (pages and in-process issuing).</summary>
public sealed class WalletSqliteHost() : LaurelHost(new TestHostOptions(Db.Sqlite).WithServices(WalletFormatsStandIns.Add));
