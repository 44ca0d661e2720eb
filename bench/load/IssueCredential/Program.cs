using System.Text.Json.Nodes;
using Laurel.Features.Demo;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

// Signs one OB 3.0 micro-credential as the demo institution "uu" (key, status list index and proof exactly as the
// award service makes them) and writes {"verifiableCredential": …} to $BENCH_OUT for the load test.
var output = Environment.GetEnvironmentVariable("BENCH_OUT") ?? throw new InvalidOperationException("Set BENCH_OUT.");
var template = Environment.GetEnvironmentVariable("BENCH_TEMPLATE") ?? throw new InvalidOperationException("Set BENCH_TEMPLATE.");
await using var app = LaurelApp.Build(args, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
await DatabaseSetup.MigrateAsync(app.Services);
await DemoData.SeedAsync(app.Services);

await using var scope = app.Services.CreateAsyncScope();
var services = scope.ServiceProvider;
var institutionId = await services.GetRequiredService<LaurelDb>().Institutions.Where(i => i.Slug == "uu").Select(i => i.Id).SingleAsync();
var did = await services.GetRequiredService<IssuerKeys>().DidOfAsync(institutionId, default);
var statusLists = services.GetRequiredService<StatusListService>();
var allocation = await statusLists.AllocateAsync(institutionId, default);

var credential = JsonNode.Parse(await File.ReadAllTextAsync(template))!.AsObject();
credential["id"] = $"urn:uuid:{Guid.CreateVersion7()}";
credential["issuer"]!["id"] = did;
credential["issuer"]!["name"] = "Universiteit Utrecht";
// OB 3.0 allows one credentialStatus entry: the revocation one.
credential["credentialStatus"] = statusLists.CredentialStatusEntries(allocation)
    .First(e => e!["statusPurpose"]!.GetValue<string>() == "revocation")!.DeepClone();
var signed = await services.GetRequiredService<IssuerSigner>().SignAsync(institutionId, credential, default);
await File.WriteAllTextAsync(output, new JsonObject { ["verifiableCredential"] = signed.Credential }.ToJsonString());
Console.WriteLine($"Signed {credential["id"]} by {signed.VerificationMethod} → {output}");
