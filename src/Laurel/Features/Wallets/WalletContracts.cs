using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Laurel.Features.Wallets;

/// <summary>Hashes for offer secrets (pre-authorized code, tx_code, issuer_state): only hashes are stored.</summary>
public static class WalletSecrets
{
    /// <summary>Lower-case hex SHA-256 of the secret.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>A new unguessable secret: 32 random bytes, base64url.</summary>
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// Credential configuration ids: one per published achievement and format, so each badge has its own wallet display
/// (<c>{achievement id, 32 hex}.{sd-jwt|ldp|jwt}</c>).
/// </summary>
public static class WalletConfigurationId
{
    /// <summary>The configuration id of one achievement in one format.</summary>
    public static string For(Guid achievementId, WalletCredentialFormat format) => $"{achievementId:N}.{Suffix(format)}";

    /// <summary>Parses a configuration id; false for anything that is not exactly one of ours.</summary>
    public static bool TryParse(string? id, out Guid achievementId, out WalletCredentialFormat format)
    {
        achievementId = default; format = default;
        if (id is null || id.Length > 40) return false;
        var dot = id.IndexOf('.');
        if (dot != 32 || !Guid.TryParseExact(id[..dot], "N", out achievementId)) return false;
        switch (id[(dot + 1)..])
        {
            case "sd-jwt": format = WalletCredentialFormat.SdJwtVc; return true;
            case "ldp": format = WalletCredentialFormat.LdpVc; return true;
            case "jwt": format = WalletCredentialFormat.JwtVcJson; return true;
            default: return false;
        }
    }

    /// <summary>The OpenID4VCI <c>format</c> value of a form.</summary>
    public static string FormatName(WalletCredentialFormat format) => format switch
    {
        WalletCredentialFormat.SdJwtVc => "dc+sd-jwt",
        WalletCredentialFormat.LdpVc => "ldp_vc",
        _ => "jwt_vc_json",
    };

    private static string Suffix(WalletCredentialFormat format) => format switch
    {
        WalletCredentialFormat.SdJwtVc => "sd-jwt",
        WalletCredentialFormat.LdpVc => "ldp",
        _ => "jwt",
    };
}

/// <summary>
/// URLs of the wallet protocols. One authorization server for the whole Laurel node (its issuer is the public origin);
/// one Credential Issuer per institution, identified by <c>{origin}/oid4vci/{institution slug}</c>.
/// </summary>
public static class WalletRoutes
{
    /// <summary>Path of an institution's Credential Issuer identifier.</summary>
    public static string IssuerPath(string institutionSlug) => $"/oid4vci/{institutionSlug}";
    /// <summary>Credential endpoint of an institution.</summary>
    public static string CredentialPath(string institutionSlug) => $"/oid4vci/{institutionSlug}/credential";
    /// <summary>Nonce endpoint of an institution.</summary>
    public static string NoncePath(string institutionSlug) => $"/oid4vci/{institutionSlug}/nonce";
    /// <summary>Notification endpoint of an institution.</summary>
    public static string NotificationPath(string institutionSlug) => $"/oid4vci/{institutionSlug}/notification";
    /// <summary>The credential offer, fetched by reference (credential_offer_uri).</summary>
    public static string OfferPath(Guid offerId) => $"/oid4vci/offers/{offerId:N}";
    /// <summary>The VCALM interaction URL the "Add to wallet" QR encodes.</summary>
    public static string InteractionPath(Guid offerId) => $"/wallet/interactions/{offerId:N}";
    /// <summary>The VC-API exchange of an offer (DCC Learner Credential Wallet).</summary>
    public static string ExchangePath(Guid offerId) => $"/wallet/exchanges/{offerId:N}";
    /// <summary>Authorization server endpoints (node-wide).</summary>
    public const string TokenPath = "/oid4vci/token", ParPath = "/oid4vci/par", AuthorizePath = "/oid4vci/authorize";
}

/// <summary>What an access token presented at the credential endpoint allows.</summary>
/// <param name="PersonId">The backpack owner the token was issued for.</param>
/// <param name="OfferId">The offer it came from (pre-authorized code, or issuer_state in the authorization code flow).</param>
/// <param name="ConfigurationIds">The credential configurations it may fetch.</param>
/// <param name="DpopJkt">The DPoP key thumbprint it is bound to (cnf.jkt); null for a bearer token.</param>
/// <param name="Flow"><c>pre-authorized_code</c> or <c>authorization_code</c>.</param>
public sealed record WalletGrant(Guid PersonId, Guid? OfferId, IReadOnlyList<string> ConfigurationIds, string? DpopJkt, string Flow);

/// <summary>The outcome of checking a credential request's access token (and DPoP proof): a grant, or an OAuth error.</summary>
public sealed record WalletAccess(WalletGrant? Grant, string? Error, string? ErrorDescription, int StatusCode)
{
    public static WalletAccess Allowed(WalletGrant grant) => new(grant, null, null, 200);
    public static WalletAccess Refused(string error, string description, int statusCode = 401) => new(null, error, description, statusCode);
}

/// <summary>
/// Checks the access token (Bearer or DPoP, RFC 9449 §7) and the DPoP proof of a request to a resource endpoint
/// (credential, nonce-less notification). Implemented by the authorization server part (Features/Wallets/Authorization).
/// </summary>
public interface IWalletAccessTokens
{
    /// <summary>Validates the Authorization header and DPoP proof of this request for the given endpoint URL.</summary>
    Task<WalletAccess> ValidateAsync(HttpRequest request, string endpointUrl, CancellationToken ct);
}

/// <summary>The status entries of one wallet copy: a Token Status List entry (SD-JWT VC) or a Bitstring pair (the others).</summary>
public sealed record CopyStatus(Guid? TokenStatusListId, long? TokenStatusIndex, string? TokenStatusListUri,
    Guid? RevocationListId, Guid? SuspensionListId, int? StatusIndex);

/// <summary>
/// Status of wallet copies (implemented in Features/Wallets/Status): every copy has its own index, so one copy can be
/// stopped alone; revoking, suspending or reinstating the award sets all of its copies in the same transaction.
/// </summary>
public interface IWalletStatus
{
    /// <summary>Allocates the status entries of a new copy in this format (committed at once, like award indices).</summary>
    Task<CopyStatus> AllocateAsync(Guid institutionId, WalletCredentialFormat format, CancellationToken ct);

    /// <summary>Stops one copy: its own entry becomes revoked; the award and other copies are untouched.</summary>
    Task StopCopyAsync(Guid copyId, CancellationToken ct);
}

/// <summary>The holder key a wallet proved possession of (from the proof JWT's jwk or kid).</summary>
/// <param name="PublicJwk">The public JWK (no private members).</param>
/// <param name="Thumbprint">Its RFC 7638 thumbprint.</param>
/// <param name="Did">The holder DID when the proof named one (did:key, did:jwk); null to derive did:jwk.</param>
public sealed record HolderKey(System.Text.Json.Nodes.JsonObject PublicJwk, string Thumbprint, string? Did);

/// <summary>Builds and signs the credential of one wallet copy (implemented in Features/Wallets/Formats).</summary>
public interface IWalletCredentialFactory
{
    /// <summary>
    /// The credential as the OpenID4VCI credential response carries it: a JSON string (compact SD-JWT VC with
    /// disclosures, or VC-JWT) or a JSON object (Data Integrity credential), bound to the holder key.
    /// </summary>
    Task<System.Text.Json.Nodes.JsonNode> IssueAsync(Laurel.Features.Awards.Award award, WalletCredentialFormat format,
        HolderKey holder, CopyStatus status, CancellationToken ct);
}

/// <summary>The secrets of one offer, as kept (encrypted) in <see cref="WalletOffer.ProtectedSecrets"/>.</summary>
public sealed record WalletOfferSecrets(string PreAuthorizedCode, string IssuerState, string? TxCode)
{
    private const string Purpose = "Laurel.Wallets.OfferSecrets.v1";

    /// <summary>New random secrets; a 6-digit tx_code when asked.</summary>
    public static WalletOfferSecrets Create(bool withTxCode) => new(WalletSecrets.NewSecret(), WalletSecrets.NewSecret(),
        withTxCode ? System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture) : null);

    /// <summary>Encrypts the secrets for storage.</summary>
    public string Protect(IDataProtectionProvider provider) =>
        provider.CreateProtector(Purpose).Protect(System.Text.Json.JsonSerializer.Serialize(this));

    /// <summary>Decrypts stored secrets.</summary>
    public static WalletOfferSecrets Unprotect(IDataProtectionProvider provider, string protectedSecrets) =>
        System.Text.Json.JsonSerializer.Deserialize<WalletOfferSecrets>(provider.CreateProtector(Purpose).Unprotect(protectedSecrets))
        ?? throw new InvalidOperationException("Unreadable wallet offer secrets.");
}

/// <summary>
/// The institution's ES256 (P-256) signing key for SD-JWT VCs and Token Status List tokens (implemented in
/// Features/Publishing/Keys). The key id is what the JWS header <c>kid</c> names and what
/// <c>/.well-known/jwt-vc-issuer</c> and did.json publish.
/// </summary>
public interface IInstitutionEs256Keys
{
    /// <summary>The active ES256 key of the institution (created on first use) and its key id.</summary>
    Task<(Laurel.Credentials.Jwt.JwsKey Key, string KeyId)> ActiveAsync(Guid institutionId, CancellationToken ct);
}
