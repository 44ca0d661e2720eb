using System.Globalization;
using System.Text.Json.Nodes;

namespace Laurel.Credentials.StatusList;

/// <summary>Everything needed to publish one status list credential (SL-6.2).</summary>
public sealed record StatusListCredentialOptions
{
    /// <summary>The URL the list credential is served at (its <c>id</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The issuer id (URL or DID).</summary>
    public required string Issuer { get; init; }

    /// <summary><c>revocation</c> or <c>suspension</c> (see <see cref="StatusPurpose"/>).</summary>
    public required string StatusPurpose { get; init; }

    /// <summary>Start of validity.</summary>
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>End of validity; keep it short and re-sign (DI-P5).</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>Cache time-to-live in milliseconds.</summary>
    public long? TtlMilliseconds { get; init; }
}

/// <summary>Builds unsigned Bitstring Status List credentials and entries as JSON.</summary>
public static class BitstringStatusListBuilder
{
    /// <summary>The VC 2.0 base context, which defines all status list terms.</summary>
    public const string CredentialsV2Context = "https://www.w3.org/ns/credentials/v2";

    /// <summary>Builds the unsigned <c>BitstringStatusListCredential</c> for <paramref name="list"/>.</summary>
    public static JsonObject BuildCredential(StatusListCredentialOptions options, StatusBitstring list)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(list);
        if (options.ValidUntil is { } until && until < options.ValidFrom)
            throw new ArgumentException("validUntil precedes validFrom.", nameof(options));

        var subject = new JsonObject
        {
            ["id"] = options.Id + "#list",
            ["type"] = "BitstringStatusList",
            ["statusPurpose"] = options.StatusPurpose,
            ["encodedList"] = list.Encode(),
        };
        if (options.TtlMilliseconds is { } ttl) subject["ttl"] = ttl;

        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(CredentialsV2Context),
            ["id"] = options.Id,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = options.Issuer,
            ["validFrom"] = FormatDate(options.ValidFrom),
        };
        if (options.ValidUntil is { } validUntil) credential["validUntil"] = FormatDate(validUntil);
        credential["credentialSubject"] = subject;
        return credential;
    }

    /// <summary>Builds a <c>BitstringStatusListEntry</c> for a credential's <c>credentialStatus</c> (SL-6.1).</summary>
    public static JsonObject BuildEntry(string statusListCredential, long index, string statusPurpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(statusListCredential);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var indexText = index.ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            // The entry id must differ from the list URL; the fragment makes it unique per index.
            ["id"] = statusListCredential + "#" + indexText,
            ["type"] = "BitstringStatusListEntry",
            ["statusPurpose"] = statusPurpose,
            ["statusListIndex"] = indexText,
            ["statusListCredential"] = statusListCredential,
        };
    }

    /// <summary>Formats a timestamp as XML Schema dateTimeStamp in UTC, whole seconds.</summary>
    internal static string FormatDate(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
