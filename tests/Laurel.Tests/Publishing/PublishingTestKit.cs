using System.Text.Json.Nodes;
using Laurel.Features.Publishing.Keys;
using Laurel.Infrastructure.Database;
using Laurel.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Publishing;

/// <summary>Shared helpers for the issuer-key, status-list and DID tests.</summary>
public static class PublishingTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<Guid> InstitutionIdAsync(LaurelHost host, string slug)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        return await db.Institutions.Where(i => i.Slug == slug).Select(i => i.Id).SingleAsync(Ct);
    }

    /// <summary>Runs <paramref name="work"/> with a fresh DI scope (as one web request would).</summary>
    public static async Task<T> InScopeAsync<T>(LaurelHost host, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>The constructed OB 3.0 micro-credential from the shared test vectors, issued by <paramref name="issuerDid"/>.</summary>
    public static JsonObject MicroCredential(string issuerDid, string? subjectId = null)
    {
        var credential = JsonNode.Parse(File.ReadAllText(SharedFile("spec", "testvectors", "constructed", "ob3-microcredential.unsigned.json")))!.AsObject();
        credential["id"] = $"urn:uuid:{Guid.NewGuid()}";
        credential["issuer"]!["id"] = issuerDid;
        if (subjectId is not null) credential["credentialSubject"]!["id"] = subjectId;
        return credential;
    }

    public static async Task<string> InstitutionDidAsync(LaurelHost host, Guid institutionId) =>
        await InScopeAsync(host, sp => sp.GetRequiredService<IssuerKeys>().DidOfAsync(institutionId, Ct));

    /// <summary>A file in <c>../shared</c> beside the repository root (or in <c>LAUREL_SHARED</c>).</summary>
    public static string SharedFile(params string[] parts)
    {
        if (Environment.GetEnvironmentVariable("LAUREL_SHARED") is { Length: > 0 } shared) return Path.Combine([shared, .. parts]);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Laurel.slnx")))
                return Path.Combine([dir.FullName, "..", "shared", .. parts]);
        throw new DirectoryNotFoundException("Cannot find the repository root (Laurel.slnx).");
    }
}
