using System.Text;
using Laurel.Credentials.Verification;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Bulk;

/// <summary>
/// PostgreSQL: bulk award COPYs its rows with lz4 TOAST compression (PostgresCopy sets it for the batch's transaction when the server
/// has lz4), which costs PostgreSQL a fraction of the default pglz's CPU; the stored credentials read back and verify unchanged.
/// </summary>
public sealed class BulkToastCompressionTestsOnPostgres(PostgresHost host) : IClassFixture<PostgresHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bulk_awarded_credentials_are_stored_lz4_compressed_and_verify()
    {
        var achievementId = await host.NewAchievementAsync();
        var csv = new StringBuilder("email,grade,completion date\n");
        for (var i = 0; i < 30; i++) csv.Append($"lz4-{i}-{Guid.NewGuid():N}@example.org,8,2025-06-01\n");
        using var awarder = await host.SignInAsDemoAsync("awarder");
        await awarder.ConfirmAsync(await awarder.UploadOkAsync(achievementId, csv.ToString()));

        var lz4 = await host.DbAsync(db => db.Database.SqlQueryRaw<bool>(
            "SELECT 'lz4' = ANY(enumvals) AS \"Value\" FROM pg_settings WHERE name = 'default_toast_compression'").SingleAsync(Ct));
        var methods = await host.DbAsync(db => db.Database.SqlQueryRaw<string>(
            "SELECT coalesce(pg_column_compression(\"CredentialJson\"), 'none') AS \"Value\" FROM \"Awards\" WHERE \"AchievementId\" = {0}", achievementId)
            .ToListAsync(Ct));
        Assert.Equal(30, methods.Count);
        // Outside the batch's transaction the server default (pglz) is untouched.
        var sessionDefault = await host.DbAsync(db => db.Database.SqlQueryRaw<string>("SELECT current_setting('default_toast_compression') AS \"Value\"").SingleAsync(Ct));
        Assert.Equal("pglz", sessionDefault);
        Assert.All(methods, m => Assert.Equal(lz4 ? "lz4" : "pglz", m));

        var credentials = await host.DbAsync(db => db.Awards.Where(a => a.AchievementId == achievementId).Select(a => a.CredentialJson).ToListAsync(Ct));
        foreach (var credential in credentials.Take(3))
            Assert.Equal(Verdict.Valid, (await host.VerifyAsync(credential)).Verdict);
    }
}
