using System.CommandLine;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Database;

namespace Laurel.Features.Dev;

/// <summary>What <c>laurel seed-load</c> makes (see <see cref="LoadSeeder"/>).</summary>
public sealed record LoadSeedOptions
{
    public int Awards { get; init; } = 100_000;
    /// <summary>Definitions the awards are spread over (made once; an appending run reuses the existing ones).</summary>
    public int Definitions { get; init; } = 40;
    /// <summary>Institutions in all: the two demo ones plus load-test institutions up to this number.</summary>
    public int Institutions { get; init; } = 4;
    /// <summary>E-mails in the outbox (default one per award).</summary>
    public long? Mail { get; init; }
    /// <summary>Audit entries (default one per award; at most 10 M).</summary>
    public long? Audit { get; init; }
    /// <summary>Where the id files for the load scenarios go.</summary>
    public string OutputDirectory { get; init; } = "load-seed";
    /// <summary>Add to an earlier seed instead of refusing.</summary>
    public bool Append { get; init; }
    /// <summary>Awards per stored batch (one transaction); 0 picks by provider.</summary>
    public int BatchSize { get; init; }
}

/// <summary>
/// <c>laurel seed-load --awards 1000000 [--definitions N] [--institutions N] [--mail N] [--audit N] [--out DIR] [--append] [--force]</c>:
/// fills a database with signed awards, learners, e-mails, audit entries and completions for the load suite (bench/load/run-suite.sh).
/// </summary>
public static class LoadSeedCommand
{
    public const long MaxAudit = 10_000_000;

    public static Command Create()
    {
        var awards = new Option<int>("--awards") { Description = "Awards to add (default 100000).", DefaultValueFactory = _ => 100_000 };
        var definitions = new Option<int>("--definitions") { Description = "Micro-credential definitions to spread them over (default 40).", DefaultValueFactory = _ => 40 };
        var institutions = new Option<int>("--institutions") { Description = "Institutions in all, the two demo ones included (default 4).", DefaultValueFactory = _ => 4 };
        var mail = new Option<long?>("--mail") { Description = "Outbox e-mails (default one per award, mostly sent)." };
        var audit = new Option<long?>("--audit") { Description = $"Audit entries (default one per award, at most {MaxAudit:N0})." };
        var output = new Option<string>("--out") { Description = "Directory for the id files the load scenarios read (default ./load-seed).", DefaultValueFactory = _ => "load-seed" };
        var append = new Option<bool>("--append") { Description = "Add to load data seeded before (otherwise a second run is refused)." };
        var batch = new Option<int>("--batch") { Description = "Awards per stored batch (default 6000 on PostgreSQL, 1500 on SQLite)." };
        var force = new Option<bool>("--force") { Description = "Run even in the Production environment." };
        var command = new Command("seed-load", "Fill the database with signed awards, learners, e-mails and audit entries for load tests (never on a real installation).")
        {
            awards, definitions, institutions, mail, audit, output, append, batch, force,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var options = new LoadSeedOptions
            {
                Awards = parse.GetValue(awards), Definitions = parse.GetValue(definitions), Institutions = parse.GetValue(institutions),
                Mail = parse.GetValue(mail), Audit = parse.GetValue(audit), OutputDirectory = parse.GetValue(output)!,
                Append = parse.GetValue(append), BatchSize = parse.GetValue(batch),
            };
            if (Problem(options) is { } problem)
            {
                await Console.Error.WriteLineAsync(problem);
                return 2;
            }
            await using var app = LaurelApp.Build(parse.UnmatchedTokens.ToArray(), builder =>
                // The first migration's probe of a missing history table is logged as a failed command; nothing failed.
                builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Critical));
            // Thousands of made-up learners and e-mails: never in a real installation by accident.
            if (app.Environment.IsProduction() && !parse.GetValue(force))
            {
                await Console.Error.WriteLineAsync("seed-load refuses to run in the Production environment (it adds made-up learners, awards and e-mails). " +
                    "Pass --force for a throwaway load-test database.");
                return 1;
            }
            await DatabaseSetup.MigrateAsync(app.Services, ct);
            return await LoadSeeder.SeedAsync(app.Services, options, Console.Out, ct) ? 0 : 1;
        });
        return command;
    }

    /// <summary>What is wrong with the options, or null.</summary>
    public static string? Problem(LoadSeedOptions o) =>
        o.Awards < 1 ? "--awards must be at least 1."
        : o.Definitions < 3 ? "--definitions must be at least 3 (a learner holds up to three awards, each of another definition)."
        : o.Institutions is < 2 or > 50 ? "--institutions must be between 2 (the demo ones) and 50."
        : o.Mail < 0 ? "--mail must not be negative."
        : o.Audit is < 0 or > MaxAudit ? $"--audit must be between 0 and {MaxAudit:N0}."
        : o.BatchSize < 0 ? "--batch must not be negative."
        : null;
}
