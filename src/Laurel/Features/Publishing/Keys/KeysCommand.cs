using System.CommandLine;
using System.Security.Claims;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Keys;

/// <summary>
/// <c>laurel keys list|rotate --institution SLUG [--resign]</c> and <c>laurel keys resign --institution SLUG</c>: manage
/// institutions' did:web signing keys (Ed25519 and ES256/P-256; rotate retires and replaces both) and re-sign stored
/// credentials (new key, and the suspension entry older ones lack).
/// </summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var keys = new Command("keys", "List or rotate an institution's did:web signing keys (Ed25519 for Data Integrity and VC-JWT, ES256/P-256 for SD-JWT VC and Token Status Lists); re-sign its stored credentials.");

        var listInstitution = InstitutionOption();
        var list = new Command("list", "Show every key of the institution (active and retired).") { listInstitution };
        list.TreatUnmatchedTokensAsErrors = false;
        list.SetAction((parse, ct) => RunAsync(parse, listInstitution, ct, async (sp, institutionId, output) =>
        {
            var did = await sp.GetRequiredService<IssuerKeys>().DidOfAsync(institutionId, ct);
            var all = await sp.GetRequiredService<IssuerKeys>().ListAsync(institutionId, ct);
            if (all.Count == 0) output.WriteLine($"{did}: no keys yet (the first is created when the institution first signs).");
            foreach (var key in all)
                output.WriteLine($"{(key.IsActive ? "active " : "retired")}  {key.Algorithm,-5}  {did}#{key.KeyId}  created {key.CreatedAt:u}" +
                    (key.RetiredAt is { } retired ? $"  retired {retired:u}" : ""));
            return 0;
        }));

        var rotateInstitution = InstitutionOption();
        var resign = new Option<bool>("--resign") { Description = "Also re-sign the institution's stored credentials with the new key." };
        var rotate = new Command("rotate", "Retire the active Ed25519 and ES256 keys (they stay in did.json and /.well-known/jwt-vc-issuer) and create new ones; an institution without an ES256 key yet gets one on first use.") { rotateInstitution, resign };
        rotate.TreatUnmatchedTokensAsErrors = false;
        rotate.SetAction((parse, ct) => RunAsync(parse, rotateInstitution, ct, async (sp, institutionId, output) =>
        {
            var actor = CliActor();
            var existing = await sp.GetRequiredService<IssuerKeys>().ListAsync(institutionId, ct);
            foreach (var algorithm in IssuerKeyAlgorithm.All)
            {
                // An institution that never signed with ES256 (no wallet copies yet) gets its first key on first use, as before.
                if (algorithm != IssuerKeyAlgorithm.EdDsa && !existing.Any(k => k.Algorithm == algorithm))
                {
                    output.WriteLine($"No {algorithm} key yet (the first is created when the institution first signs with it).");
                    continue;
                }
                var (retired, created) = await sp.GetRequiredService<IssuerKeys>().RotateAsync(institutionId, algorithm, actor, "cli", ct);
                if (retired is not null) output.WriteLine($"Retired {retired.VerificationMethod} ({algorithm}, still published in did.json).");
                output.WriteLine($"Active  {created.VerificationMethod} ({algorithm})");
            }
            if (!parse.GetValue(resign)) return 0;
            return await ResignAsync(parse, sp, institutionId, actor, output, ct);
        }));

        // Without a rotation: credentials issued before they carried a suspension entry get it (and the active key's proof).
        var resignInstitution = InstitutionOption();
        var resignOnly = new Command("resign",
            "Re-sign the institution's stored credentials that lack the suspension status entry or the active key's proof; ids, dates and content stay.")
            { resignInstitution };
        resignOnly.TreatUnmatchedTokensAsErrors = false;
        resignOnly.SetAction((parse, ct) => RunAsync(parse, resignInstitution, ct, (sp, institutionId, output) =>
            ResignAsync(parse, sp, institutionId, CliActor(), output, ct)));

        keys.Subcommands.Add(list);
        keys.Subcommands.Add(rotate);
        keys.Subcommands.Add(resignOnly);
        return keys;
    }

    private static ClaimsPrincipal CliActor() =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, $"cli:{Environment.UserName}")], "cli"));

    private static async Task<int> ResignAsync(ParseResult parse, IServiceProvider sp, Guid institutionId, ClaimsPrincipal actor, TextWriter output,
        CancellationToken ct)
    {
        var outcome = await sp.GetRequiredService<CredentialResigner>().ResignAsync(institutionId, actor, "cli", ct);
        output.WriteLine($"Re-signed {outcome.Resigned} credential(s) with the active key (each with revocation and suspension status entries).");
        foreach (var (awardId, error) in outcome.Failed)
            parse.InvocationConfiguration.Error.WriteLine($"Award {awardId} kept its old credential: {error}");
        return outcome.Failed.Count == 0 ? 0 : 1;
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
