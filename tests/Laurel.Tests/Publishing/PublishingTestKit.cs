using System.Text.Json.Nodes;
using Laurel.Features.Publishing.Keys;

namespace Laurel.Tests.Publishing;

/// <summary>Shared helpers for the issuer-key, status-list and DID tests.</summary>
public static class PublishingTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<Guid> InstitutionIdAsync(LaurelHost host, string slug) => SeedKit.InstitutionIdAsync(host, slug);

    public static Task<T> InScopeAsync<T>(LaurelHost host, Func<IServiceProvider, Task<T>> work) => SeedKit.InScopeAsync(host, work);

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
    public static string SharedFile(params string[] parts) => TestPaths.SharedFile(parts);
}
