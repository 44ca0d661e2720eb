using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Baking;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.DataModel;
using Laurel.Credentials.OpenBadges;
using Laurel.Features.Awards;
using Laurel.Features.Demo;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Features.Verification;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Laurel.Bench.Verification;

/// <summary>
/// <c>dotnet run -c Release --project bench/Laurel.Bench -- verify-profile [seconds per stage]</c>: where the time of an uncached
/// <see cref="VerificationService"/> verification of a Laurel-issued OB 3.0 credential goes, next to the bare eddsa-rdfc-2022
/// proof check of the same credential. The real application services on a fresh SQLite database (demo institution "uu"), one DI
/// scope per operation as a request has; every figure is wall time per operation on one thread, so run it on a quiet machine
/// or compare ratios.
/// </summary>
public static class VerifyProfile
{
    private const int Credentials = 64;

    public static async Task RunAsync(double seconds)
    {
        var dir = Directory.CreateTempSubdirectory("laurel-verify-profile");
        try
        {
            var app = LaurelApp.Build(["--environment=Development", "--Laurel:Database:Provider=sqlite",
                $"--Laurel:Database:ConnectionString=Data Source={Path.Combine(dir.FullName, "laurel.db")}"], b => b.Logging.SetMinimumLevel(LogLevel.Warning));
            await LaurelApp.InitializeAsync(app);
            await using (app)
            {
                await DemoData.SeedAsync(app.Services);
                var (signed, method) = await SignAsync(app.Services);
                var inputs = signed.Select(c => Encoding.UTF8.GetBytes(c.ToJsonString())).ToArray();
                byte[] png;
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    // The real badge artwork of a demo definition, as /badges/{id}/badge.png bakes it.
                    var achievement = await scope.ServiceProvider.GetRequiredService<LaurelDb>().Achievements.FirstAsync();
                    var art = scope.ServiceProvider.GetRequiredService<Laurel.Features.Publishing.Badges.BadgeArtwork>().Png(achievement);
                    png = BadgeImage.Bake(art, BadgeSpec.OpenBadges3, signed[0].ToJsonString());
                }
                var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
                Console.WriteLine($"verify-profile: {Credentials} Laurel-signed OB 3.0 credentials (revocation + suspension entry), {Environment.ProcessorCount} cores, load {load}");

                var fixedResolver = new FixedResolver(method);
                var i = 0;
                JsonObject Next() => JsonNode.Parse(inputs[i++ % inputs.Length])!.AsObject();

                var bare = await MeasureAsync("bare proof check (DataIntegrityProofs.VerifyAsync, key in hand)", seconds, async () =>
                    await DataIntegrityProofs.VerifyAsync(Next(), fixedResolver, new VerifyOptions { RequireAllProofs = false }));
                await MeasureAsync("  parse the credential (JsonNode.Parse)", seconds, () => { Next(); return Task.CompletedTask; });
                await MeasureAsync("  schema (VC data model + OB 3.0 shape)", seconds, () =>
                {
                    var c = Next();
                    VcDataModel.ValidateCredential(c);
                    ShapeValidator.Validate(c);
                    return Task.CompletedTask;
                });
                var listUrls = signed[0]["credentialStatus"]!.AsArray().Select(e => new Uri(e!["statusListCredential"]!.GetValue<string>())).ToArray();
                await MeasureAsync("  2 local status lists from the database (signed JSON, parsed)", seconds, async () =>
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    var local = scope.ServiceProvider.GetRequiredService<ILocalPublications>();
                    foreach (var url in listUrls) await local.StatusListAsync(url, default);
                });
                JsonObject[] lists;
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var local = scope.ServiceProvider.GetRequiredService<ILocalPublications>();
                    lists = [.. await Task.WhenAll(listUrls.Select(async u => (await local.StatusListAsync(u, default)).List!))];
                }
                await MeasureAsync("  2 status list proofs (DataIntegrityProofs.VerifyAsync each)", seconds, async () =>
                {
                    foreach (var list in lists) await DataIntegrityProofs.VerifyAsync((JsonObject)list.DeepClone(), fixedResolver, new VerifyOptions { RequireAllProofs = false });
                });
                await MeasureAsync("  PNG unbake (PngBaker)", seconds, () => { BadgeImage.Unbake(png); return Task.CompletedTask; });

                var full = await MeasureAsync("full VerificationService.VerifyAsync (uncached, JSON)", seconds, async () =>
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    var report = await scope.ServiceProvider.GetRequiredService<VerificationService>().VerifyAsync(inputs[i++ % inputs.Length], null, default);
                    if (report.Verdict != Laurel.Credentials.Verification.Verdict.Valid) throw new InvalidOperationException("not valid: " + string.Join("; ", report.Checks.Select(c => c.Code + " " + c.Detail)));
                });
                // The VC-API path: VerifyCachedAsync reads the list pair's versions for its key, then verifies. Whitespace after the
                // opening brace (the op counter in binary) gives every op other bytes, so the result cache never answers.
                var op = 0;
                byte[] Distinct()
                {
                    var credential = inputs[op % inputs.Length];
                    var pad = Encoding.ASCII.GetBytes(Convert.ToString(op++, 2).Replace('0', ' ').Replace('1', '\n'));
                    return [(byte)'{', .. pad, .. credential.AsSpan(1)];
                }
                var api = await MeasureAsync("full VerificationService.VerifyCachedAsync (API path, other bytes each op)", seconds, async () =>
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    var report = await scope.ServiceProvider.GetRequiredService<VerificationService>().VerifyCachedAsync(Distinct(), null, default);
                    if (report.Verdict != Laurel.Credentials.Verification.Verdict.Valid) throw new InvalidOperationException("not valid");
                });
                await MeasureAsync("full VerificationService.VerifyAsync (uncached, baked PNG)", seconds, async () =>
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    var report = await scope.ServiceProvider.GetRequiredService<VerificationService>().VerifyAsync(png, null, default);
                    if (report.Verdict != Laurel.Credentials.Verification.Verdict.Valid) throw new InvalidOperationException("PNG not valid");
                });
                var awards = signed.Select(c => new Award
                {
                    Id = Guid.Parse(c["id"]!.GetValue<string>()["urn:uuid:".Length..]), CredentialJson = c.ToJsonString(), SigningKeyId = (c["proof"] is JsonArray proofs ? proofs[0] : c["proof"])!["verificationMethod"]!.GetValue<string>(),
                    RecipientIdentity = "", RecipientIdentityType = "emailAddress", RecipientSalt = "",
                }).ToArray();
                await MeasureAsync("VerifyStoredAsync (badge page, cached verdict)", seconds, async () =>
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<VerificationService>().VerifyStoredAsync(awards[i++ % awards.Length], default);
                });
                Console.WriteLine($"full / bare = {full / bare:F1}×, API path / bare = {api / bare:F1}×");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    private static async Task<(JsonObject[] Signed, VerificationMethod Method)> SignAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var institutionId = await sp.GetRequiredService<LaurelDb>().Institutions.Where(x => x.Slug == "uu").Select(x => x.Id).SingleAsync();
        var did = await sp.GetRequiredService<IssuerKeys>().DidOfAsync(institutionId, default);
        var statusLists = sp.GetRequiredService<StatusListService>();
        var signer = sp.GetRequiredService<IssuerSigner>();
        var signed = new JsonObject[Credentials];
        string? vm = null;
        for (var n = 0; n < Credentials; n++)
        {
            var allocation = await statusLists.AllocateAsync(institutionId, default);
            var credential = Fixture.Unsigned();
            credential["id"] = $"urn:uuid:{Guid.CreateVersion7()}";
            credential["issuer"]!["id"] = did;
            credential["credentialStatus"] = statusLists.CredentialStatusEntries(allocation);
            var result = await signer.SignAsync(institutionId, credential, default);
            signed[n] = result.Credential;
            vm = result.VerificationMethod;
        }
        var method = await sp.GetRequiredService<LocalIssuerResolver>().ResolveAsync(vm!) ?? throw new InvalidOperationException("no key");
        return (signed, method);
    }

    private static async Task<double> MeasureAsync(string name, double seconds, Func<Task> op)
    {
        for (var w = 0; w < 20; w++) await op();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var watch = Stopwatch.StartNew();
        var n = 0;
        while (watch.Elapsed.TotalSeconds < seconds) { await op(); n++; }
        var us = watch.Elapsed.TotalMicroseconds / n;
        var cpuUs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / n;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-72} {us,9:F1} µs wall {cpuUs,9:F1} µs CPU {(GC.GetTotalAllocatedBytes() - allocated) / n / 1024.0,8:F1} KB  ({n:N0} ops)"));
        return cpuUs;
    }

    private sealed class FixedResolver(VerificationMethod method) : IVerificationMethodResolver
    {
        public Task<VerificationMethod?> ResolveAsync(string verificationMethodId, CancellationToken cancellationToken = default) =>
            Task.FromResult<VerificationMethod?>(verificationMethodId == method.Id ? method : null);
    }
}
