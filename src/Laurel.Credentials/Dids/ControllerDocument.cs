using System.Text.Json.Nodes;

namespace Laurel.Credentials.Dids;

/// <summary>Reads verification methods out of a DID document or controlled identifier document (KEY-5.4).</summary>
internal static class ControllerDocument
{
    private static readonly string[] RelationshipNames =
        ["assertionMethod", "authentication", "capabilityInvocation", "capabilityDelegation", "keyAgreement"];

    /// <summary>Finds the method with id <paramref name="methodId"/>; returns it and every relationship that lists it.</summary>
    public static (JsonObject? Method, List<string> Relationships) Find(JsonObject document, string documentId, string methodId)
    {
        JsonObject? method = null;
        var relationships = new List<string>();
        if (document["verificationMethod"] is JsonArray methods)
        {
            foreach (var entry in methods)
                if (entry is JsonObject candidate && Absolute(candidate["id"], documentId) == methodId) method = candidate;
        }
        foreach (var name in RelationshipNames)
        {
            var listed = document[name] switch
            {
                JsonArray array => array,
                JsonNode single => new JsonArray(single.DeepClone()),
                null => null,
            };
            if (listed is null) continue;
            foreach (var entry in listed)
            {
                // Entries are references (strings) or embedded methods (objects).
                if (entry is JsonObject embedded && Absolute(embedded["id"], documentId) == methodId)
                {
                    method ??= embedded;
                    relationships.Add(name);
                    break;
                }
                if (entry is JsonValue && Absolute(entry, documentId) == methodId)
                {
                    relationships.Add(name);
                    break;
                }
            }
        }
        return (method, relationships);
    }

    /// <summary>Resolves relative references such as <c>#key-1</c> against the document id.</summary>
    public static string? Absolute(JsonNode? node, string documentId)
    {
        var value = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (value is null) return null;
        return value.StartsWith('#') ? documentId + value : value;
    }

    public static string? String(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
