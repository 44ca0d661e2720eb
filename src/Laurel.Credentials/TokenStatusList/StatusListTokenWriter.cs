using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;

namespace Laurel.Credentials.TokenStatusList;

/// <summary>The content of a Status List Token in JWT form (draft-ietf-oauth-status-list §5.1).</summary>
public sealed record StatusListTokenContent
{
    /// <summary><c>sub</c> (REQUIRED): the URI the token is served at; referenced tokens carry it as <c>uri</c>.</summary>
    public required string Subject { get; init; }

    /// <summary><c>iat</c> (REQUIRED): when the token was issued.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary><c>exp</c> (RECOMMENDED): after this a verifier must not use the token.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary><c>ttl</c> (RECOMMENDED): how long a verifier may cache the token before fetching it again, in whole seconds.</summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary><c>iss</c> (OPTIONAL): the issuer, for ecosystems that pin it to the referenced token's issuer.</summary>
    public string? Issuer { get; init; }

    /// <summary>The statuses (<c>status_list.bits</c> and <c>status_list.lst</c>).</summary>
    public required TokenStatusArray List { get; init; }

    /// <summary><c>status_list.aggregation_uri</c> (OPTIONAL, §9): where all of the issuer's list URIs are listed.</summary>
    public string? AggregationUri { get; init; }
}

/// <summary>
/// Builds and signs Status List Tokens: JOSE header <c>{"alg", "kid", "typ": "statuslist+jwt"}</c> (§5.1), served with
/// media type <c>application/statuslist+jwt</c> (§8.1). The signature comes from a caller-supplied <see cref="JwsKey"/> (EdDSA or ES256).
/// </summary>
public static class StatusListTokenWriter
{
    /// <summary>The JWT <c>typ</c> of a Status List Token.</summary>
    public const string JwtType = "statuslist+jwt";

    /// <summary>The HTTP media type a Status List Token is served and requested with.</summary>
    public const string MediaType = "application/statuslist+jwt";

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JWT payload (claims) for <paramref name="content"/>.</summary>
    public static JsonObject Payload(StatusListTokenContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (string.IsNullOrWhiteSpace(content.Subject)) throw new ArgumentException("sub (the list URI) is required.", nameof(content));
        if (content.TimeToLive is { } ttl && ttl < TimeSpan.FromSeconds(1))
            throw new ArgumentException("ttl must be at least one second (§5.1: a positive number).", nameof(content));

        var statusList = new JsonObject { ["bits"] = content.List.Bits, ["lst"] = content.List.ToLst() };
        if (content.AggregationUri is { } aggregation) statusList["aggregation_uri"] = aggregation;

        var payload = new JsonObject { ["sub"] = content.Subject };
        if (content.Issuer is { } iss) payload["iss"] = iss;
        payload["iat"] = content.IssuedAt.ToUnixTimeSeconds();
        if (content.ExpiresAt is { } exp) payload["exp"] = exp.ToUnixTimeSeconds();
        if (content.TimeToLive is { } t) payload["ttl"] = (long)t.TotalSeconds;
        payload["status_list"] = statusList;
        return payload;
    }

    /// <summary>Signs <paramref name="content"/> with <paramref name="key"/> (its algorithm is the <c>alg</c>) and returns the compact JWT.</summary>
    /// <param name="keyId">The JWS <c>kid</c> (a verification method id or JWK thumbprint), or null to omit it.</param>
    public static string Sign(StatusListTokenContent content, JwsKey key, string? keyId)
    {
        ArgumentNullException.ThrowIfNull(key);
        var payload = Payload(content);
        var header = new JsonObject { ["alg"] = key.Algorithm };
        if (keyId is { } kid) header["kid"] = kid;
        header["typ"] = JwtType;

        var signingInput = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(header, Compact))
            + "." + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, Compact));
        var signature = key.Sign(Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }
}
