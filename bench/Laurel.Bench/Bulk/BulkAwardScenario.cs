using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Laurel.Features.Achievements;
using Laurel.Features.Awards.Bulk;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Laurel.Bench.Bulk;

/// <summary>
/// <c>dotnet run -c Release --project bench/Laurel.Bench -- bulk [rows]</c>: the real bulk award service (read the CSV, check every
/// row, confirm: sign, store, queue e-mails) against a fresh database in the PostgreSQL server of <c>LAUREL_BENCH_POSTGRES</c>.
/// </summary>
public static class BulkAwardScenario
{
    public static async Task RunAsync(int rows)
    {
        var server = Environment.GetEnvironmentVariable("LAUREL_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("Set LAUREL_BENCH_POSTGRES to a PostgreSQL server connection string (a throwaway cluster).");
        var database = "laurel_bench_" + Guid.NewGuid().ToString("N")[..10];
        await ExecAsync(server, $"CREATE DATABASE {database}");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();
            var app = LaurelApp.Build(["--environment=Development", "--Laurel:Database:Provider=postgres", $"--Laurel:Database:ConnectionString={connection}"],
                b => b.Logging.SetMinimumLevel(LogLevel.Warning));
            await LaurelApp.InitializeAsync(app);
            await using (app)
            {
                var (achievementId, awarder) = await PrepareAsync(app.Services);
                var csv = Csv(rows);
                Console.WriteLine($"bulk award: {rows:N0} rows, {csv.Length / 1024.0 / 1024.0:F2} MB CSV, {Environment.ProcessorCount} cores, PostgreSQL");
                // One warm-up of 20 rows so JIT, JSON-LD contexts and the issuer key do not count against the file.
                await RunOnceAsync(app.Services, achievementId, awarder, Csv(20, "warmup"), print: false);
                await RunOnceAsync(app.Services, achievementId, awarder, csv, print: true);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task RunOnceAsync(IServiceProvider services, Guid achievementId, ClaimsPrincipal awarder, byte[] csv, bool print)
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        await using var scope = services.CreateAsyncScope();
        var bulk = scope.ServiceProvider.GetRequiredService<BulkAwardService>();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var achievement = await db.Achievements.Include(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
            .SingleAsync(a => a.Id == achievementId);
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var (pauseStart, allocatedStart, gen2Start) = (GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(), GC.CollectionCount(2));
        var total = Stopwatch.StartNew();
        var (upload, parse) = await bulk.UploadAsync(awarder, achievement, "bench.csv", csv, default);
        if (upload is null) throw new InvalidOperationException("The bench file was refused: " + string.Join(", ", parse.Problems.Select(p => p.Key)));
        var uploaded = total.Elapsed;
        var checks = await bulk.CheckAsync(awarder, achievement, upload, default);
        var previewed = total.Elapsed;
        if (!await bulk.ConfirmAsync(awarder, achievement, upload, default)) throw new InvalidOperationException("Confirmation refused.");
        var confirmed = total.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuStart;
        if (!print) return;

        var done = await db.BulkUploads.AsNoTracking().SingleAsync(u => u.Id == upload.Id);
        var awards = await db.Awards.CountAsync(a => a.AchievementId == achievementId && a.CredentialJson.Contains("\"proof\""));
        var mails = await db.OutboxMessages.CountAsync(m => m.SentAt == null && m.Kind == Laurel.Features.Notifications.NotificationKind.AwardAwaitingClaim);
        Console.WriteLine($"load average before the run: {load}");
        Console.WriteLine($"upload (read + store rows)     {uploaded.TotalSeconds,7:F2} s");
        Console.WriteLine($"preview (check {checks.Count(c => c.Good):N0} good rows) {(previewed - uploaded).TotalSeconds,7:F2} s");
        Console.WriteLine($"confirm (check, sign, store, queue e-mail) {(confirmed - previewed).TotalSeconds,7:F2} s");
        Console.WriteLine($"total                          {confirmed.TotalSeconds,7:F2} s");
        // On a shared machine the wall clock mostly measures waiting for a core; the process's own CPU time shows the work.
        Console.WriteLine($"CPU time of this process (all threads, upload to confirmed) {cpu.TotalSeconds,7:F2} s");
        Console.WriteLine($"GC: {(GC.GetTotalAllocatedBytes() - allocatedStart) / 1048576.0:N0} MB allocated, paused {(GC.GetTotalPauseDuration() - pauseStart).TotalSeconds:F2} s, {GC.CollectionCount(2) - gen2Start} gen2 collections ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC)");
        Console.WriteLine($"awarded {done.AwardedCount:N0}, refused {done.RefusedCount:N0}; signed awards stored {awards:N0}; e-mails queued {mails:N0}");
        Console.WriteLine($"load average after the run: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}");
    }

    // A published micro-credential of the demo issuer "Computing Science" and the demo awarder as the signed-in staff member.
    private static async Task<(Guid, ClaimsPrincipal)> PrepareAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var issuer = await db.Issuers.Include(i => i.Faculty).SingleAsync(i => i.NameEn == "Computing Science");
        var id = Guid.CreateVersion7();
        db.Achievements.Add(new Achievement
        {
            Id = id, LineageId = id, IssuerId = issuer.Id, InstitutionId = issuer.Faculty!.InstitutionId, Kind = AchievementKind.MicroCredential,
            Status = AchievementStatus.Published, Name = "Data analysis (bench)", Description = "Interpret and visualise data.", Language = "nl",
            CriteriaMarkdown = "Pass the **portfolio**.", LearningOutcomes = "- Clean a data set\n- Explain a chart", EqfLevel = 6, NlqfLevel = 6,
            StudyLoadUnit = StudyLoadUnit.Ec, StudyLoad = 5m, ParticipationForms = [ParticipationForm.Online], AssessmentTypes = [AssessmentType.Portfolio],
            Supervision = AssessmentSupervision.OnsiteWithIdentityCheck, IdentityChecked = true,
            QualityAssuranceName = "Kwaliteitskader microcredentials HO", QualityAssuranceUrl = "https://npuls.nl/pilot-microcredentials/",
            Stackable = true, GradeRequired = true, Tags = ["data"], ProgrammeIdentifiers = ["50032"],
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, PublishedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
        var awarder = await db.LinkedIdentities.Where(i => i.Subject == "awarder").Select(i => i.PersonId).SingleAsync();
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, awarder.ToString()), new Claim(ClaimTypes.Name, "Ahmed Bakker")], "bench"));
        return (id, principal);
    }

    private static byte[] Csv(int rows, string prefix = "learner")
    {
        var csv = new StringBuilder("e-mail;voornaam;achternaam;cijfer;bewijs url;bewijs naam;toelichting;datum afronding\r\n");
        for (var i = 1; i <= rows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{prefix}{i}@students.example.org;Student;Nummer {i};{6 + i % 5},5;https://uu.example/portfolio/{i};Portfolio;\"Sterk portfolio; goed onderbouwd\";{1 + i % 28}-6-2025\r\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static async Task ExecAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
