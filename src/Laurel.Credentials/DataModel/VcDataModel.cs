using System.Text.Json.Nodes;

namespace Laurel.Credentials.DataModel;

/// <summary>
/// One data-model problem: <paramref name="Path"/> is a JSON path without the root (<c>credentialSubject[1]</c>,
/// <c>issuer.id</c>, <c>@context[1]</c>), <paramref name="Code"/> a stable machine code (see <see cref="VcDataModel"/>'s
/// constants) an application can translate, <paramref name="Message"/> an English explanation citing the spec.
/// </summary>
public sealed record DataModelProblem(string Path, string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Path + ": " + Message;
}

/// <summary>
/// Dependency-free structural validation of a W3C Verifiable Credential (digest §1, VC-1.1…VC-1.8): VC Data Model 2.0
/// and, where the first context says so, VC 1.1 (issuanceDate/expirationDate). It checks what the data model says in
/// JSON terms only; term definitions are the JSON-LD processor's job (safe mode when signing). Every problem is returned,
/// not only the first.
/// </summary>
public static partial class VcDataModel
{
    /// <summary>The VC 2.0 base context (VC-1.1).</summary>
    public const string V2Context = "https://www.w3.org/ns/credentials/v2";

    /// <summary>The VC 1.1 base context.</summary>
    public const string V1Context = "https://www.w3.org/2018/credentials/v1";

    /// <summary>Problem codes.</summary>
    public const string Required = "required", NotUrl = "not-url", Multiple = "multiple", NotObject = "not-object",
        Empty = "empty", MissingType = "missing-type", BadType = "bad-type", BaseContext = "base-context",
        BadContext = "bad-context", DateTimeFormat = "date-time", DateOrder = "date-order", LanguageValue = "language-value",
        Duplicate = "duplicate", Digest = "digest", DigestMismatch = "digest-mismatch", StatusEntry = "status-entry",
        EnvelopeShape = "envelope";

    /// <summary>Validates a credential (secured or not) against the VC data model of its base context.</summary>
    public static IReadOnlyList<DataModelProblem> ValidateCredential(JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var p = new List<DataModelProblem>();
        var v1 = BaseContextIs(credential, V1Context);
        Contexts(p, credential["@context"], "@context", v1 ? V1Context : V2Context, credential.ContainsKey("@context"));

        var types = TypeValues(p, credential["type"], credential.ContainsKey("type"), "type");
        if (types.Contains("EnvelopedVerifiableCredential"))
        {
            EnvelopeRules(p, credential, types, "EnvelopedVerifiableCredential");
            return p;
        }
        if (types.Count > 0 && !types.Contains("VerifiableCredential"))
            p.Add(new("type", BadType, "type must include 'VerifiableCredential' (VC-1.2)."));

        OptionalId(p, credential, "id", "");
        LanguageValues(p, credential, "");
        Issuer(p, credential);
        Subjects(p, credential["credentialSubject"], credential.ContainsKey("credentialSubject"));
        if (v1) ValidityV1(p, credential);
        else Validity(p, credential);

        Statuses(p, credential, v1);
        TypedObjects(p, credential, "credentialSchema", idRequired: true);
        TypedObjects(p, credential, "evidence", idRequired: false);
        TypedObjects(p, credential, "termsOfUse", idRequired: false);
        TypedObjects(p, credential, "refreshService", idRequired: false);
        RelatedResources(p, credential);
        Proofs(p, credential);
        return p;
    }

    private static bool BaseContextIs(JsonObject o, string url) => o["@context"] switch
    {
        JsonArray a => a.Count > 0 && Text(a[0]) == url,
        var n => Text(n) == url,
    };

    // VC-1.1: an ordered set whose first item is the base context, then URLs and/or context objects.
    private static void Contexts(List<DataModelProblem> p, JsonNode? node, string path, string baseUrl, bool present)
    {
        if (!present || node is null)
        {
            p.Add(new(path, Required, "@context is required (VC-1.1)."));
            return;
        }
        var items = node is JsonArray a ? a.ToList() : [node];
        if (items.Count == 0 || Text(items[0]) != baseUrl)
            p.Add(new(node is JsonArray ? path + "[0]" : path, BaseContext, $"The first @context item must be '{baseUrl}' (VC-1.1)."));
        for (var i = 1; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            switch (items[i])
            {
                case JsonObject inline:
                    InlineContext(p, inline, itemPath);
                    break;
                case var item when Text(item) is { } url:
                    if (!IsUrl(url)) p.Add(new(itemPath, NotUrl, $"'{url}' is not a URL; later @context items must be URLs or objects (VC-1.1)."));
                    break;
                default:
                    p.Add(new(itemPath, BadContext, "Later @context items must be URLs or objects (VC-1.1)."));
                    break;
            }
        }
    }

    // A term mapped to something with whitespace can never be an IRI (credential-type-mapped-nonurl): name it here
    // rather than leave it to the JSON-LD processor's less specific error.
    private static void InlineContext(List<DataModelProblem> p, JsonObject context, string path)
    {
        foreach (var (term, value) in context)
        {
            var iri = value is JsonObject definition ? Text(definition["@id"]) : Text(value);
            if (iri is not null && iri.Any(char.IsWhiteSpace))
                p.Add(new($"{path}.{term}", NotUrl, $"The term '{term}' is mapped to '{iri}', which is not an IRI."));
        }
    }

    // VC-1.3: a URL, or an object whose id is a URL; name/description follow the language-value rules.
    private static void Issuer(List<DataModelProblem> p, JsonObject credential)
    {
        switch (credential["issuer"])
        {
            case null when !credential.ContainsKey("issuer"):
                p.Add(new("issuer", Required, "issuer is required (VC-1.3)."));
                break;
            case JsonObject issuer:
                if (issuer["id"] is null) p.Add(new("issuer.id", Required, "An issuer object must have an id that is a URL (VC-1.3)."));
                else SingleUrl(p, issuer["id"], "issuer.id", "The issuer id");
                LanguageValues(p, issuer, "issuer");
                break;
            case var issuer:
                SingleUrl(p, issuer, "issuer", "issuer");
                break;
        }
    }

    // VC-1.4: one object or a non-empty array of objects, each making at least one claim; a subject id is one URL.
    private static void Subjects(List<DataModelProblem> p, JsonNode? node, bool present)
    {
        if (!present || node is null)
        {
            p.Add(new("credentialSubject", Required, "credentialSubject is required (VC-1.4)."));
            return;
        }
        if (node is JsonArray { Count: 0 })
            p.Add(new("credentialSubject", Empty, "credentialSubject must hold at least one subject (VC-1.4)."));
        foreach (var (subject, path) in Each(node, "credentialSubject"))
        {
            if (subject is not JsonObject o) p.Add(new(path, NotObject, "A credential subject must be an object (VC-1.4)."));
            else if (o.Count == 0) p.Add(new(path, Empty, "A credential subject must make at least one claim (VC-1.4)."));
            else OptionalId(p, o, "id", path);
        }
    }

    // VC 2.0 §4.9: xsd:dateTimeStamp values, validFrom not after validUntil.
    private static void Validity(List<DataModelProblem> p, JsonObject credential)
    {
        var from = DateValue(p, credential, "validFrom", zoneRequired: true);
        var until = DateValue(p, credential, "validUntil", zoneRequired: true);
        if (from > until)
            p.Add(new("validUntil", DateOrder, "validUntil must not be before validFrom (VC 2.0 §4.9)."));
    }

    // VC 1.1 §4.6/§4.7: issuanceDate is required; values are xsd:dateTime (no zone read as UTC).
    private static void ValidityV1(List<DataModelProblem> p, JsonObject credential)
    {
        if (!credential.ContainsKey("issuanceDate")) p.Add(new("issuanceDate", Required, "issuanceDate is required in a VC 1.1 credential."));
        var from = DateValue(p, credential, "issuanceDate", zoneRequired: false);
        var until = DateValue(p, credential, "expirationDate", zoneRequired: false);
        if (from > until)
            p.Add(new("expirationDate", DateOrder, "expirationDate must not be before issuanceDate."));
    }

    // VC 2.0 §4.10: each status object has a type and at most one URL id (VC 1.1 also requires the id).
    private static void Statuses(List<DataModelProblem> p, JsonObject credential, bool v1)
    {
        TypedObjects(p, credential, "credentialStatus", idRequired: v1);
        if (credential["credentialStatus"] is not { } status) return;
        foreach (var (entry, path) in Each(status, "credentialStatus"))
            if (entry is JsonObject o && TypesOf(o["type"]).Contains("BitstringStatusListEntry"))
                BitstringEntry(p, o, path);
    }

    // evidence, termsOfUse, refreshService, credentialSchema, credentialStatus: objects that MUST name their type.
    private static void TypedObjects(List<DataModelProblem> p, JsonObject credential, string name, bool idRequired)
    {
        if (!credential.TryGetPropertyValue(name, out var node)) return;
        if (node is null or JsonArray { Count: 0 })
        {
            p.Add(new(name, Empty, $"{name}, when present, must hold at least one object."));
            return;
        }
        foreach (var (item, path) in Each(node, name))
        {
            if (item is not JsonObject o)
            {
                p.Add(new(path, NotObject, $"Each {name} value must be an object with a type."));
                continue;
            }
            TypeValues(p, o["type"], o.ContainsKey("type"), path + ".type");
            if (idRequired && o["id"] is null) p.Add(new(path + ".id", Required, $"Each {name} must have an id that is a URL."));
            else OptionalId(p, o, "id", path);
        }
    }

    // Data Integrity: a proof (or each of a proof set) is an object with a type.
    private static void Proofs(List<DataModelProblem> p, JsonObject credential)
    {
        if (!credential.TryGetPropertyValue("proof", out var node)) return;
        foreach (var (proof, path) in Each(node, "proof"))
        {
            if (proof is not JsonObject o) p.Add(new(path, NotObject, "A proof must be an object."));
            else if (Text(o["type"]) is null) p.Add(new(path + ".type", MissingType, "A proof must name its type."));
        }
    }

    // VC 2.0 §4.13.1: {@context, id: data: URL, type: EnvelopedVerifiableCredential}.
    private static void EnvelopeRules(List<DataModelProblem> p, JsonObject envelope, IReadOnlyList<string> types, string type)
    {
        if (types.Count != 1) p.Add(new("type", EnvelopeShape, $"The type of an enveloped object must be exactly '{type}'."));
        var id = Text(envelope["id"]);
        if (id is null || !id.StartsWith("data:", StringComparison.Ordinal) || !id.Contains(','))
            p.Add(new("id", EnvelopeShape, "The id of an enveloped object must be a data: URL holding the secured document (VC 2.0 §4.13)."));
    }
}
