using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;
using Laurel.Infrastructure.Net;

namespace Laurel.Features.Verification;

/// <summary>
/// The library <see cref="Verifier"/> as Laurel uses it: Laurel's own DIDs and status lists are answered from the
/// database (<see cref="ILocalPublications"/>), every other document goes through the SSRF-guarded <see cref="SafeFetcher"/>.
/// Results for Laurel's own credentials are cached (<see cref="VerificationCache"/>) under a key that includes the
/// current status list versions, so a revocation shows on the next request.
/// </summary>
public sealed class VerificationService(SafeFetcher fetcher, ILocalPublications local, VerificationCache cache, TimeProvider time,
    VerificationLimits limits, CredentialLocator locator, StatusListProofCache statusListProofs, IServiceScopeFactory scopes)
{
    /// <summary>Largest input the verifier accepts (the page refuses bigger uploads before reading them).</summary>
    public const int MaxInputBytes = 5 * 1024 * 1024;

    /// <summary>
    /// Verifies OB 3.0 JSON, a VC-JWT or a baked PNG/SVG. Never throws for bad input; input that runs out of a
    /// <see cref="VerificationLimits"/> budget, the request time cap included, is a report with <see cref="VerificationReport.ExceededLimit"/>.
    /// </summary>
    public Task<VerificationReport> VerifyAsync(ReadOnlyMemory<byte> input, VerificationRequest? request, CancellationToken ct) =>
        VerifyAsync(input, request, signatureKnownValid: false, ct);

    private async Task<VerificationReport> VerifyAsync(ReadOnlyMemory<byte> input, VerificationRequest? request, bool signatureKnownValid,
        CancellationToken ct)
    {
        // The cap frees the CPU even when nothing else would stop (a client that waits, a slow key server).
        using var timeout = new CancellationTokenSource(limits.RequestTimeout, time);
        using var capped = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            return await CreateVerifier(signatureKnownValid).VerifyAsync(input, request, capped.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return limits.TimedOut();
        }
    }

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
        if (report.ExceededLimit is null) cache.Set(key, report); // a time limit may pass on the next, quieter try
        return report;
    }

    /// <summary>
    /// Fetches the credential at <paramref name="url"/> (SSRF-guarded; a badge page is followed to its credential, see
    /// <see cref="CredentialLocator"/>) and verifies it; a refused fetch or a page without a credential is a failed format check.
    /// </summary>
    public async Task<VerificationReport> VerifyUrlAsync(Uri url, VerificationRequest? request, CancellationToken ct)
    {
        byte[] bytes;
        try
        {
            bytes = await locator.FetchAsync(url, ct);
        }
        catch (FetchRefusedException e)
        {
            return new VerificationReport { Checks = [new(CheckIds.Format, CheckOutcome.Failed, "fetch.refused", e.Message)] };
        }
        catch (NoCredentialOnPageException e)
        {
            return new VerificationReport { Checks = [new(CheckIds.Format, CheckOutcome.Failed, "fetch.page_without_credential", e.Message)] };
        }
        return await VerifyAsync(bytes, request, ct);
    }

    /// <summary>
    /// The live result for a stored award (the badge page, the backpack): cached per award, a fingerprint of its stored
    /// credential and the current versions of its revocation and suspension list, read in one query per call, so an unchanged
    /// credential is not verified again on every view but a revocation or suspension shows at once, on every node. A
    /// re-signed credential (key rotation) has another fingerprint; a verdict never outlives the credential's validity dates
    /// (<see cref="VerificationCache.Set"/>). A first check of a credential Laurel signed itself, whose stored bytes still hash to
    /// the verdict recorded at signing (<see cref="SignedCredentialVerdict"/>), skips the signature arithmetic (RDF canonicalization,
    /// hashing, Ed25519) but still resolves the key and checks the issuer, status and dates; any other stored bytes get the full check.
    /// </summary>
    public async Task<VerificationReport> VerifyStoredAsync(Award award, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(award);
        var input = Encoding.UTF8.GetBytes(award.CredentialJson);
        // One hash of the stored bytes: the cache fingerprint and the comparison with the verdict recorded at signing.
        var hash = SHA256.HashData(input);
        var signedByLaurel = SignedCredentialVerdict.Holds(award, hash);
        var fingerprint = Convert.ToHexString(hash) + (signedByLaurel ? "|signed" : "");
        var awardVersions = await local.StatusListVersionsAsync(award.RevocationListId, award.SuspensionListId, ct);
        // Covered: every status list the credential names is one of the award's own two, whose versions are in the key.
        var awardKey = $"award:{award.Id:N}|{fingerprint}|{awardVersions}|covered";
        if (awardVersions is not null && cache.TryGet(awardKey, out var cached)) return cached;

        var urls = StatusListUrls(input);
        var covered = awardVersions is not null && urls is not null
            && urls.TrueForAll(u => local.LocalListId(u) is { } id && (id == award.RevocationListId || id == award.SuspensionListId));
        // Anything else (a credential pointing at other lists) is keyed by the versions of the lists it does point at.
        var key = covered ? awardKey : $"award:{award.Id:N}|{fingerprint}|{(urls is null ? "" : await local.StatusListVersionsAsync(urls, ct))}";
        if (!covered && cache.TryGet(key, out cached)) return cached;
        var report = await VerifyAsync(input, null, signedByLaurel, ct);
        if (report.ExceededLimit is null) cache.Set(key, report);
        return report;
    }

    /// <summary>
    /// Verifies a verifiable presentation: structure, its proof (purpose authentication, the given challenge/domain), the
    /// holder's key and every credential (cached like <see cref="VerifyCachedAsync"/>). The whole presentation shares one
    /// <see cref="VerificationLimits.RequestTimeout"/>; running out of it or of a budget is a report with an ExceededLimit.
    /// </summary>
    public async Task<PresentationReport> VerifyPresentationAsync(JsonObject presentation, string? challenge, string? domain, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(limits.RequestTimeout, time);
        using var capped = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            return await CreateVerifier().VerifyPresentationAsync(presentation, new PresentationRequest { Challenge = challenge, Domain = domain },
                (credential, token) => VerifyCachedAsync(Encoding.UTF8.GetBytes(credential.ToJsonString()), null, token), capped.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            var timedOut = limits.TimedOut();
            return new PresentationReport { Checks = timedOut.Checks, ExceededLimit = timedOut.ExceededLimit };
        }
    }

    private Verifier CreateVerifier(bool signatureKnownValid = false)
    {
        var remote = VerifierOptions.WithFetch(fetcher.FetchStringAsync, time, SafeFetcher.TotalTimeout);
        // Where the address is the proof of who speaks (DID and controller documents, hosted OB 2.0 assertions), a redirect
        // may not hand the answer to another host (an open redirect on a trusted domain). Signed status lists may move.
        var bound = VerifierOptions.WithFetch(fetcher.FetchStringSameOriginAsync, time, SafeFetcher.TotalTimeout);
        return new Verifier(remote with
        {
            Limits = limits.Processing,
            Resolver = new LocalFirstResolver(local, bound.Resolver),
            FetchHostedAssertion = bound.FetchHostedAssertion,
            StatusListProofs = statusListProofs,
            SignatureKnownValid = signatureKnownValid,
            FetchStatusList = async (url, ct) =>
            {
                if (local.LocalListId(url) is null) return await remote.FetchStatusList!(url, ct);
                // The request already read this list's head (VerifyCachedAsync, VerifyStoredAsync): the signed copy of that version
                // is in memory, so no query, no scope and nothing that could outlive the request.
                if (local.StatusListAlreadyRead(url) is { } read) return read;
                // The verifier stops waiting for a fetch after its timeout without waiting for it to end (StatusStage). A local list
                // is therefore read with its own database context: an abandoned read must never run alongside the request's next
                // query on the same connection (seen under load as Npgsql reading another command's rows).
                await using var scope = scopes.CreateAsyncScope();
                var (_, list) = await scope.ServiceProvider.GetRequiredService<ILocalPublications>().StatusListAsync(url, ct);
                return list;
            },
        });
    }

    /// <summary>
    /// The versions of the status lists a credential points at, when all of them are Laurel's own; null when the input is
    /// not a Laurel credential (or unreadable), which means: do not cache.
    /// </summary>
    private async Task<string?> LocalStatusVersionsAsync(ReadOnlyMemory<byte> input, CancellationToken ct) =>
        StatusListUrls(input) is { } urls ? await local.StatusListVersionsAsync(urls, ct) : null;

    /// <summary>The statusListCredential URLs of JSON input; null when it is not JSON, has none, or one is not an absolute URL.</summary>
    private static List<Uri>? StatusListUrls(ReadOnlyMemory<byte> input)
    {
        if (input.Length is 0 or > SafeFetcher.MaxBytes || input.Span[0] != (byte)'{') return null;
        try
        {
            // Only credentialStatus is needed: read it without building a DOM of the whole credential (hot path of the API).
            using var document = JsonDocument.Parse(input, new JsonDocumentOptions { MaxDepth = 64 });
            return StatusListUrls(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Every statusListCredential URL of the credential; null when there is none or one is not an absolute URL.</summary>
    private static List<Uri>? StatusListUrls(JsonElement credential)
    {
        if (credential.ValueKind != JsonValueKind.Object || !credential.TryGetProperty("credentialStatus", out var status)) return null;
        var entries = status.ValueKind == JsonValueKind.Array ? status.EnumerateArray().ToList() : [status];
        var urls = new List<Uri>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("statusListCredential", out var value)
                || value.ValueKind != JsonValueKind.String || !Uri.TryCreate(value.GetString(), UriKind.Absolute, out var url))
                return null;
            urls.Add(url);
        }
        return urls.Count == 0 ? null : urls;
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
