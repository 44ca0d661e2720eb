using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Laurel.Features.Achievements;
using Laurel.Features.Awards.Bulk;
using Laurel.Features.Awards.Issuing;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Laurel.Bench.Bulk;

/// <summary>
/// <c>dotnet run -c Release --project bench/Laurel.Bench -- bulk [rows] [--cold]</c>: the real bulk award service (read the CSV, check every
/// row, confirm: sign, store, queue e-mails) against a fresh database in the PostgreSQL server of <c>LAUREL_BENCH_POSTGRES</c>.
/// </summary>
public static class BulkAwardScenario
{
    public static async Task RunAsync(int rows, bool cold)
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
                // The warm-up is an earlier, small upload, so the JSON-LD contexts, the issuer key and the code paths are loaded. A server
                // that has awarded before has also finished tiered JIT compilation of those paths (thousands of methods re-compiled in
                // the background, seconds of CPU on this machine); "warm" waits for that, "cold" measures the first upload after a start.
                // Tiered compilation promotes a hot method twice (instrumented, then optimised), each after calls and a quiet
                // moment, so "warm" repeats the small upload until one compiles next to nothing.
                for (var round = 1; round <= (cold ? 1 : 5); round++)
                {
                    var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
                    await RunOnceAsync(app.Services, achievementId, awarder, Csv(cold ? 20 : 200, $"warmup{round}-"), print: false);
                    if (cold) break;
                    await JitSettledAsync();
                    if (System.Runtime.JitInfo.GetCompiledMethodCount() - compiled < 100) break;
                }
                Console.WriteLine(cold ? "cold: first upload after start (20-row warm-up, JIT still tiering up)"
                    : "warm: after a 200-row upload and once the JIT was idle (a server that has awarded before)");
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
        var pgStart = PostgresCpu();
        var (pauseStart, allocatedStart, gen2Start) = (GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(), GC.CollectionCount(2));
        var (jitStart, jitMethodsStart) = (System.Runtime.JitInfo.GetCompilationTime(), System.Runtime.JitInfo.GetCompiledMethodCount());
        var total = Stopwatch.StartNew();
        var (upload, parse) = await bulk.UploadAsync(awarder, achievement, "bench.csv", csv, default);
        if (upload is null) throw new InvalidOperationException("The bench file was refused: " + string.Join(", ", parse.Problems.Select(p => p.Key)));
        var uploaded = total.Elapsed;
        var (cpuUploaded, pgUploaded) = (Cpu(process), PostgresCpu());
        var checks = await bulk.CheckAsync(awarder, achievement, upload, default);
        var previewed = total.Elapsed;
        var (cpuPreviewed, pgPreviewed) = (Cpu(process), PostgresCpu());
        if (await bulk.ConfirmAsync(Awarder.Of(awarder), achievement, upload, default) != BulkConfirmResult.Completed) throw new InvalidOperationException("Confirmation refused or interrupted.");
        var confirmed = total.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuStart;
        var pgEnd = PostgresCpu();
        var (jit, jitMethods) = (System.Runtime.JitInfo.GetCompilationTime() - jitStart, System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethodsStart);
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
        Console.WriteLine($"  per phase: upload {(cpuUploaded - cpuStart).TotalSeconds:F2} s, preview {(cpuPreviewed - cpuUploaded).TotalSeconds:F2} s, confirm {(process.TotalProcessorTime - cpuPreviewed).TotalSeconds:F2} s");
        if (pgStart is not null)
            Console.WriteLine($"CPU time of PostgreSQL (LAUREL_BENCH_PG_PID: postmaster, its children, reaped children) {pgEnd - pgStart,7:F2} s: upload {pgUploaded - pgStart:F2} s, preview {pgPreviewed - pgUploaded:F2} s, confirm {pgEnd - pgPreviewed:F2} s");
        Console.WriteLine($"GC: {(GC.GetTotalAllocatedBytes() - allocatedStart) / 1048576.0:N0} MB allocated, paused {(GC.GetTotalPauseDuration() - pauseStart).TotalSeconds:F2} s, {GC.CollectionCount(2) - gen2Start} gen2 collections ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC)");
        Console.WriteLine($"JIT: {jitMethods:N0} methods compiled during the run, {jit.TotalSeconds:F2} s of compilation (tiered: background re-compilation of hot methods)");
        Console.WriteLine($"awarded {done.AwardedCount:N0}, refused {done.RefusedCount:N0}; signed awards stored {awards:N0}; e-mails queued {mails:N0}");
        Console.WriteLine($"load average after the run: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}");
        // LAUREL_BENCH_DUMP=file keeps one signed credential of the run, e.g. for `profile 10 file` to break its signing into stages.
        if (Environment.GetEnvironmentVariable("LAUREL_BENCH_DUMP") is { Length: > 0 } dump)
            await File.WriteAllTextAsync(dump, await db.Awards.Where(a => a.AchievementId == achievementId).Select(a => a.CredentialJson).FirstAsync());
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

    private static TimeSpan Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    // CPU seconds of the PostgreSQL cluster whose postmaster is LAUREL_BENCH_PG_PID (same machine): the postmaster's own and its ended
    // children's time (utime, stime, cutime, cstime) plus every running child's; null when not set.
    private static double? PostgresCpu()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("LAUREL_BENCH_PG_PID"), out var pid)) return null;
        static long[] Fields(string stat) => [.. stat[(stat.LastIndexOf(')') + 2)..].Split(' ').Skip(11).Take(4).Select(x => long.Parse(x, CultureInfo.InvariantCulture))];
        var ticks = Fields(File.ReadAllText($"/proc/{pid}/stat")).Sum();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (rest[1] == pid.ToString(CultureInfo.InvariantCulture)) ticks += Fields(stat)[0] + Fields(stat)[1];
            }
            catch (IOException)
            {
            }
        }
        return ticks / 100.0; // USER_HZ
    }

    // Waits until no method was JIT-compiled for a second (at most 60 s).
    private static async Task JitSettledAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var count = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now == count) return;
            count = now;
        }
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
