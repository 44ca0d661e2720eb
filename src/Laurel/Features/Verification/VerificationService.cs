using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;

namespace Laurel.Features.Verification;

/// <summary>
/// The library <see cref="Verifier"/> as Laurel uses it: Laurel's own DIDs and status lists are answered from the
/// database (<see cref="ILocalPublications"/>), every other document goes through the SSRF-guarded <see cref="SafeFetcher"/>.
/// Results for Laurel's own credentials are cached (<see cref="VerificationCache"/>) under a key that includes the
/// current status list versions, so a revocation shows on the next request.
/// </summary>
public sealed class VerificationService(SafeFetcher fetcher, ILocalPublications local, VerificationCache cache, TimeProvider time)
{
    /// <summary>Largest input the verifier accepts (the page refuses bigger uploads before reading them).</summary>
    public const int MaxInputBytes = 5 * 1024 * 1024;

    /// <summary>Verifies OB 3.0 JSON, a VC-JWT or a baked PNG/SVG. Never throws for bad input.</summary>
    public Task<VerificationReport> VerifyAsync(ReadOnlyMemory<byte> input, VerificationRequest? request, CancellationToken ct) =>
        CreateVerifier().VerifyAsync(input, request, ct);

    /// <summary>
    /// Like <see cref="VerifyAsync"/> but reuses the result for exactly the same bytes of one of Laurel's own credentials
    /// while its status lists are unchanged (the VC-API endpoint, where the same credential is checked over and over).
    /// </summary>
    public async Task<VerificationReport> VerifyCachedAsync(ReadOnlyMemory<byte> input, VerificationRequest? request, CancellationToken ct)
    {
        var versions = await LocalStatusVersionsAsync(input, ct);
        if (versions is null) return await VerifyAsync(input, request, ct);
        var key = "input:" + Convert.ToHexString(SHA256.HashData(input.Span)) + "|" + RequestKey(request) + "|" + versions;
        if (cache.TryGet(key, out var cached)) return cached;
        var report = await VerifyAsync(input, request, ct);
        cache.Set(key, report);
        return report;
    }

    /// <summary>Fetches the credential at <paramref name="url"/> (SSRF-guarded) and verifies it; a refused fetch is a failed format check.</summary>
    public async Task<VerificationReport> VerifyUrlAsync(Uri url, VerificationRequest? request, CancellationToken ct)
    {
        byte[] bytes;
        try
        {
            bytes = await fetcher.FetchAsync(url, ct);
        }
        catch (FetchRefusedException e)
        {
            return new VerificationReport { Checks = [new(CheckIds.Format, CheckOutcome.Failed, "fetch.refused", e.Message)] };
        }
        return await VerifyAsync(bytes, request, ct);
    }

    /// <summary>
    /// The live result for a stored award (the badge page): cached per award and the current versions of its status
    /// lists, so an unchanged credential is not verified again on every view but a revocation or suspension shows at once.
    /// </summary>
    public async Task<VerificationReport> VerifyStoredAsync(Award award, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(award);
        var input = Encoding.UTF8.GetBytes(award.CredentialJson);
        var versions = await LocalStatusVersionsAsync(input, ct) ?? "";
        // The credential hash is part of the key because a key rotation may re-sign the stored credential.
        var key = $"award:{award.Id:N}|{Convert.ToHexString(SHA256.HashData(input))}|{versions}";
        if (cache.TryGet(key, out var cached)) return cached;
        var report = await VerifyAsync(input, null, ct);
        cache.Set(key, report);
        return report;
    }

    /// <summary>Verifies the Data Integrity proof on a verifiable presentation (proof purpose authentication, optional challenge/domain).</summary>
    public Task<ProofSetResult> VerifyPresentationProofAsync(JsonObject presentation, string? challenge, string? domain, CancellationToken ct)
    {
        var remote = VerifierOptions.WithFetch(fetcher.FetchStringAsync, time, SafeFetcher.TotalTimeout);
        return DataIntegrityProofs.VerifyAsync(presentation, new LocalFirstResolver(local, remote.Resolver), new VerifyOptions
        {
            ExpectedProofPurpose = "authentication",
            ExpectedChallenge = challenge,
            ExpectedDomain = domain,
            TimeProvider = time,
        }, ct);
    }

    private Verifier CreateVerifier()
    {
        var remote = VerifierOptions.WithFetch(fetcher.FetchStringAsync, time, SafeFetcher.TotalTimeout);
        return new Verifier(remote with
        {
            Resolver = new LocalFirstResolver(local, remote.Resolver),
            FetchStatusList = async (url, ct) =>
            {
                var (isLocal, list) = await local.StatusListAsync(url, ct);
                return isLocal ? list : await remote.FetchStatusList!(url, ct);
            },
        });
    }

    /// <summary>
    /// The versions of the status lists a credential points at, when all of them are Laurel's own; null when the input is
    /// not a Laurel credential (or unreadable), which means: do not cache.
    /// </summary>
    private async Task<string?> LocalStatusVersionsAsync(ReadOnlyMemory<byte> input, CancellationToken ct)
    {
        if (input.Length is 0 or > SafeFetcher.MaxBytes || input.Span[0] != (byte)'{') return null;
        JsonObject? credential;
        try
        {
            credential = JsonNode.Parse(input.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
        var entries = credential?["credentialStatus"] switch { JsonArray a => a.ToList(), null => [], var one => [one] };
        if (entries.Count == 0) return null;
        var urls = new List<Uri>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry?["statusListCredential"] is not JsonValue v || !v.TryGetValue<string>(out var text) || !Uri.TryCreate(text, UriKind.Absolute, out var url))
                return null;
            urls.Add(url);
        }
        return await local.StatusListVersionsAsync(urls, ct);
    }

    private static string RequestKey(VerificationRequest? request) =>
        request is null ? "" : $"{request.RecipientIdentityType}:{request.RecipientIdentity}:{request.Now?.ToUnixTimeSeconds()}";

    /// <summary>Laurel's own keys from the database, everything else from the network resolver.</summary>
    private sealed class LocalFirstResolver(ILocalPublications local, IVerificationMethodResolver remote) : IVerificationMethodResolver
    {
        public async Task<VerificationMethod?> ResolveAsync(string verificationMethodId, CancellationToken cancellationToken = default)
        {
            var (isLocal, method) = await local.ResolveAsync(verificationMethodId, cancellationToken);
            return isLocal ? method : await remote.ResolveAsync(verificationMethodId, cancellationToken);
        }
    }
}
