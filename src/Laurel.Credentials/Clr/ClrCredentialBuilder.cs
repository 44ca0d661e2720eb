using System.Text.Json.Nodes;

namespace Laurel.Credentials.Clr;

/// <summary>What a CLR 2.0 <c>ClrCredential</c> is made of; the builder adds nothing that is not here.</summary>
public sealed record ClrContent
{
    /// <summary>The CLR's own id (a URI; it names this one credential).</summary>
    public required string Id { get; init; }

    /// <summary>Shown by wallets.</summary>
    public required string Name { get; init; }

    /// <summary>Optional description.</summary>
    public string? Description { get; init; }

    /// <summary>The issuing Profile (its <c>id</c> is the DID that signs).</summary>
    public required JsonObject Issuer { get; init; }

    /// <summary>When the CLR's claims hold from (VC 2.0 <c>validFrom</c>).</summary>
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>Status entries (revocation, suspension) or null.</summary>
    public JsonNode? CredentialStatus { get; init; }

    /// <summary>The learner's <c>credentialSubject.id</c> (a DID), when the learner has one.</summary>
    public string? SubjectId { get; init; }

    /// <summary>The learner's IdentityObjects (e.g. the salted hash of their address), copied from the completion award.</summary>
    public IReadOnlyList<JsonObject> Identifiers { get; init; } = [];

    /// <summary>The achievements the CLR itself asserts (a pathway's completion achievement).</summary>
    public required IReadOnlyList<JsonObject> Achievements { get; init; }

    /// <summary>The component credentials, each exactly as issued (never modified: each keeps its own proof).</summary>
    public required IReadOnlyList<JsonObject> Components { get; init; }

    /// <summary>True when the CLR leaves out credentials the issuer knows of (CLR 2.0 <c>partial</c>).</summary>
    public bool Partial { get; init; }
}

/// <summary>
/// Builds an unsigned 1EdTech CLR 2.0 <c>ClrCredential</c> (VC 2.0 + CLR 2.0.1 + OB 3.0.3 contexts): a <c>ClrSubject</c> with the
/// learner's identifiers, the asserted achievements, the component credentials as given, and one <c>isPartOf</c> association from
/// each component's achievement to each asserted achievement (the component is a part of the completion).
/// </summary>
public static class ClrCredentialBuilder
{
    /// <summary>The CLR 2.0 context URL (shipped in <see cref="JsonLd.ShippedContexts"/>).</summary>
    public const string ClrContext = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json";

    /// <summary>The contexts, in the order CLR 2.0 requires (VC first, CLR second, OB third).</summary>
    public static readonly IReadOnlyList<string> Contexts =
        ["https://www.w3.org/ns/credentials/v2", ClrContext, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"];

    /// <summary>The unsigned ClrCredential; the caller signs it.</summary>
    public static JsonObject Build(ClrContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var subject = new JsonObject();
        if (content.SubjectId is { } did) subject["id"] = did;
        subject["type"] = new JsonArray("ClrSubject");
        if (content.Identifiers.Count > 0) subject["identifier"] = new JsonArray([.. content.Identifiers.Select(i => i.DeepClone())]);
        subject["achievement"] = new JsonArray([.. content.Achievements.Select(a => a.DeepClone())]);
        subject["verifiableCredential"] = new JsonArray([.. content.Components.Select(c => c.DeepClone())]);
        var associations = Associations(content);
        if (associations.Count > 0) subject["association"] = associations;

        var clr = new JsonObject
        {
            ["@context"] = new JsonArray([.. Contexts.Select(c => (JsonNode)c)]),
            ["id"] = content.Id,
            ["type"] = new JsonArray("VerifiableCredential", "ClrCredential"),
            ["issuer"] = content.Issuer.DeepClone(),
            ["validFrom"] = content.ValidFrom.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["name"] = content.Name,
        };
        if (content.Description is { Length: > 0 } description) clr["description"] = description;
        if (content.Partial) clr["partial"] = true;
        clr["credentialSubject"] = subject;
        if (content.CredentialStatus is { } status) clr["credentialStatus"] = status.DeepClone();
        return clr;
    }

    // CLR 2.0 Association: sourceId and targetId are achievement ids; "isPartOf" = the source is a part of the target.
    private static JsonArray Associations(ClrContent content)
    {
        var associations = new JsonArray();
        var targets = content.Achievements.Select(a => Text(a["id"])).OfType<string>().ToList();
        var sources = content.Components.Select(ComponentAchievementId).OfType<string>().Distinct(StringComparer.Ordinal);
        foreach (var source in sources)
            foreach (var target in targets.Where(t => t != source))
                associations.Add(new JsonObject { ["type"] = "Association", ["associationType"] = "isPartOf", ["sourceId"] = source, ["targetId"] = target });
        return associations;
    }

    /// <summary>The id of the achievement an OB 3.0 credential asserts, or null.</summary>
    public static string? ComponentAchievementId(JsonObject credential) =>
        credential["credentialSubject"] is JsonObject subject && subject["achievement"] is JsonObject achievement ? Text(achievement["id"]) : null;

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
