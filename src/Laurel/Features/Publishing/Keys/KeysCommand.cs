using System.CommandLine;
using System.Security.Claims;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Keys;

/// <summary><c>laurel keys list|rotate --institution SLUG [--resign]</c>: manage institutions' did:web signing keys.</summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var keys = new Command("keys", "List or rotate an institution's did:web signing keys.");

        var listInstitution = InstitutionOption();
        var list = new Command("list", "Show every key of the institution (active and retired).") { listInstitution };
        list.TreatUnmatchedTokensAsErrors = false;
        list.SetAction((parse, ct) => RunAsync(parse, listInstitution, ct, async (sp, institutionId, output) =>
        {
            var did = await sp.GetRequiredService<IssuerKeys>().DidOfAsync(institutionId, ct);
            var all = await sp.GetRequiredService<IssuerKeys>().ListAsync(institutionId, ct);
            if (all.Count == 0) output.WriteLine($"{did}: no keys yet (the first is created when the institution first signs).");
            foreach (var key in all)
                output.WriteLine($"{(key.IsActive ? "active " : "retired")}  {did}#{key.KeyId}  created {key.CreatedAt:u}" +
                    (key.RetiredAt is { } retired ? $"  retired {retired:u}" : ""));
            return 0;
        }));

        var rotateInstitution = InstitutionOption();
        var resign = new Option<bool>("--resign") { Description = "Also re-sign the institution's stored credentials with the new key." };
        var rotate = new Command("rotate", "Retire the active key (it stays in did.json) and create a new one.") { rotateInstitution, resign };
        rotate.TreatUnmatchedTokensAsErrors = false;
        rotate.SetAction((parse, ct) => RunAsync(parse, rotateInstitution, ct, async (sp, institutionId, output) =>
        {
            var actor = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, $"cli:{Environment.UserName}")], "cli"));
            var (retired, created) = await sp.GetRequiredService<IssuerKeys>().RotateAsync(institutionId, actor, "cli", ct);
            if (retired is not null) output.WriteLine($"Retired {retired.VerificationMethod} (still published in did.json).");
            output.WriteLine($"Active  {created.VerificationMethod}");
            if (!parse.GetValue(resign)) return 0;

            var outcome = await sp.GetRequiredService<CredentialResigner>().ResignAsync(institutionId, actor, "cli", ct);
            output.WriteLine($"Re-signed {outcome.Resigned} credential(s) with the new key.");
            foreach (var (awardId, error) in outcome.Failed)
                parse.InvocationConfiguration.Error.WriteLine($"Award {awardId} kept its old credential: {error}");
            return outcome.Failed.Count == 0 ? 0 : 1;
        }));

        keys.Subcommands.Add(list);
        keys.Subcommands.Add(rotate);
        return keys;
    }

    private static Option<string> InstitutionOption() =>
        new("--institution") { Description = "The institution's slug, e.g. uu.", Required = true };

    private static async Task<int> RunAsync(ParseResult parse, Option<string> institution, CancellationToken ct,
        Func<IServiceProvider, Guid, TextWriter, Task<int>> work)
    {
        await using var app = LaurelApp.Build(parse.UnmatchedTokens.ToArray());
        await DatabaseSetup.MigrateAsync(app.Services, ct);
        await using var scope = app.Services.CreateAsyncScope();
        var slug = parse.GetValue(institution)!;
        var institutionId = await scope.ServiceProvider.GetRequiredService<LaurelDb>().Institutions
            .Where(i => i.Slug == slug).Select(i => (Guid?)i.Id).SingleOrDefaultAsync(ct);
        if (institutionId is null)
        {
            parse.InvocationConfiguration.Error.WriteLine($"No institution with slug '{slug}'.");
            return 2;
        }
        return await work(scope.ServiceProvider, institutionId.Value, parse.InvocationConfiguration.Output);
    }
}
