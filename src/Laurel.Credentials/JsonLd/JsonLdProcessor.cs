using System.Text.Json.Nodes;
using Laurel.Credentials.Limits;
using Laurel.Credentials.Rdf;

namespace Laurel.Credentials.JsonLd;

/// <summary>JSON-LD 1.1 expansion and deserialization to RDF for local documents.</summary>
public static class JsonLdProcessor
{
    /// <summary>Expands a JSON-LD document (JSON-LD 1.1 API §5.1).</summary>
    public static JsonArray Expand(JsonNode document, JsonLdOptions? options = null) => Expand(document, options, null);

    internal static JsonArray Expand(JsonNode document, JsonLdOptions? options, WorkBudget? budget)
    {
        var session = new ProcessingSession(options ?? Defaults, budget);
        var expanded = new Expander(session).ExpandDocument(JsonTree.FromNode(document), session.Options.Base);
        return JsonTree.ToArray(expanded);
    }

    /// <summary>Deserializes a JSON-LD document to RDF quads (JSON-LD 1.1 API §8).</summary>
    public static List<RdfQuad> ToRdf(JsonNode document, JsonLdOptions? options = null) => ToRdf(document, options, null);

    /// <summary>toRdf under a budget (ProcessingLimits): expansion, node map and serialization are bounded and cancellable.</summary>
    internal static List<RdfQuad> ToRdf(JsonNode document, JsonLdOptions? options, WorkBudget? budget) =>
        TreeToRdf(JsonTree.FromNode(document), options, budget);

    /// <summary>toRdf of a document already in the internal tree form (<see cref="JsonTree"/>), which expansion only reads.</summary>
    internal static List<RdfQuad> TreeToRdf(object? document, JsonLdOptions? options, WorkBudget? budget)
    {
        var session = new ProcessingSession(options ?? Defaults, budget);
        var expanded = new Expander(session).ExpandDocument(document, session.Options.Base);
        var nodeMap = new NodeMapGenerator(session.Budget);
        nodeMap.Add(expanded, Keywords.Default, null, null, null);
        return new RdfSerializer(session, nodeMap).Serialize();
    }

    private static readonly JsonLdOptions Defaults = new();
}

/// <summary>Options for expansion and toRdf.</summary>
public sealed record JsonLdOptions
{
    /// <summary>The document's base IRI.</summary>
    public string? Base { get; init; }

    /// <summary>Loads remote contexts; null means <see cref="ShippedContexts.Instance"/> (the contexts shipped in this library only).</summary>
    public IDocumentLoader? DocumentLoader { get; init; }

    /// <summary>Fail (code <c>safe mode violation</c>) instead of silently dropping terms or producing relative IRIs (OB3-9.2, digest JL-1.5).</summary>
    public bool SafeMode { get; init; }

    /// <summary><c>json-ld-1.1</c> (default) or <c>json-ld-1.0</c>.</summary>
    public string ProcessingMode { get; init; } = "json-ld-1.1";

    /// <summary><c>i18n-datatype</c>, <c>compound-literal</c> or null.</summary>
    public string? RdfDirection { get; init; }

    /// <summary>Allow blank nodes as predicates.</summary>
    public bool ProduceGeneralizedRdf { get; init; }

    /// <summary>A context applied before the document's own.</summary>
    public JsonNode? ExpandContext { get; init; }
}

/// <summary>Loads a remote document (a context) by URL.</summary>
public interface IDocumentLoader
{
    /// <summary>Returns the document or throws <see cref="JsonLdException"/> with code <c>loading document failed</c>.</summary>
    RemoteDocument Load(string url);
}

/// <summary>A loaded remote document.</summary>
public sealed record RemoteDocument(string DocumentUrl, JsonNode Document, string? ContextUrl = null);

/// <summary>A JSON-LD processing error with its spec error code (e.g. <c>invalid local context</c>).</summary>
public sealed class JsonLdException(string code, string message) : Exception(message)
{
    /// <summary>The JSON-LD API error code.</summary>
    public string Code { get; } = code;
}
