using System.Text.Json.Nodes;

namespace Laurel.Features.Presentations;

/// <summary>
/// What a wallet's credential says about the learner, for every channel alike: the learner facts it carries (a whole ldp_vc is
/// disclosed by being shown; an SD-JWT VC only by its disclosures) and whether it was issued to the presenting holder.
/// </summary>
public static class PresentedFacts
{
    private const int MaxText = 2_000;
    private const int MaxEvidence = 20;

    /// <summary>True when every <c>credentialSubject</c> names <paramref name="holder"/>: a badge issued to someone else stays theirs, whoever holds a copy.</summary>
    public static bool IsIssuedTo(JsonObject credential, string? holder)
    {
        var subjects = Subjects(credential);
        return holder is not null && subjects.Count > 0 && subjects.All(s => Text(s["id"]) == holder);
    }

    /// <summary>An OB 3.0 ldp_vc: <c>credentialSubject.name</c> (or an unhashed name identifier), the first result value, the evidence.</summary>
    public static Dictionary<DisclosedFact, string> OfLdpVc(JsonObject credential)
    {
        var subjects = Subjects(credential);
        var evidence = credential["evidence"] switch { JsonArray a => a.OfType<JsonObject>(), JsonObject o => [o], _ => [] };
        return Facts(subjects.Select(RecipientName).FirstOrDefault(n => n is not null), subjects.Select(Grade).FirstOrDefault(g => g is not null),
            Evidence(evidence, "id"));
    }

    /// <summary>Laurel's SD-JWT VC claims after disclosure (BadgeClaims: recipient_name, grade, evidence).</summary>
    public static Dictionary<DisclosedFact, string> OfSdJwtVc(JsonObject? claims) => claims is null
        ? []
        : Facts(Text(claims["recipient_name"]), Text(claims["grade"]), claims["evidence"] is JsonArray e ? Evidence(e.OfType<JsonObject>(), "url") : null);

    private static Dictionary<DisclosedFact, string> Facts(string? name, string? grade, string? evidence)
    {
        var facts = new Dictionary<DisclosedFact, string>();
        if (!string.IsNullOrWhiteSpace(name)) facts[DisclosedFact.RecipientName] = Clip(name);
        if (!string.IsNullOrWhiteSpace(grade)) facts[DisclosedFact.Grade] = Clip(grade);
        if (!string.IsNullOrWhiteSpace(evidence)) facts[DisclosedFact.Evidence] = Clip(evidence);
        return facts;
    }

    private static List<JsonObject> Subjects(JsonObject credential) =>
        credential["credentialSubject"] switch { JsonArray a => a.OfType<JsonObject>().ToList(), JsonObject o => [o], _ => [] };

    private static string? RecipientName(JsonObject subject) =>
        Text(subject["name"]) ?? (subject["identifier"] as JsonArray)?.OfType<JsonObject>()
            .Where(i => Text(i["identityType"]) == "name" && i["hashed"] is JsonValue h && h.TryGetValue<bool>(out var hashed) && !hashed)
            .Select(i => Text(i["identityHash"])).FirstOrDefault(n => n is not null);

    private static string? Grade(JsonObject subject) => subject["result"] switch
    {
        JsonArray results => results.OfType<JsonObject>().Select(r => Text(r["value"])).FirstOrDefault(v => v is not null),
        JsonObject result => Text(result["value"]),
        _ => null,
    };

    private static string? Evidence(IEnumerable<JsonObject> items, string urlName) => string.Join("; ", items.Take(MaxEvidence)
        .Select(e => string.Join(" ", new[] { Text(e["name"]), Text(e[urlName]) }.Where(x => !string.IsNullOrWhiteSpace(x))))
        .Where(x => x.Length > 0)) is { Length: > 0 } text ? text : null;

    private static string Clip(string text) => text.Length <= MaxText ? text : text[..MaxText];

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
