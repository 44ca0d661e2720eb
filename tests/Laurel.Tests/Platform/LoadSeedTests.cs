using System.Net;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;
using Laurel.Features.Dev;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Platform;

/// <summary>
/// <c>laurel seed-load</c> (the load suite's data): the rows it promises exist, its awards are real signed credentials that the
/// app's own badge pages show valid (or revoked, from the status list), and a second run adds nothing unless asked to append.
/// </summary>
public abstract class LoadSeedTests(LaurelHost host) : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _output = Directory.CreateTempSubdirectory("laurel-load-seed-").FullName;

    [Fact]
    public async Task Seeded_awards_are_counted_verify_on_their_badge_pages_and_a_second_run_is_refused_unless_appending()
    {
        var options = new LoadSeedOptions { Awards = 300, Definitions = 6, Institutions = 3, Audit = 600, OutputDirectory = _output, BatchSize = 90 };
        Assert.True(await LoadSeeder.SeedAsync(host.Services, options, TextWriter.Null, Ct));

        var (awards, states, institutions, learners, mail, sent, audit, completions) = await host.DbAsync(async db => (
            await db.Awards.CountAsync(a => a.Achievement!.Name.StartsWith("Load test course "), Ct),
            await db.Awards.Where(a => a.Achievement!.Name.StartsWith("Load test course ")).GroupBy(a => a.State)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, Ct),
            await db.Awards.Where(a => a.Achievement!.Name.StartsWith("Load test course ")).Select(a => a.InstitutionId).Distinct().CountAsync(Ct),
            await db.LinkedIdentities.CountAsync(i => i.Subject.EndsWith("@load.example"), Ct),
            await db.OutboxMessages.CountAsync(m => m.Subject.StartsWith("Je badge"), Ct),
            await db.OutboxMessages.CountAsync(m => m.Subject.StartsWith("Je badge") && m.SentAt != null, Ct),
            await db.AuditEntries.CountAsync(e => e.ActorName == "load seed", Ct),
            await db.Completions.CountAsync(Ct)));
        Assert.Equal(300, awards);
        Assert.Equal(255, states[AwardState.Issued]);
        Assert.Equal(15, states[AwardState.Revoked]);
        // The 30 waiting awards are where the claim jobs would have left them: those past the expiry days (90, over a year of
        // issue dates most of them) expired, the others still waiting with the reminders of passed days counted as sent.
        Assert.Equal(30, states.GetValueOrDefault(AwardState.AwaitingClaim) + states.GetValueOrDefault(AwardState.Expired));
        Assert.InRange(states.GetValueOrDefault(AwardState.Expired), 20, 25);
        Assert.InRange(states.GetValueOrDefault(AwardState.AwaitingClaim), 5, 10);
        Assert.Equal(3, institutions);                     // "other definitions' awards" in several institutions
        Assert.Equal(100, learners);                       // three awards a learner
        Assert.Equal(300, mail);
        Assert.Equal(298, sent);                           // of every thousand one failed for good and one waits for a retry
        Assert.Equal(600, audit);
        Assert.True(completions > 0);
        Assert.Equal(255, File.ReadAllLines(Path.Combine(_output, "badges.txt")).Length);
        Assert.Equal(100, File.ReadAllLines(Path.Combine(_output, "learners.txt")).Length);

        using var anonymous = host.CreateClient();
        var issued = Guid.Parse(File.ReadLines(Path.Combine(_output, "badges.txt")).Last());
        Assert.Contains("id=\"verdict\"><strong>Valid:", await anonymous.GetStringAsync($"/badges/{issued}?culture=en", Ct));
        var file = await anonymous.GetByteArrayAsync($"/badges/{issued}/credential.json", Ct);
        Assert.Equal(Verdict.Valid, (await host.VerifyWithLaurelAsync(file)).Verdict);

        // The page shows the award revoked, and its credential file is revoked for any verifier (the seeder set its status bit).
        var revoked = Guid.Parse(File.ReadLines(Path.Combine(_output, "revoked.txt")).First());
        var page = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/badges/{revoked}?culture=en", Ct));
        Assert.Contains("Revoked", page);
        Assert.Contains("Assessment annulled by the exam board", page);
        var revokedFile = await anonymous.GetByteArrayAsync($"/badges/{revoked}/credential.json", Ct);
        var report = await host.VerifyWithLaurelAsync(revokedFile);
        Assert.True(report.Verdict == Verdict.Invalid && report.StatusReason == "revoked",
            $"{report.Verdict} {report.StatusReason}: {System.Text.Encoding.UTF8.GetString(revokedFile)}");

        // No backlog for the claim jobs: a housekeeping run right after the seed expires and reminds nothing, and an expired
        // award's credential is revoked for any verifier (as ClaimExpiryJob leaves it).
        Task<(int Waiting, int Reminders)> WaitingAsync() => host.DbAsync(async db =>
        {
            var waiting = db.Awards.Where(a => a.Achievement!.Name.StartsWith("Load test course ") && a.State == AwardState.AwaitingClaim);
            return (await waiting.CountAsync(Ct), await waiting.SumAsync(a => a.ClaimRemindersSent, Ct));
        });
        var beforeHousekeeping = await WaitingAsync();
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Laurel.Features.Awards.Claims.Housekeeping>().RunOnceAsync(DateTime.UtcNow, Ct);
        Assert.Equal(beforeHousekeeping, await WaitingAsync());
        Assert.True(beforeHousekeeping.Reminders > 0);
        var expired = await host.DbAsync(db => db.Awards.Where(a => a.Achievement!.Name.StartsWith("Load test course ") && a.State == AwardState.Expired)
            .Select(a => new { a.Id, a.CredentialJson, a.IssuedAt, a.ClaimDecidedAt }).FirstAsync(Ct));
        Assert.Equal(expired.IssuedAt.AddDays(Laurel.Features.Awards.Claims.ClaimSettings.DefaultExpiryDays), expired.ClaimDecidedAt);
        var expiredReport = await host.VerifyWithLaurelAsync(System.Text.Encoding.UTF8.GetBytes(expired.CredentialJson));
        Assert.True(expiredReport.Verdict == Verdict.Invalid && expiredReport.StatusReason == "revoked", $"{expiredReport.Verdict} {expiredReport.StatusReason}");

        // Learners can sign in with the development e-mail sign-in (the load suite's learner sign-in).
        var learner = File.ReadLines(Path.Combine(_output, "learners.txt")).First();
        Assert.NotNull(await host.DbAsync(db => db.LinkedIdentities.FirstOrDefaultAsync(i => i.Provider == "dev-email" && i.Subject == learner, Ct)));

        Assert.False(await LoadSeeder.SeedAsync(host.Services, options with { Awards = 30 }, TextWriter.Null, Ct));
        Assert.Equal(300, await host.DbAsync(db => db.Awards.CountAsync(a => a.Achievement!.Name.StartsWith("Load test course "), Ct)));
        Assert.True(await LoadSeeder.SeedAsync(host.Services, options with { Awards = 30, Append = true }, TextWriter.Null, Ct));
        Assert.Equal(330, await host.DbAsync(db => db.Awards.CountAsync(a => a.Achievement!.Name.StartsWith("Load test course "), Ct)));
        Assert.Equal(2, await host.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == LoadSeeder.SeededAction, Ct)));
        Assert.Equal(6, await host.DbAsync(db => db.Achievements.CountAsync(a => a.Name.StartsWith("Load test course "), Ct)));
    }

    [Fact]
    public void Options_that_cannot_work_are_refused_with_the_reason()
    {
        Assert.Contains("--definitions", LoadSeedCommand.Problem(new LoadSeedOptions { Definitions = 2 }));
        Assert.Contains("--audit", LoadSeedCommand.Problem(new LoadSeedOptions { Audit = LoadSeedCommand.MaxAudit + 1 }));
        Assert.Null(LoadSeedCommand.Problem(new LoadSeedOptions()));
    }

    public void Dispose()
    {
        Directory.Delete(_output, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class LoadSeedTestsOnSqlite(SqliteHost host) : LoadSeedTests(host), IClassFixture<SqliteHost>;

public sealed class LoadSeedTestsOnPostgres(PostgresHost host) : LoadSeedTests(host), IClassFixture<PostgresHost>;
