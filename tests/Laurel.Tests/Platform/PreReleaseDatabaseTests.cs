using Laurel.Infrastructure;
using Laurel.Infrastructure.Database;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Platform;

/// <summary>
/// The pre-release migrations were squashed into one initial migration per provider. A database made before that must not be
/// migrated again from scratch (every CREATE TABLE would fail half-way): Laurel refuses to start and says what to do.
/// </summary>
public sealed class PreReleaseDatabaseTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("laurel-prerelease-").FullName;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string DatabaseFile => Path.Combine(_folder, "laurel.db");

    [Fact]
    public async Task A_database_from_before_the_squash_is_refused_with_what_to_do()
    {
        await using (var connection = new SqliteConnection($"Data Source={DatabaseFile}"))
        {
            await connection.OpenAsync(Ct);
            var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsHistory" VALUES ('20261123143111_Initial', '10.0.0'), ('20261206100628_S13A_AwardVersion', '10.0.0');
                CREATE TABLE "Institutions" ("Id" TEXT PRIMARY KEY);
                """;
            await command.ExecuteNonQueryAsync(Ct);
        }

        await using var app = LaurelApp.Build(["--environment=Development", "--urls=http://127.0.0.1:0", $"--Laurel:Database:ConnectionString=Data Source={DatabaseFile}"]);
        var refused = await Assert.ThrowsAsync<StartupRefusedException>(() => LaurelApp.InitializeAsync(app, Ct));
        Assert.Contains("20261123143111_Initial", refused.Message);
        Assert.Contains("new, empty database", refused.Message);
        Assert.Contains("delete data/laurel.db", refused.Message);
    }

    [Fact]
    public async Task A_new_database_is_created_and_a_second_start_finds_nothing_to_do()
    {
        string[] args = ["--environment=Development", "--urls=http://127.0.0.1:0", $"--Laurel:Database:ConnectionString=Data Source={DatabaseFile}",
            "--Laurel:Demo:SampleAwards=false"];
        await using (var first = LaurelApp.Build(args)) await LaurelApp.InitializeAsync(first, Ct);
        await using var second = LaurelApp.Build(args);
        await LaurelApp.InitializeAsync(second, Ct);

        await using var connection = new SqliteConnection($"Data Source={DatabaseFile}");
        await connection.OpenAsync(Ct);
        var command = connection.CreateCommand();
        command.CommandText = """SELECT count(*) FROM "__EFMigrationsHistory" """;
        await using var scope = second.Services.CreateAsyncScope();
        var migrations = scope.ServiceProvider.GetRequiredService<LaurelDb>().Database.GetMigrations().LongCount();
        Assert.Equal(migrations, (long)(await command.ExecuteScalarAsync(Ct))!); // every migration applied once, none twice
    }
}
