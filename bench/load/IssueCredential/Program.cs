using System.Text.Json.Nodes;
using Laurel.Credentials.Baking;
using Laurel.Features.Demo;
using Laurel.Features.Publishing.Badges;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

// Signs OB 3.0 micro-credentials as the demo institution "uu" (key, status list index and proof exactly as the award service
// makes them) and writes {"verifiableCredential": …} to $BENCH_OUT for the load test. With BENCH_COUNT=N it writes N different
// credentials (each its own id and status index, both status entries as awards carry) to $BENCH_OUT.1 … $BENCH_OUT.N, and with
// BENCH_PNG=1 also each one baked into the definition's badge PNG as $BENCH_OUT.N.png (bench/load/run-verify.sh).
var output = Environment.GetEnvironmentVariable("BENCH_OUT") ?? throw new InvalidOperationException("Set BENCH_OUT.");
var template = Environment.GetEnvironmentVariable("BENCH_TEMPLATE") ?? throw new InvalidOperationException("Set BENCH_TEMPLATE.");
var count = int.TryParse(Environment.GetEnvironmentVariable("BENCH_COUNT"), out var n) ? n : 0;
var png = Environment.GetEnvironmentVariable("BENCH_PNG") == "1";
await using var app = LaurelApp.Build(args, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
await DatabaseSetup.MigrateAsync(app.Services);
await DemoData.SeedAsync(app.Services);

await using var scope = app.Services.CreateAsyncScope();
var services = scope.ServiceProvider;
var db = services.GetRequiredService<LaurelDb>();
var institutionId = await db.Institutions.Where(i => i.Slug == "uu").Select(i => i.Id).SingleAsync();
var did = await services.GetRequiredService<IssuerKeys>().DidOfAsync(institutionId, default);
var statusLists = services.GetRequiredService<StatusListService>();
var signer = services.GetRequiredService<IssuerSigner>();
var unsignedTemplate = JsonNode.Parse(await File.ReadAllTextAsync(template))!.AsObject();
byte[]? art = null;
if (png)
{
    var achievement = await db.Achievements.Where(a => a.InstitutionId == institutionId).OrderBy(a => a.Id).FirstAsync();
    art = services.GetRequiredService<BadgeArtwork>().Png(achievement);
}

for (var i = count == 0 ? 0 : 1; i <= count; i++)
{
    var allocation = await statusLists.AllocateAsync(institutionId, default);
    var credential = unsignedTemplate.DeepClone().AsObject();
    credential["id"] = $"urn:uuid:{Guid.CreateVersion7()}";
    credential["issuer"]!["id"] = did;
    credential["issuer"]!["name"] = "Universiteit Utrecht";
    // The single-file request keeps its historical shape (the revocation entry only); the set carries both, as awards do.
    credential["credentialStatus"] = count == 0
        ? statusLists.CredentialStatusEntries(allocation).First(e => e!["statusPurpose"]!.GetValue<string>() == "revocation")!.DeepClone()
        : statusLists.CredentialStatusEntries(allocation);
    var signed = await signer.SignAsync(institutionId, credential, default);
    var path = count == 0 ? output : $"{output}.{i}";
    await File.WriteAllTextAsync(path, new JsonObject { ["verifiableCredential"] = signed.Credential }.ToJsonString());
    if (art is not null) await File.WriteAllBytesAsync(path + ".png", BadgeImage.Bake(art, BadgeSpec.OpenBadges3, signed.Credential.ToJsonString()));
    if (count == 0) Console.WriteLine($"Signed {credential["id"]} by {signed.VerificationMethod} → {output}");
}
if (count > 0) Console.WriteLine($"Signed {count} credentials by {did} → {output}.1 … {output}.{count}{(png ? " (+ .png)" : "")}");
