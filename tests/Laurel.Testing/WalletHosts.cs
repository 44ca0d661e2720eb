namespace Laurel.Testing;

/// <summary>
/// Laurel listening at its public origin (a free loopback port, <c>Laurel:PublicBaseUrl</c> = the Kestrel URL), so the
/// addresses in offers, QR codes, issuer metadata, DPoP <c>htu</c> and proof <c>aud</c> reach this host as a wallet follows them.
/// </summary>
public static class WalletHostOptions
{
    public static TestHostOptions For(Db db, bool oidc = false)
    {
        var url = $"http://127.0.0.1:{TestPorts.Free()}";
        var options = new TestHostOptions(db).WithSetting("Laurel:PublicBaseUrl", url).WithSetting("Kestrel:Endpoints:Http:Url", url);
        return oidc ? options.WithOidc() : options;
    }
}

/// <summary>The whole app (all wallet parts real) on SQLite at its public origin.</summary>
public sealed class WalletSqliteHost() : LaurelHost(WalletHostOptions.For(Db.Sqlite));

/// <summary>The whole app (all wallet parts real) on PostgreSQL at its public origin.</summary>
public sealed class WalletPostgresHost() : LaurelHost(WalletHostOptions.For(Db.Postgres));

/// <summary>The same on SQLite with the real OIDC provider (eduID sign-in for the authorization code flow).</summary>
public sealed class WalletOidcSqliteHost() : LaurelHost(WalletHostOptions.For(Db.Sqlite, oidc: true)), IOidcHost;

/// <summary>The same on PostgreSQL with the real OIDC provider.</summary>
public sealed class WalletOidcPostgresHost() : LaurelHost(WalletHostOptions.For(Db.Postgres, oidc: true)), IOidcHost;
