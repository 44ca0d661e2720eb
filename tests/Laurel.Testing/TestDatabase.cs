using Npgsql;

namespace Laurel.Testing;

/// <summary>The database a test host runs on.</summary>
public enum Db { Sqlite, Postgres }

/// <summary>Creates an empty database for one test host and drops it afterwards.</summary>
internal abstract class TestDatabase
{
    public abstract string Name { get; }

    /// <summary>Creates an empty database and returns the settings that point Laurel at it.</summary>
    public abstract Task<Dictionary<string, string?>> CreateAsync();

    public abstract Task DropAsync();

    public static TestDatabase For(Db db) => db switch
    {
        Db.Sqlite => new SqliteDatabase(),
        Db.Postgres => new PostgresDatabase(),
        _ => throw new ArgumentOutOfRangeException(nameof(db)),
    };
}

/// <summary>A fresh SQLite file in a temporary folder.</summary>
internal sealed class SqliteDatabase : TestDatabase
{
    private string? _folder;

    public override string Name => "SQLite";

    public override Task<Dictionary<string, string?>> CreateAsync()
    {
        _folder = Directory.CreateTempSubdirectory("laurel-test-").FullName;
        return Task.FromResult(new Dictionary<string, string?>
        {
            ["Laurel:Database:Provider"] = "sqlite",
            ["Laurel:Database:ConnectionString"] = $"Data Source={Path.Combine(_folder, "laurel.db")}",
        });
    }

    public override Task DropAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_folder is not null) Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>A fresh database in the throwaway PostgreSQL cluster that ./test.sh starts.</summary>
internal sealed class PostgresDatabase : TestDatabase
{
    private string? _database;

    public override string Name => "PostgreSQL";

    /// <summary>Server connection string from <c>LAUREL_TEST_POSTGRES</c> (set by ./test.sh).</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("LAUREL_TEST_POSTGRES")
        ?? throw new InvalidOperationException("LAUREL_TEST_POSTGRES is not set: run the tests through ./test.sh, which starts PostgreSQL.");

    public override async Task<Dictionary<string, string?>> CreateAsync()
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

    public override async Task DropAsync()
    {
        if (_database is null) return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
