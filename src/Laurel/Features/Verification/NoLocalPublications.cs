using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;

namespace Laurel.Features.Verification;

/// <summary>Used until Laurel's own keys and status lists are available to answer locally: everything is fetched remotely.</summary>
internal sealed class NoLocalPublications : ILocalPublications
{
    public Task<(bool IsLocal, VerificationMethod? Method)> ResolveAsync(string verificationMethodId, CancellationToken ct) => Task.FromResult((false, (VerificationMethod?)null));

    public Task<(bool IsLocal, JsonObject? List)> StatusListAsync(Uri url, CancellationToken ct) => Task.FromResult((false, (JsonObject?)null));

    public Task<string?> StatusListVersionAsync(Uri url, CancellationToken ct) => Task.FromResult<string?>(null);
}
