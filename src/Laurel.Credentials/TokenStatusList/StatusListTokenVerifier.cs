using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;

namespace Laurel.Credentials.TokenStatusList;

/// <summary>What the verifier's key resolver is asked for: the key that signed the Status List Token at <see cref="ListUri"/>.</summary>
public sealed record StatusListKeyRequest(string Algorithm, string? KeyId, string? Issuer, string ListUri);

/// <summary>A verified Status List Token: its claims and the decoded statuses.</summary>
public sealed record VerifiedStatusListToken(StatusListTokenContent Content)
{
    /// <summary>The status at <paramref name="index"/>; refuses (<see cref="TokenStatusListErrorCode.Range"/>) an index beyond the list.</summary>
    public int StatusAt(long index) => Content.List.Contains(index)
        ? Content.List.Get(index)
        : throw new TokenStatusListException(TokenStatusListErrorCode.Range,
            $"Index {index} is outside the list of {Content.List.Count} statuses at {Content.Subject}.");
}

/// <summary>The status of one referenced token, with the token it was read from (so a caller can cache it for <c>ttl</c>).</summary>
public sealed record TokenStatusResult(int Status, VerifiedStatusListToken Token)
{
    /// <summary>The registered name (VALID, INVALID, SUSPENDED, APPLICATION_SPECIFIC) or null.</summary>
    public string? Name => TokenStatus.Name(Status);

    /// <summary>Only 0x00 means valid (§7.1); everything else, including application-specific values, does not.</summary>
    public bool IsValid => Status == TokenStatus.Valid;
}

/// <summary>
/// The relying party's side of draft-ietf-oauth-status-list §8.3: fetch the Status List Token named by a reference
/// (caller-supplied fetcher, which should send <c>Accept: application/statuslist+jwt</c>), check <c>typ</c>, the signature
/// (caller-supplied key resolver), <c>sub</c> equal to the reference's <c>uri</c>, <c>iat</c>/<c>exp</c>/<c>ttl</c>, then
/// inflate the list within <see cref="TokenStatusListLimits"/> and read the entry. Every refusal is a
/// <see cref="TokenStatusListException"/>; nothing is cached here (callers may cache for <c>ttl</c>).
/// </summary>
public sealed class StatusListTokenVerifier(
    Func<string, CancellationToken, Task<string>> fetchToken,
    Func<StatusListKeyRequest, CancellationToken, Task<JsonObject?>> resolvePublicJwk,
    TimeProvider timeProvider,
    TokenStatusListLimits? limits = null)
{
    private readonly TokenStatusListLimits _limits = limits ?? TokenStatusListLimits.Default;

    /// <summary>Tolerated clock difference for <c>iat</c> and <c>exp</c>.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>When set, the token's <c>iss</c> must equal it (ecosystems that pin the list to the credential issuer).</summary>
    public string? ExpectedIssuer { get; init; }

    /// <summary>Reads the status of the referenced token whose <c>status</c> claim is <paramref name="statusClaim"/>.</summary>
    public Task<TokenStatusResult> CheckAsync(JsonNode? statusClaim, CancellationToken cancellationToken = default) =>
        CheckAsync(StatusListReference.Parse(statusClaim), cancellationToken);

    /// <summary>Fetches, verifies and reads the list at <paramref name="reference"/>.</summary>
    public async Task<TokenStatusResult> CheckAsync(StatusListReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        string jwt;
        try
        {
            jwt = await fetchToken(reference.Uri, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not TokenStatusListException)
        {
            throw new TokenStatusListException(TokenStatusListErrorCode.Retrieval, $"The status list {reference.Uri} could not be fetched: {e.Message}", e);
        }
        var token = await VerifyAsync(jwt, reference.Uri, cancellationToken).ConfigureAwait(false);
        return new TokenStatusResult(token.StatusAt(reference.Index), token);
    }

    /// <summary>Verifies a Status List Token served at <paramref name="listUri"/> (no fetch); for callers that cache tokens.</summary>
    public async Task<VerifiedStatusListToken> VerifyAsync(string jwt, string listUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listUri);
        if (jwt is null || jwt.Length > _limits.MaxTokenChars)
            throw new TokenStatusListException(TokenStatusListErrorCode.LimitExceeded,
                $"The status list token is missing or longer than {_limits.MaxTokenChars} characters.");
        CompactJws jws;
        try
        {
            jws = CompactJws.Parse(jwt, _limits.MaxTokenChars);
        }
        catch (FormatException e)
        {
            throw Fail(TokenStatusListErrorCode.Malformed, "The status list token is not a compact JWS: " + e.Message);
        }

        // §5.1: typ MUST be statuslist+jwt, so no other JWT of the issuer can pass for a status list.
        if (jws.HeaderText("typ") != StatusListTokenWriter.JwtType)
            throw Fail(TokenStatusListErrorCode.Verification, $"The token's typ is not {StatusListTokenWriter.JwtType}.");
        if (jws.Algorithm is not { } alg || !StatusListTokenSignature.SupportedAlgorithms.Contains(alg))
            throw Fail(TokenStatusListErrorCode.Verification, $"The token's alg '{jws.Algorithm}' is not accepted (EdDSA or ES256).");
        var payload = jws.PayloadObject() ?? throw Fail(TokenStatusListErrorCode.Malformed, "The token's payload is not a JSON object.");
        var iss = Text(payload, "iss");

        var jwk = await resolvePublicJwk(new StatusListKeyRequest(alg, jws.KeyId, iss, listUri), cancellationToken).ConfigureAwait(false)
            ?? throw Fail(TokenStatusListErrorCode.Verification, $"No key is known for the status list {listUri} (kid '{jws.KeyId}').");
        if (!StatusListTokenSignature.Verify(jws, jwk))
            throw Fail(TokenStatusListErrorCode.Verification, "The status list token's signature does not verify.");

        // §8.3 step 3: sub MUST equal the uri of the reference, so a validly signed list cannot stand in for another.
        if (Text(payload, "sub") != listUri)
            throw Fail(TokenStatusListErrorCode.Verification, $"The token's sub is not the list URI {listUri}.");
        if (ExpectedIssuer is { } expected && iss != expected)
            throw Fail(TokenStatusListErrorCode.Verification, $"The token's iss is not {expected}.");

        var now = timeProvider.GetUtcNow();
        var iat = Seconds(payload, "iat") ?? throw Fail(TokenStatusListErrorCode.Malformed, "The token has no numeric iat.");
        if (iat > now + ClockSkew) throw Fail(TokenStatusListErrorCode.Expired, "The token's iat lies in the future.");
        var exp = payload.ContainsKey("exp")
            ? Seconds(payload, "exp") ?? throw Fail(TokenStatusListErrorCode.Malformed, "The token's exp is not a number.")
            : (DateTimeOffset?)null;
        if (exp is { } e2 && now > e2 + ClockSkew) throw Fail(TokenStatusListErrorCode.Expired, $"The status list token expired at {e2:O}.");
        TimeSpan? ttl = null;
        if (payload.ContainsKey("ttl"))
        {
            if (payload["ttl"] is not JsonValue t || !t.TryGetValue<long>(out var seconds) || seconds <= 0)
                throw Fail(TokenStatusListErrorCode.Malformed, "The token's ttl must be a positive integer.");
            ttl = TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.MaxValue.TotalSeconds));
        }

        if (payload["status_list"] is not JsonObject list)
            throw Fail(TokenStatusListErrorCode.Malformed, "The token has no status_list object.");
        if (list["bits"] is not JsonValue b || !b.TryGetValue<int>(out var bits) || !TokenStatusArray.IsValidBits(bits))
            throw Fail(TokenStatusListErrorCode.Malformed, "status_list.bits must be 1, 2, 4 or 8.");
        var lst = Text(list, "lst") ?? throw Fail(TokenStatusListErrorCode.Malformed, "status_list.lst must be a string.");

        return new VerifiedStatusListToken(new StatusListTokenContent
        {
            Subject = listUri,
            Issuer = iss,
            IssuedAt = iat,
            ExpiresAt = exp,
            TimeToLive = ttl,
            List = TokenStatusArray.FromLst(bits, lst, _limits),
            AggregationUri = Text(list, "aggregation_uri"),
        });
    }

    private static DateTimeOffset? Seconds(JsonObject payload, string name)
    {
        // NumericDate (RFC 7519 §2) may carry fractions; whole seconds are enough for status lists.
        if (payload[name] is not JsonValue v || !v.TryGetValue<double>(out var seconds) || double.IsNaN(seconds)
            || seconds < 0 || seconds > 253_402_300_799) return null;
        return DateTimeOffset.FromUnixTimeSeconds((long)seconds);
    }

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static TokenStatusListException Fail(TokenStatusListErrorCode code, string message) => new(code, message);
}
