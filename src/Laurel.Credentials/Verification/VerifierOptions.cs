using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Limits;

namespace Laurel.Credentials.Verification;

/// <summary>Configuration of a <see cref="Verifier"/>.</summary>
public sealed record VerifierOptions
{
    /// <summary>Resolves verification methods; defaults to a did:key-only <see cref="DidVerificationMethodResolver"/>.</summary>
    public IVerificationMethodResolver Resolver { get; init; } = new DidVerificationMethodResolver();

    /// <summary>Fetches a status list credential by URL; null = status is reported as not checked.</summary>
    public Func<Uri, CancellationToken, Task<JsonObject?>>? FetchStatusList { get; init; }

    /// <summary>
    /// Remembers status list proofs that verified (see <see cref="StatusListProofCache"/>); null = every list's proof is verified on
    /// every use. Share one instance across verifications.
    /// </summary>
    public StatusListProofCache? StatusListProofs { get; init; }

    /// <summary>Fetches an OB 2.0 hosted assertion by URL; null = hosted verification is reported as not checked.</summary>
    public Func<Uri, CancellationToken, Task<JsonObject?>>? FetchHostedAssertion { get; init; }

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Inputs larger than this are refused without parsing.</summary>
    public int MaxInputBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>Maximum JSON nesting depth.</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>Inflate limit for a status list's <c>encodedList</c> (decompression bomb guard).</summary>
    public int MaxStatusListBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>Time allowed for each fetch (status list, hosted assertion).</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Tolerated clock difference for date checks.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Work budgets for JSON-LD, RDFC and image parsing; exceeding one fails the verification with code <c>limit.exceeded</c>.</summary>
    public ProcessingLimits Limits { get; init; } = ProcessingLimits.Default;

    /// <summary>JSON-LD options for proof verification (null = the shipped contexts only).</summary>
    public JsonLdOptions? JsonLd { get; init; }

    /// <summary>
    /// True when the caller already knows that the Data Integrity signatures over exactly the input bytes are valid (an issuer
    /// checking a credential it signed itself, the verdict bound to a hash of the stored bytes): only the signature arithmetic is
    /// skipped (<see cref="VerifyOptions.SignatureKnownValid"/>); the key must still resolve, and the issuer, status,
    /// dates and recipient checks run as always. Never set it for input that came from outside.
    /// </summary>
    public bool SignatureKnownValid { get; init; }

    /// <summary>
    /// Options that use one document fetch (e.g. <see cref="DocumentFetcher.ForHttpClient"/>) for did:web/https keys,
    /// status lists and OB 2.0 hosted assertions; fetched JSON is parsed under <see cref="MaxJsonDepth"/>.
    /// </summary>
    public static VerifierOptions WithFetch(Func<Uri, CancellationToken, Task<string>> fetchDocument, TimeProvider? timeProvider = null,
        TimeSpan? fetchTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(fetchDocument);
        var defaults = new VerifierOptions { FetchTimeout = fetchTimeout ?? TimeSpan.FromSeconds(10) };
        async Task<string> TimedFetch(Uri url, CancellationToken ct)
        {
            // The resolver has no clock of its own; a hanging key server must not hang verification.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(defaults.FetchTimeout);
            return await fetchDocument(url, timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        async Task<JsonObject?> FetchJson(Uri url, CancellationToken ct)
        {
            var text = await fetchDocument(url, ct).ConfigureAwait(false);
            if (text.Length > defaults.MaxInputBytes) throw new InvalidDataException($"The document at {url} is larger than {defaults.MaxInputBytes:N0} characters.");
            return JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = defaults.MaxJsonDepth }) as JsonObject;
        }
        return defaults with
        {
            Resolver = new DidVerificationMethodResolver(TimedFetch),
            FetchStatusList = FetchJson,
            FetchHostedAssertion = FetchJson,
            TimeProvider = timeProvider ?? TimeProvider.System,
        };
    }
}

/// <summary>Per-call inputs: who the credential should belong to, and the instant to verify at.</summary>
public sealed record VerificationRequest
{
    /// <summary>An e-mail address, DID or URL the credential must be issued to; null = no recipient check.</summary>
    public string? RecipientIdentity { get; init; }

    /// <summary>The OB identity type of <see cref="RecipientIdentity"/> (emailAddress, did, url...); inferred when null.</summary>
    public string? RecipientIdentityType { get; init; }

    /// <summary>Verify as of this instant instead of the clock's now.</summary>
    public DateTimeOffset? Now { get; init; }
}
