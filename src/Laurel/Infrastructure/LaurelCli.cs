using System.CommandLine;
using Laurel.Features.Demo;
using Laurel.Infrastructure.Database;

namespace Laurel.Infrastructure;

/// <summary>The <c>laurel</c> command line: serve (default), migrate, seed-demo.</summary>
public static class LaurelCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Laurel: issue, keep, share and verify micro-credentials.");
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((parse, ct) => ServeAsync(parse.UnmatchedTokens.ToArray(), ct));

        var serve = new Command("serve", "Run the web application (default).") { TreatUnmatchedTokensAsErrors = false };
        serve.SetAction((parse, ct) => ServeAsync(parse.UnmatchedTokens.ToArray(), ct));
        root.Subcommands.Add(serve);

        var migrate = new Command("migrate", "Apply database migrations and exit.") { TreatUnmatchedTokensAsErrors = false };
        migrate.SetAction(async (parse, ct) =>
        {
            await using var app = LaurelApp.Build(parse.UnmatchedTokens.ToArray());
            await DatabaseSetup.MigrateAsync(app.Services, ct);
            Console.WriteLine("Database is up to date.");
            return 0;
        });
        root.Subcommands.Add(migrate);

        var seed = new Command("seed-demo", "Apply migrations and add the demo institutions, people and micro-credentials.") { TreatUnmatchedTokensAsErrors = false };
        seed.SetAction(async (parse, ct) =>
        {
            await using var app = LaurelApp.Build(parse.UnmatchedTokens.ToArray());
            await DatabaseSetup.MigrateAsync(app.Services, ct);
            var added = await DemoData.SeedAsync(app.Services, ct);
            Console.WriteLine(added ? "Demo data added." : "The database already holds data; demo data not added.");
            return 0;
        });
        root.Subcommands.Add(seed);
        root.Subcommands.Add(Laurel.Features.Verification.VerifyCommand.Create());

        root.Subcommands.Add(Laurel.Features.Publishing.Keys.KeysCommand.Create());
        root.Subcommands.Add(Laurel.Features.Dev.LoadSeedCommand.Create());
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (StartupRefusedException e)
        {
            // A configuration Laurel must not run with: the reason, without a stack trace.
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // What System.CommandLine's default handler did.
            await Console.Error.WriteLineAsync("Unhandled exception: " + e);
            return 1;
        }
    }

    private static async Task<int> ServeAsync(string[] args, CancellationToken cancellationToken)
    {
        await using var app = LaurelApp.Build(args);
        await LaurelApp.InitializeAsync(app, cancellationToken);
        await app.RunAsync();
        return 0;
    }
}
