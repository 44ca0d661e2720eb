using System.Globalization;
using System.Text.Json.Nodes;

namespace Laurel.Credentials.OpenBadges;

/// <summary>Builds unsigned OpenBadgeCredentials with the contexts, types and schema OB 3.0 expects.</summary>
public static class OpenBadgeCredentialFactory
{
    private static readonly string[] ExtensionTypes = [OpenBadgeConstants.SchemaValidatorType, "1EdTechRevocationList", "1EdTechCredentialRefresh"];

    /// <summary>A new <c>urn:uuid:</c> credential id (OB3-2.2).</summary>
    public static string NewCredentialId() => "urn:uuid:" + Guid.NewGuid().ToString("D");

    /// <summary>Formats a timestamp as DateTimeZ in UTC with whole seconds, e.g. <c>2025-06-30T12:00:00Z</c>.</summary>
    public static string FormatDate(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A credential with contexts [VC v2, OB 3.0.3, extensions], type [VerifiableCredential, OpenBadgeCredential],
    /// <c>awardedDate</c> = <c>validFrom</c> and the AchievementCredential <c>credentialSchema</c> (OB3-2.1, OB3-3.1).
    /// </summary>
    public static OpenBadgeCredential Create(string id, Profile issuer, AchievementSubject subject, DateTimeOffset validFrom,
        string? name = null, DateTimeOffset? validUntil = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(subject);
        if (validUntil is { } until && until < validFrom) throw new ArgumentException("validUntil precedes validFrom.", nameof(validUntil));
        return new OpenBadgeCredential
        {
            Id = id,
            Name = name ?? subject.Achievement.Name,
            Issuer = issuer,
            ValidFrom = FormatDate(validFrom),
            ValidUntil = validUntil is { } u ? FormatDate(u) : null,
            AwardedDate = FormatDate(validFrom),
            CredentialSubject = subject,
            CredentialSchema = [new CredentialSchema { Id = OpenBadgeConstants.AchievementCredentialSchema }],
        };
    }

    /// <summary>
    /// Serializes <paramref name="credential"/> for signing: no <c>proof</c>, contexts in the required order, the
    /// extensions context added when a 1EdTech-defined type is used (OB3-3.2), and the two required types present.
    /// </summary>
    public static JsonObject ToUnsignedJson(OpenBadgeCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var json = OpenBadgeJson.ToJsonObject(credential with { Proof = null });
        json["@context"] = NormalizeContexts(credential.Context, UsesExtensionTypes(credential));
        var types = credential.Type.ToList();
        if (!types.Contains("VerifiableCredential")) types.Insert(0, "VerifiableCredential");
        if (!types.Contains("OpenBadgeCredential") && !types.Contains("AchievementCredential")) types.Add("OpenBadgeCredential");
        json["type"] = new JsonArray([.. types.Select(t => (JsonNode)JsonValue.Create(t))]);
        return json;
    }

    private static bool UsesExtensionTypes(OpenBadgeCredential c) =>
        (c.CredentialSchema?.Any(s => ExtensionTypes.Contains(s.Type)) ?? false)
        || (c.CredentialStatus is { } status && ExtensionTypes.Contains(status.Type))
        || (c.RefreshService is { } refresh && ExtensionTypes.Contains(refresh.Type));

    private static JsonArray NormalizeContexts(IReadOnlyList<JsonNode> contexts, bool needExtensions)
    {
        var result = new JsonArray(OpenBadgeConstants.CredentialsV2Context);
        var obContext = contexts.Select(Text).FirstOrDefault(s => s is not null && OpenBadgeConstants.IsOpenBadgesContext(s))
            ?? OpenBadgeConstants.OpenBadgesContext;
        result.Add(obContext);
        var hasExtensions = false;
        foreach (var context in contexts)
        {
            var text = Text(context);
            if (text == OpenBadgeConstants.CredentialsV2Context || text == obContext) continue;
            hasExtensions |= text == OpenBadgeConstants.ExtensionsContext;
            result.Add(context.DeepClone());
        }
        if (needExtensions && !hasExtensions) result.Add(OpenBadgeConstants.ExtensionsContext);
        return result;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
