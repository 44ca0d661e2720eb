using Laurel.Infrastructure;

namespace Laurel.Tests.AwardEvents;

/// <summary>
/// A host whose award event worker does not run (a node that stopped right after committing), with the other workers off too so
/// the rows a transition wrote stay as written: e-mails in the outbox, webhook deliveries pending.
/// </summary>
internal static class AwardEventSettings
{
    public static void Add(Dictionary<string, string?> settings)
    {
        settings["Laurel:AwardEvents:WorkerEnabled"] = "false";
        settings["Laurel:Webhooks:WorkerEnabled"] = "false";
        settings["Laurel:Outbox:WorkerEnabled"] = "false";
        settings["Laurel:Claims:IntervalSeconds"] = "0";
    }

    /// <summary>
    /// Starts another node of the same deployment (same database and keys) whose award event worker runs: the restart after a
    /// crash. Stop it by disposing it.
    /// </summary>
    public static async Task<WebApplication> StartNodeAsync(LaurelHost host)
    {
        string[] args =
        [
            .. host.SecondNodeArgs(), "--urls=http://127.0.0.1:0", "--Laurel:SeedDemoData=false", "--Laurel:Demo:SampleAwards=false",
            "--Laurel:AwardEvents:WorkerEnabled=true", "--Laurel:AwardEvents:PollMilliseconds=100", "--Laurel:Webhooks:WorkerEnabled=false",
            "--Laurel:Outbox:WorkerEnabled=false", "--Laurel:Claims:IntervalSeconds=0",
        ];
        var app = LaurelApp.Build(args, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await LaurelApp.InitializeAsync(app);
        await app.StartAsync();
        return app;
    }
}

public sealed class AwardEventSqliteHost : SqliteHost
{
    protected override void Configure(Dictionary<string, string?> settings) => AwardEventSettings.Add(settings);
}

public sealed class AwardEventPostgresHost : PostgresHost
{
    protected override void Configure(Dictionary<string, string?> settings) => AwardEventSettings.Add(settings);
}
