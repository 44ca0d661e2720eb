using Npgsql;

namespace Laurel.Tests.Infrastructure;

/// <summary>Laurel on a fresh SQLite file.</summary>
public class SqliteHost : LaurelHost
{
    private string? _folder;

    public override string DatabaseName => "SQLite";

    protected override Task<Dictionary<string, string?>> CreateDatabaseAsync()
    {
        _folder = Directory.CreateTempSubdirectory("laurel-test-").FullName;
        return Task.FromResult(new Dictionary<string, string?>
        {
            ["Laurel:Database:Provider"] = "sqlite",
            ["Laurel:Database:ConnectionString"] = $"Data Source={Path.Combine(_folder, "laurel.db")}",
        });
    }

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_folder is not null) Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>Laurel on a fresh database in the throwaway PostgreSQL cluster that ./test.sh starts.</summary>
public class PostgresHost : LaurelHost
{
    private string? _database;

    public override string DatabaseName => "PostgreSQL";

    /// <summary>Server connection string from <c>LAUREL_TEST_POSTGRES</c> (set by ./test.sh).</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("LAUREL_TEST_POSTGRES")
        ?? throw new InvalidOperationException("LAUREL_TEST_POSTGRES is not set: run the tests through ./test.sh, which starts PostgreSQL.");

    protected override async Task<Dictionary<string, string?>> CreateDatabaseAsync()
    {
        _database = "laurel_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = _database };
        return new Dictionary<string, string?>
        {
            ["Laurel:Database:Provider"] = "postgres",
            ["Laurel:Database:ConnectionString"] = builder.ToString(),
        };
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_database is null) return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
