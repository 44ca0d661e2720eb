using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;

namespace Laurel.Features.Wallets.Authorization;

/// <summary>A DPoP proof that passed every check: the thumbprint (RFC 7638) of the key it was signed with.</summary>
public sealed record DpopProof(string Jkt);

/// <summary>The result of checking a request's DPoP header: no header, a valid proof, or an error description.</summary>
public sealed record DpopCheck(DpopProof? Proof, string? Error)
{
    public bool Absent => Proof is null && Error is null;
}

/// <summary>
/// Checks DPoP proofs (RFC 9449 §4.3) at the PAR and token endpoints and at resource endpoints: one <c>DPoP</c> header,
/// <c>typ</c> dpop+jwt, <c>alg</c> ES256 or EdDSA with the public <c>jwk</c> in the header (no private part), signature,
/// <c>htm</c>, <c>htu</c> (scheme, host and path; no query), <c>iat</c> within the window, <c>ath</c> when a token is
/// presented, and <c>jti</c> never seen before (kept in the database, so a proof cannot be replayed at another node).
/// No server <c>DPoP-Nonce</c> is demanded: freshness rests on iat + jti.
/// </summary>
public sealed class DpopProofs(WalletAuthorizationRecords records, TimeProvider time)
{
    public const string HeaderName = "DPoP";
    public static readonly string[] Algorithms = ["ES256", "EdDSA"];
    /// <summary>How old a proof may be (phones' clocks drift), and how far in the future.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5), MaxSkew = TimeSpan.FromMinutes(1);
    private const int MaxProofLength = 8 * 1024;

    public async Task<DpopCheck> CheckAsync(HttpRequest request, string htu, string? accessToken, CancellationToken ct)
    {
        var headers = request.Headers[HeaderName];
        if (headers.Count == 0) return new(null, null);
        if (headers.Count > 1) return Fail("Send exactly one DPoP header.");
        var text = headers[0] ?? "";
        if (text.Length == 0 || text.Length > MaxProofLength) return Fail("The DPoP proof is empty or too long.");
        CompactJws jws;
        JsonObject? payload;
        try
        {
            jws = CompactJws.Parse(text, MaxProofLength);
            payload = jws.PayloadObject();
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            return Fail("The DPoP proof is not a compact JWS.");
        }
        if (payload is null) return Fail("The DPoP proof has no JSON payload.");
        if (jws.HeaderText("typ") != "dpop+jwt") return Fail("The DPoP proof's typ must be dpop+jwt.");
        var alg = jws.Algorithm;
        if (alg is null || !Algorithms.Contains(alg)) return Fail("The DPoP proof's alg must be ES256 or EdDSA.");
        if (jws.Header["jwk"] is not JsonObject jwk) return Fail("The DPoP proof's header has no jwk.");
        string jkt;
        try
        {
            using var key = JwsKey.FromPublicJwk(jwk);
            if (key.Key.Algorithm != alg) return Fail("The DPoP proof's alg does not match its jwk.");
            if (!jws.Verify(key.Key)) return Fail("The DPoP proof's signature does not verify.");
            jkt = key.Key.Thumbprint();
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return Fail("The DPoP proof's jwk is not a usable public ES256 or EdDSA key.");
        }

        if (Text(payload, "htm") != request.Method) return Fail("The DPoP proof's htm does not match the request method.");
        if (!SameUri(Text(payload, "htu"), htu)) return Fail("The DPoP proof's htu does not match this endpoint.");
        if (payload["iat"] is not JsonValue iatValue || !iatValue.TryGetValue<long>(out var iat)) return Fail("The DPoP proof has no numeric iat.");
        var now = time.GetUtcNow();
        var issued = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(iat, 0, 253402300799));
        if (issued < now - MaxAge || issued > now + MaxSkew) return Fail("The DPoP proof's iat is outside the accepted window.");
        if (accessToken is not null)
        {
            var expected = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
            if (Text(payload, "ath") is not { } ath || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ath), Encoding.ASCII.GetBytes(expected)))
                return Fail("The DPoP proof's ath does not match the access token.");
        }
        if (Text(payload, "jti") is not { Length: > 0 and <= 256 } jti) return Fail("The DPoP proof has no jti.");
        // Kept until the proof would be too old anyway (RFC 9449 §11.1).
        if (!await records.TryAddAsync(WalletAuthorizationRecords.JtiKind, jkt + " " + jti, null, (issued + MaxAge + MaxSkew).UtcDateTime, ct))
            return Fail("This DPoP proof was used before (jti replay).");
        return new(new DpopProof(jkt), null);
    }

    private static DpopCheck Fail(string description) => new(null, description);

    private static string? Text(JsonObject payload, string name) => payload[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    // RFC 9449 §4.3: compare without query and fragment, after syntax-based normalization (scheme and host case, default port).
    private static bool SameUri(string? presented, string expected) =>
        Uri.TryCreate(presented, UriKind.Absolute, out var a) && Uri.TryCreate(expected, UriKind.Absolute, out var b)
        && Uri.Compare(a, b, UriComponents.Scheme | UriComponents.Host | UriComponents.Port | UriComponents.Path, UriFormat.UriEscaped,
            StringComparison.OrdinalIgnoreCase) == 0
        && a.AbsolutePath == b.AbsolutePath;
}
