using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Laurel.Infrastructure.Database;

/// <summary>Registers <see cref="LaurelDb"/> for the configured provider (pooled: public pages open one per request) and applies migrations.</summary>
public static class DatabaseSetup
{
    public static IServiceCollection AddLaurelDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        if (options.IsPostgres)
        {
            var connection = options.ConnectionString
                ?? throw new InvalidOperationException("Laurel:Database:ConnectionString is required for PostgreSQL.");
            services.AddDbContextPool<LaurelDb, PostgresLaurelDb>(o => o.UseNpgsql(PostgresConnectionString(connection)));
        }
        else
        {
            var connection = SqliteConnectionString(options.ConnectionString);
            services.AddDbContextPool<LaurelDb, SqliteLaurelDb>(o => o.UseSqlite(connection));
        }
        return services;
    }

    /// <summary>Applies pending migrations (creating the database and its folder when needed).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        // The pre-release migrations were squashed into one initial migration per provider (nothing had been released). A database
        // made before that records migrations this build does not know: migrating it would try to create every table again.
        var unknown = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Except(db.Database.GetMigrations()).ToList();
        if (unknown.Count > 0)
            throw new StartupRefusedException(
                $"The database was created by a pre-release Laurel (it records the migration {unknown[0]}, which this version does not have). "
                + "Laurel's schema was reset before its first release: start from a new, empty database. For the demo, delete data/laurel.db.");
        await db.Database.MigrateAsync(cancellationToken);
        // Every command that opens the database comes through here: a key ring left in plain text is encrypted before use (issue 12).
        await KeyRingProtection.ProtectStoredKeysAsync(services, cancellationToken);
    }

    /// <summary>
    /// The configured PostgreSQL connection string with <c>No Reset On Close</c> on and <c>Max Auto Prepare</c> at
    /// <see cref="AutoPreparedStatements"/>, each unless it is set explicitly. Laurel keeps no session state on a connection (no
    /// temporary tables, session settings, advisory locks or LISTEN), so the reset Npgsql otherwise sends each time a pooled
    /// connection is taken again is a wasted round trip: 7–8 per award on the results API (issue 18, results round 2). Without
    /// automatic preparation PostgreSQL parses and plans every statement on every execution; the badge page's tag query alone
    /// spent ≈ 1 ms of PostgreSQL CPU per view that way (issue 18, pages round 3). Behind a pooler that cannot keep prepared
    /// statements (PgBouncer before 1.21 in transaction mode) an operator sets <c>Max Auto Prepare=0</c>.
    /// </summary>
    internal static string PostgresConnectionString(string configured)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(configured);
        if (!Names(configured, "No Reset On Close", "NoResetOnClose")) builder.NoResetOnClose = true;
        if (!Names(configured, "Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = AutoPreparedStatements;
        return builder.ConnectionString;
    }

    /// <summary>Statements Npgsql prepares per physical connection (the hottest ones: it prepares a statement on its fifth use).</summary>
    internal const int AutoPreparedStatements = 100;

    private static bool Names(string configured, params string[] keys) =>
        keys.Any(key => configured.Contains(key, StringComparison.OrdinalIgnoreCase));

    internal static string SqliteConnectionString(string? configured)
    {
        var builder = new SqliteConnectionStringBuilder(configured ?? "Data Source=data/laurel.db");
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        builder.ForeignKeys = true;
        return builder.ToString();
    }
}

/// <summary>Used by <c>dotnet ef</c> to create SQLite migrations.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLaurelDb>
{
    public SqliteLaurelDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteLaurelDb>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Used by <c>dotnet ef</c> to create PostgreSQL migrations.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresLaurelDb>
{
    public PostgresLaurelDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresLaurelDb>().UseNpgsql("Host=localhost;Database=laurel_design").Options);
}
