using Laurel.Credentials.Limits;
using Laurel.Credentials.Rdf;
using Map = System.Collections.Generic.Dictionary<string, object?>;

namespace Laurel.Credentials.JsonLd;

/// <summary>Deserialize JSON-LD to RDF (API §6.1), including Object to RDF and List Conversion.</summary>
internal sealed class RdfSerializer(ProcessingSession session, NodeMapGenerator nodeMap)
{
    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly RdfTerm RdfType = RdfTerm.Iri(Rdf + "type");
    private static readonly RdfTerm RdfFirst = RdfTerm.Iri(Rdf + "first");
    private static readonly RdfTerm RdfRest = RdfTerm.Iri(Rdf + "rest");
    private static readonly RdfTerm RdfNil = RdfTerm.Iri(Rdf + "nil");

    private List<RdfQuad> quads = [];
    private RdfTerm graphName;

    public List<RdfQuad> Serialize()
    {
        var estimate = EstimateQuadCount();
        CheckQuads(estimate - 8);
        quads = new List<RdfQuad>(estimate); // RdfQuad is a large struct: avoid regrowth copies
        foreach (var (name, graph) in nodeMap.Graphs)
        {
            if (name == Keywords.Default) graphName = RdfTerm.Default;
            else if (RdfLiterals.IsWellFormedResource(name)) graphName = Resource(name);
            else
            {
                session.Lossy($"the graph name '{name}' is not an absolute IRI.");
                continue;
            }

            foreach (var (subject, node) in graph)
            {
                SerializeNode(subject, node);
                CheckQuads(quads.Count);
            }
        }

        return quads;
    }

    private void CheckQuads(int count)
    {
        session.Budget.Tick();
        var max = session.Budget.Limits.MaxQuads;
        if (count > max) throw ProcessingLimitExceededException.Of(nameof(ProcessingLimits.MaxQuads), max, $"the document yields more than {max:N0} RDF statements");
    }

    private int EstimateQuadCount()
    {
        var count = 0;
        foreach (var graph in nodeMap.Graphs.Values)
            foreach (var node in graph.Values)
                foreach (var values in node.Values)
                    if (values is List<object?> list) count += list.Count;
        return count + 8;
    }

    private void SerializeNode(string subjectId, Map node)
    {
        if (!RdfLiterals.IsWellFormedResource(subjectId))
        {
            session.Lossy($"the subject '{subjectId}' is not an absolute IRI.");
            return;
        }

        var subject = Resource(subjectId);
        foreach (var (property, values) in node)
        {
            if (property == Keywords.Type)
            {
                foreach (var type in (List<object?>)values!)
                {
                    if (type is string typeIri && RdfLiterals.IsWellFormedResource(typeIri))
                        quads.Add(new RdfQuad(subject, RdfType, Resource(typeIri), graphName));
                    else session.Lossy($"the type '{type}' is not an absolute IRI.");
                }

                continue;
            }

            if (Keywords.IsKeyword(property)) continue;
            if (NodeMapGenerator.IsBlank(property) && !session.Options.ProduceGeneralizedRdf)
            {
                session.Lossy($"the property '{property}' is a blank node.");
                continue;
            }

            if (!RdfLiterals.IsWellFormedResource(property))
            {
                session.Lossy($"the property '{property}' is not an absolute IRI.");
                continue;
            }

            var predicate = Resource(property);
            foreach (var item in (List<object?>)values!)
            {
                var obj = ToObject(item);
                if (obj is { } o) quads.Add(new RdfQuad(subject, predicate, o, graphName));
            }
        }
    }

    private RdfTerm? ToObject(object? item)
    {
        if (item is not Map map) return null;
        if (map.TryGetValue(Keywords.Id, out var id) && !map.ContainsKey(Keywords.Value))
        {
            if (id is string reference && RdfLiterals.IsWellFormedResource(reference)) return Resource(reference);
            session.Lossy($"the reference '{id}' is not an absolute IRI.");
            return null;
        }

        if (map.TryGetValue(Keywords.List, out var list)) return ListToRdf((List<object?>)list!);
        return ValueToRdf(map);
    }

    private RdfTerm? ValueToRdf(Map item)
    {
        var value = item[Keywords.Value];
        var datatype = item.GetValueOrDefault(Keywords.Type) as string;
        if (datatype is not null && datatype != Keywords.Json && !RdfLiterals.IsWellFormedIri(datatype))
        {
            session.Lossy($"the datatype '{datatype}' is not an absolute IRI.");
            return null;
        }

        var language = item.GetValueOrDefault(Keywords.Language) as string;
        if (language is not null && !RdfLiterals.IsWellFormedLanguage(language))
        {
            session.Lossy($"the language tag '{language}' is not well-formed.");
            return null;
        }

        string lexical;
        if (datatype == Keywords.Json)
        {
            lexical = JsonLiteralCanonicalizer.Serialize(value);
            datatype = RdfLiterals.RdfJson;
        }
        else if (value is bool b)
        {
            lexical = b ? "true" : "false";
            datatype ??= RdfLiterals.XsdBoolean;
        }
        else if (value is JsonNumber number)
        {
            if (RdfLiterals.NeedsDouble(number) || datatype == RdfLiterals.XsdDouble)
            {
                lexical = RdfLiterals.Double(number.Value);
                datatype ??= RdfLiterals.XsdDouble;
            }
            else
            {
                lexical = RdfLiterals.Integer(number);
                datatype ??= RdfLiterals.XsdInteger;
            }
        }
        else
        {
            lexical = (string)value!;
        }

        if (item.GetValueOrDefault(Keywords.Direction) is string direction)
        {
            switch (session.Options.RdfDirection)
            {
                case "i18n-datatype":
                    return RdfTerm.Literal(lexical, "https://www.w3.org/ns/i18n#" + language?.ToLowerInvariant() + "_" + direction);
                case "compound-literal":
                    var literal = RdfTerm.Blank(nodeMap.GenerateBlankNode(null)[2..]);
                    quads.Add(new RdfQuad(literal, RdfTerm.Iri(Rdf + "value"), RdfTerm.Literal(lexical), graphName));
                    if (language is not null)
                        quads.Add(new RdfQuad(literal, RdfTerm.Iri(Rdf + "language"), RdfTerm.Literal(language.ToLowerInvariant()), graphName));
                    quads.Add(new RdfQuad(literal, RdfTerm.Iri(Rdf + "direction"), RdfTerm.Literal(direction), graphName));
                    return literal;
                default:
                    session.Lossy($"the base direction of \"{lexical}\" cannot be represented without rdfDirection.");
                    break;
            }
        }

        return language is not null ? RdfTerm.Literal(lexical, language: language) : RdfTerm.Literal(lexical, datatype);
    }

    private RdfTerm ListToRdf(List<object?> list)
    {
        if (list.Count == 0) return RdfNil;
        var nodes = new RdfTerm[list.Count];
        for (var i = 0; i < nodes.Length; i++) nodes[i] = RdfTerm.Blank(nodeMap.GenerateBlankNode(null)[2..]);
        for (var i = 0; i < nodes.Length; i++)
        {
            CheckQuads(quads.Count);
            var obj = ToObject(list[i]);
            if (obj is { } o) quads.Add(new RdfQuad(nodes[i], RdfFirst, o, graphName));
            quads.Add(new RdfQuad(nodes[i], RdfRest, i + 1 < nodes.Length ? nodes[i + 1] : RdfNil, graphName));
        }

        return nodes[0];
    }

    private static RdfTerm Resource(string value) =>
        NodeMapGenerator.IsBlank(value) ? RdfTerm.Blank(value[2..]) : RdfTerm.Iri(value);
}
