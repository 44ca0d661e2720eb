using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;

namespace Laurel.Features.Wallets.Authorization;

/// <summary>
/// Wallet access tokens: the <see cref="WalletGrant"/> and its expiry as JSON, encrypted and authenticated with ASP.NET Data
/// Protection (purpose <c>Laurel.Wallets.AccessToken.v1</c>), prefixed <c>lwat1.</c>. The key ring lives in the database, so every
/// node reads every token without a database look-up, and wallets cannot read or alter what is inside (the person id stays
/// private). Tokens live <see cref="Lifetime"/>; a DPoP-bound token carries its key thumbprint as <c>cnf.jkt</c>.
/// </summary>
public sealed class WalletAccessTokens(IDataProtectionProvider protection, DpopProofs dpop, TimeProvider time) : IWalletAccessTokens
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private const string Prefix = "lwat1.";
    private readonly IDataProtector _protector = protection.CreateProtector("Laurel.Wallets.AccessToken.v1");

    private sealed record Payload(
        [property: JsonPropertyName("sub")] Guid PersonId,
        [property: JsonPropertyName("offer")] Guid? OfferId,
        [property: JsonPropertyName("configs")] List<string> ConfigurationIds,
        [property: JsonPropertyName("cnf")] Confirmation? Cnf,
        [property: JsonPropertyName("flow")] string Flow,
        [property: JsonPropertyName("exp")] long Expires);

    private sealed record Confirmation([property: JsonPropertyName("jkt")] string Jkt);

    /// <summary>A new access token for the grant.</summary>
    public string Issue(WalletGrant grant)
    {
        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds();
        var payload = new Payload(grant.PersonId, grant.OfferId, [.. grant.ConfigurationIds],
            grant.DpopJkt is null ? null : new Confirmation(grant.DpopJkt), grant.Flow, expires);
        return Prefix + _protector.Protect(JsonSerializer.Serialize(payload));
    }

    /// <summary>The grant inside a token that is ours and not expired; null otherwise.</summary>
    public WalletGrant? Read(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 8192) return null;
        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(_protector.Unprotect(token[Prefix.Length..]));
            if (payload is null || payload.Expires <= time.GetUtcNow().ToUnixTimeSeconds()) return null;
            return new WalletGrant(payload.PersonId, payload.OfferId, payload.ConfigurationIds, payload.Cnf?.Jkt, payload.Flow);
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// RFC 9449 §7: <c>Authorization: DPoP &lt;token&gt;</c> with a proof whose ath, htm and htu (= <paramref name="endpointUrl"/>)
    /// match and whose key is the token's cnf.jkt; or <c>Bearer &lt;token&gt;</c> for a token without binding. A DPoP-bound
    /// token presented as Bearer is refused (§7.2), as is a DPoP proof with an unbound token.
    /// </summary>
    public async Task<WalletAccess> ValidateAsync(HttpRequest request, string endpointUrl, CancellationToken ct)
    {
        if (request.Headers.Authorization.Count != 1 || !AuthenticationHeaderValue.TryParse(request.Headers.Authorization[0], out var header)
            || header.Parameter is not { Length: > 0 } token)
            return WalletAccess.Refused("invalid_token", "Send the access token in one Authorization header (DPoP or Bearer).");
        var grant = Read(token);
        if (grant is null) return WalletAccess.Refused("invalid_token", "The access token is unknown or expired.");
        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            if (grant.DpopJkt is not null) return WalletAccess.Refused("invalid_token", "This access token is DPoP-bound: send it with the DPoP scheme and a DPoP proof.");
            if (request.Headers.ContainsKey(DpopProofs.HeaderName)) return WalletAccess.Refused("invalid_dpop_proof", "A DPoP proof was sent with a bearer token.", 400);
            return WalletAccess.Allowed(grant);
        }
        if (!header.Scheme.Equals("DPoP", StringComparison.OrdinalIgnoreCase))
            return WalletAccess.Refused("invalid_token", "Use the DPoP or Bearer authorization scheme.");
        if (grant.DpopJkt is null) return WalletAccess.Refused("invalid_token", "This access token is not DPoP-bound: send it as Bearer.");
        var check = await dpop.CheckAsync(request, endpointUrl, token, ct);
        if (check.Absent) return WalletAccess.Refused("invalid_dpop_proof", "A DPoP proof is required with this access token.");
        if (check.Error is not null) return WalletAccess.Refused("invalid_dpop_proof", check.Error);
        if (check.Proof!.Jkt != grant.DpopJkt) return WalletAccess.Refused("invalid_dpop_proof", "The DPoP proof is signed with another key than the token is bound to.");
        return WalletAccess.Allowed(grant);
    }
}
