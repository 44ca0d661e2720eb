namespace Laurel.Testing;

// xunit needs one concrete class per class-fixture composition; each is a one-liner over TestHostOptions. A test class
// that runs on both databases takes the base (LaurelHost or a capability interface below) and has one sealed subclass per
// fixture. A new combination is a new line here, not a new class hierarchy.

public class SqliteHost() : LaurelHost(Db.Sqlite);

public class PostgresHost() : LaurelHost(Db.Postgres)
{
    /// <summary>Server connection string from <c>LAUREL_TEST_POSTGRES</c> (set by ./test.sh).</summary>
    public static string ServerConnectionString => PostgresDatabase.ServerConnectionString;
}

public sealed class OidcSqliteHost() : LaurelHost(new TestHostOptions(Db.Sqlite).WithOidc()), IOidcHost;

public sealed class OidcPostgresHost() : LaurelHost(new TestHostOptions(Db.Postgres).WithOidc()), IOidcHost;

public sealed class MailSqliteHost() : LaurelHost(new TestHostOptions(Db.Sqlite).WithSmtp(reject: "reject")), IMailHost;

public sealed class MailPostgresHost() : LaurelHost(new TestHostOptions(Db.Postgres).WithSmtp(reject: "reject")), IMailHost;

public sealed class OidcMailSqliteHost() : LaurelHost(new TestHostOptions(Db.Sqlite).WithSmtp().WithOidc()), IOidcMailHost;

public sealed class OidcMailPostgresHost() : LaurelHost(new TestHostOptions(Db.Postgres).WithSmtp().WithOidc()), IOidcMailHost;

public sealed class WebhookSqliteHost() : LaurelHost(new TestHostOptions(Db.Sqlite).WithWebhooks()), IWebhookHost;

public sealed class WebhookPostgresHost() : LaurelHost(new TestHostOptions(Db.Postgres).WithWebhooks()), IWebhookHost;

public sealed class ImportSqliteHost() : LaurelHost(new TestHostOptions(Db.Sqlite).WithForeignIssuer()), IImportHost;

public sealed class ImportPostgresHost() : LaurelHost(new TestHostOptions(Db.Postgres).WithForeignIssuer()), IImportHost;

/// <summary>Laurel on SQLite with <see cref="OtherIssuer"/>'s loopback server on its fetch allow-list.</summary>
public class VerifyHost() : LaurelHost(new TestHostOptions(Db.Sqlite).WithOtherIssuer())
{
    public OtherIssuer Issuer => AddOn<FetchablePeerAddOn<OtherIssuer>>().Peer;
}

/// <summary>Laurel on SQLite over HTTPS at <see cref="Origin"/>, its public base URL (see <see cref="HttpsAddOn"/>).</summary>
public sealed class HttpsSqliteHost() : LaurelHost(new TestHostOptions(Db.Sqlite).WithHttps())
{
    public TestCertificates Certificates => AddOn<HttpsAddOn>().Certificates;
    public string Origin => AddOn<HttpsAddOn>().Origin;
}

// What a test class needs of its host, so one abstract test class serves the SQLite and the PostgreSQL fixture.

public interface IOidcHost
{
    LaurelHost Laurel { get; }
    OidcProviderProcess Provider { get; }
}

public interface IMailHost
{
    LaurelHost Laurel { get; }
    SmtpServerProcess Smtp { get; }
}

public interface IOidcMailHost : IOidcHost
{
    SmtpServerProcess Smtp { get; }
}

public interface IWebhookHost
{
    LaurelHost Laurel { get; }
    WebhookReceiver Receiver { get; }
    /// <summary>An allow-listed loopback port with no server behind it (a receiver that is down).</summary>
    int DeadPort { get; }
}

public interface IImportHost
{
    ForeignIssuer Foreign { get; }
}
