using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataModel;
using Laurel.Credentials.JsonLd;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Awards.VcApi;

/// <summary>
/// What <c>options</c> of a VC-API issue request asked for (VC-API IssueCredentialOptions). Every option is honoured or
/// refused: <c>created</c> (the proof's created time), <c>credentialId</c> (the id status changes use for a credential without
/// <c>id</c>), <c>credentialStatus</c> (which status purposes Laurel adds; default both), <c>challenge</c> and <c>domain</c>
/// (copied into the proof, Data Integrity §2.1).
/// </summary>
public sealed record IssueOptions(DateTimeOffset? Created, string? CredentialId, bool Revocation, bool Suspension, bool StatusAsked,
    string? Challenge, string? Domain);

/// <summary>
/// The checks of a generic issue request that need no database: the VC Data Model (<see cref="VcDataModel"/>), contexts
/// from Laurel's offline set only, no proof yet, and the options. Every problem is returned at once, keyed by its JSON path in
/// the request (<c>credential.validFrom</c>, <c>options.created</c>).
/// </summary>
public static class IssueRequestCheck
{
    /// <summary>The contexts Laurel signs with: those it ships, including the W3C examples context (it declares @vocab, so, like
    /// the undefined-terms context, a caller choosing it opts out of safe mode's undefined-term check explicitly).</summary>
    public static readonly IReadOnlySet<string> SigningContexts = ShippedContexts.WithExamples.Urls.ToHashSet(StringComparer.Ordinal);

    private static readonly HashSet<string> KnownOptions = ["created", "credentialId", "credentialStatus", "challenge", "domain"];

    public static (IssueOptions Options, Dictionary<string, List<string>> Errors) Check(JsonObject credential, JsonNode? optionsNode,
        IStringLocalizer<VcApiText> t)
    {
        var errors = new Dictionary<string, List<string>>();
        foreach (var problem in VcDataModel.ValidateCredential(credential))
            Add(errors, "credential." + problem.Path, t["DM_" + problem.Code, "credential." + problem.Path].Value);

        foreach (var (item, path) in Contexts(credential["@context"]))
            if (Text(item) is { } url && VcDataModel.IsUrl(url) && !SigningContexts.Contains(url))
                Add(errors, path, t["Issue_ContextUnknown", url, string.Join(", ", SigningContexts.Order(StringComparer.Ordinal))].Value);
        if (credential.ContainsKey("proof")) Add(errors, "credential.proof", t["Issue_ProofPresent"].Value);

        var options = ReadOptions(optionsNode, credential, errors, t);
        return (options, errors);
    }

    private static IssueOptions ReadOptions(JsonNode? node, JsonObject credential, Dictionary<string, List<string>> errors,
        IStringLocalizer<VcApiText> t)
    {
        var none = new IssueOptions(null, null, true, true, false, null, null);
        if (node is null) return none;
        if (node is not JsonObject options)
        {
            Add(errors, "options", t["Issue_OptionsObject"].Value);
            return none;
        }
        foreach (var (name, _) in options)
            if (!KnownOptions.Contains(name)) Add(errors, "options." + name, t["Issue_OptionUnknown", name].Value);

        DateTimeOffset? created = null;
        if (options.ContainsKey("created"))
        {
            if (Text(options["created"]) is { } text && VcDataModel.TryParseDateTime(text, zoneRequired: true, out var value) && value is not null)
                created = value;
            else Add(errors, "options.created", t["Issue_Created"].Value);
        }

        string? credentialId = null;
        if (options.ContainsKey("credentialId"))
        {
            credentialId = Text(options["credentialId"]);
            if (credentialId is null || !VcDataModel.IsUrl(credentialId) || credentialId.Length > IssuedCredential.MaxCredentialIdLength)
                Add(errors, "options.credentialId", t["Issue_CredentialIdUrl"].Value);
            else if (Text(credential["id"]) is { } id && id != credentialId)
                Add(errors, "options.credentialId", t["Issue_CredentialIdMismatch", id].Value);
        }

        var (revocation, suspension, asked) = (true, true, options.ContainsKey("credentialStatus"));
        if (asked) (revocation, suspension) = StatusPurposes(options["credentialStatus"], credential, errors, t);
        return new IssueOptions(created, credentialId, revocation, suspension, asked,
            OptionalText(options, "challenge", errors, t), OptionalText(options, "domain", errors, t));
    }

    // {type: BitstringStatusListEntry, statusPurpose: "revocation" | "suspension" | [both]} (or a list of such objects).
    private static (bool Revocation, bool Suspension) StatusPurposes(JsonNode? node, JsonObject credential,
        Dictionary<string, List<string>> errors, IStringLocalizer<VcApiText> t)
    {
        var purposes = new HashSet<string>(StringComparer.Ordinal);
        var valid = node is JsonObject or JsonArray { Count: > 0 };
        foreach (var entry in node is JsonArray list ? list.ToList() : [node])
        {
            if (entry is not JsonObject o || Text(o["type"]) != "BitstringStatusListEntry" || o.Any(p => p.Key is not ("type" or "statusPurpose")))
            {
                valid = false;
                continue;
            }
            var asked = o["statusPurpose"] switch
            {
                null => ["revocation", "suspension"],
                JsonArray many => many.Select(Text).ToList(),
                var one => [Text(one)],
            };
            foreach (var purpose in asked)
                if (purpose is "revocation" or "suspension") purposes.Add(purpose);
                else valid = false;
        }
        if (!valid || purposes.Count == 0) Add(errors, "options.credentialStatus", t["Issue_StatusOption"].Value);
        else if (credential.ContainsKey("credentialStatus")) Add(errors, "options.credentialStatus", t["Issue_StatusOptionConflict"].Value);
        else if (IsVc11(credential)) Add(errors, "options.credentialStatus", t["Issue_StatusOptionV1"].Value);
        return (purposes.Contains("revocation"), purposes.Contains("suspension"));
    }

    private static string? OptionalText(JsonObject options, string name, Dictionary<string, List<string>> errors, IStringLocalizer<VcApiText> t)
    {
        if (!options.ContainsKey(name)) return null;
        if (Text(options[name]) is { Length: > 0 and <= 1000 } text) return text;
        Add(errors, "options." + name, t["Issue_OptionText", "options." + name].Value);
        return null;
    }

    /// <summary>A VC 1.1 credential (first context <c>https://www.w3.org/2018/credentials/v1</c>).</summary>
    public static bool IsVc11(JsonObject credential) => Contexts(credential["@context"]).FirstOrDefault().Item is { } first
        && Text(first) == VcDataModel.V1Context;

    private static IEnumerable<(JsonNode? Item, string Path)> Contexts(JsonNode? node) => node switch
    {
        null => [],
        JsonArray list => list.Select((item, i) => (item, $"credential.@context[{i}]")),
        _ => [(node, "credential.@context")],
    };

    internal static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    internal static void Add(Dictionary<string, List<string>> errors, string key, string message)
    {
        if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
        if (!list.Contains(message)) list.Add(message);
    }
}
