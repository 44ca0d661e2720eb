using System.Text.Json;
using System.Text.Json.Nodes;

namespace Laurel.Features.Wallets.Authorization;

/// <summary>A pushed authorization request (RFC 9126) as stored behind its request_uri.</summary>
public sealed record PushedRequest(string ClientId, string RedirectUri, string CodeChallenge, string? State,
    List<string> ConfigurationIds, bool UsedAuthorizationDetails, string? IssuerState, string? DpopJkt);

/// <summary>What an authorization code stands for, stored behind the code.</summary>
public sealed record CodeGrant(Guid PersonId, Guid? OfferId, List<string> ConfigurationIds, string ClientId, string RedirectUri,
    string CodeChallenge, string? DpopJkt, bool UsedAuthorizationDetails);

/// <summary>Parsing of what a wallet asks for: configuration ids from <c>scope</c> and <c>authorization_details</c>.</summary>
public static class WalletAuthorizationRequests
{
    public const string RequestUriPrefix = "urn:ietf:params:oauth:request_uri:";
    public const string PreAuthorizedGrant = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
    public const string CredentialDetailsType = "openid_credential";
    /// <summary>More configurations than any badge offer has: a longer list is a mistake or an attack on the page.</summary>
    public const int MaxConfigurations = 30;

    /// <summary>
    /// Configuration ids the wallet names: each <c>scope</c> value that is a configuration id (the scope of a configuration is
    /// its id), and each <c>openid_credential</c> entry of <c>authorization_details</c> (RFC 9396, VCI-4.1).
    /// </summary>
    public static (List<string> Ids, bool UsedDetails, string? Error) Requested(string? scope, string? authorizationDetails)
    {
        var ids = new List<string>();
        foreach (var value in (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (value == "openid") continue;
            if (!WalletConfigurationId.TryParse(value, out _, out _)) return ([], false, "invalid_scope");
            ids.Add(value);
        }
        var usedDetails = !string.IsNullOrEmpty(authorizationDetails);
        if (usedDetails)
        {
            try
            {
                if (JsonNode.Parse(authorizationDetails!) is not JsonArray details || details.Count == 0) return ([], true, "invalid_authorization_details");
                foreach (var entry in details)
                {
                    if (entry is not JsonObject detail || detail["type"]?.GetValue<string>() != CredentialDetailsType
                        || detail["credential_configuration_id"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var id)
                        || !WalletConfigurationId.TryParse(id, out _, out _))
                        return ([], true, "invalid_authorization_details");
                    ids.Add(id);
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                return ([], true, "invalid_authorization_details");
            }
        }
        ids = [.. ids.Distinct(StringComparer.Ordinal)];
        return ids.Count > MaxConfigurations ? ([], usedDetails, "invalid_request") : (ids, usedDetails, null);
    }

    /// <summary>The token response's authorization_details (VCI-4.3): one entry per configuration, its id as credential identifier.</summary>
    public static JsonArray ResponseDetails(IEnumerable<string> configurationIds) =>
    [
        .. configurationIds.Select(id => (JsonNode)new JsonObject
        {
            ["type"] = CredentialDetailsType,
            ["credential_configuration_id"] = id,
            ["credential_identifiers"] = new JsonArray(id),
        }),
    ];

    /// <summary>True for an offer a wallet may still redeem.</summary>
    public static bool IsLive(WalletOffer offer, DateTime now) =>
        offer.State is WalletOfferState.Offered or WalletOfferState.Fetched && offer.ExpiresAt > now;
}
