using Laurel.Credentials.Limits;

using Map = System.Collections.Generic.Dictionary<string, object?>;

namespace Laurel.Credentials.JsonLd;

/// <summary>Node Map Generation (API §7.2.2) over expanded JSON-LD; blank node identifiers are relabelled <c>_:b0</c>, <c>_:b1</c>, ...</summary>
internal sealed class NodeMapGenerator(WorkBudget? budget = null)
{
    // Below this many values a linear scan is cheapest; above it a hash index keeps "add if new" O(1) (issue 12).
    private const int IndexThreshold = 16;

    private readonly Dictionary<string, string> blankNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<List<object?>, HashSet<object?>> indexes = new(ReferenceEqualityComparer.Instance);
    private readonly WorkBudget budget = budget ?? WorkBudget.None;
    private int counter;
    private int listDepth;

    /// <summary>graph name → subject → node; the default graph is <c>@default</c>.</summary>
    public Dictionary<string, Dictionary<string, Map>> Graphs { get; } = new(StringComparer.Ordinal)
    {
        [Keywords.Default] = new Dictionary<string, Map>(StringComparer.Ordinal),
    };

    public string GenerateBlankNode(string? identifier)
    {
        if (identifier is not null && blankNodes.TryGetValue(identifier, out var existing)) return existing;
        var label = "_:b" + counter++;
        if (identifier is not null) blankNodes[identifier] = label;
        return label;
    }

    public void Add(object? element, string activeGraph, object? activeSubject, string? activeProperty, Map? list)
    {
        budget.Tick();
        if (element is List<object?> array)
        {
            foreach (var item in array) Add(item, activeGraph, activeSubject, activeProperty, list);
            return;
        }

        if (element is not Map map) return;
        var graph = GraphFor(activeGraph);
        var subjectNode = activeSubject is string subject ? graph[subject] : null;

        if (map.ContainsKey(Keywords.Value))
        {
            var value = map;
            if (map.TryGetValue(Keywords.Type, out var datatype) && datatype is string type && IsBlank(type))
                value = new Map(map) { [Keywords.Type] = GenerateBlankNode(type) };
            if (list is null) AddUnique(subjectNode!, activeProperty!, value);
            else ((List<object?>)list[Keywords.List]!).Add(value);
            return;
        }

        if (map.TryGetValue(Keywords.List, out var listItems))
        {
            var result = new Map(1) { [Keywords.List] = new List<object?>() };
            if (++listDepth > budget.Limits.MaxListDepth)
                throw ProcessingLimitExceededException.Of(nameof(ProcessingLimits.MaxListDepth), budget.Limits.MaxListDepth, "lists are nested too deeply");
            Add(listItems, activeGraph, activeSubject, activeProperty, result);
            listDepth--;
            if (list is null) Append(subjectNode!, activeProperty!, result);
            else ((List<object?>)list[Keywords.List]!).Add(result);
            return;
        }

        AddNode(map, graph, activeGraph, activeSubject, subjectNode, activeProperty, list);
    }

    private void AddNode(Map element, Dictionary<string, Map> graph, string activeGraph, object? activeSubject, Map? subjectNode,
        string? activeProperty, Map? list)
    {
        string id;
        if (element.TryGetValue(Keywords.Id, out var idValue))
            id = idValue is string given ? IsBlank(given) ? GenerateBlankNode(given) : given : ""; // null @id: never well-formed
        else
            id = GenerateBlankNode(null);

        if (!graph.TryGetValue(id, out var node)) graph[id] = node = new Map { [Keywords.Id] = id };

        if (activeSubject is Map reverseSubject)
        {
            AddUnique(node, activeProperty!, reverseSubject);
        }
        else if (activeProperty is not null)
        {
            var reference = new Map(1) { [Keywords.Id] = id };
            if (list is null) AddUnique(subjectNode!, activeProperty, reference);
            else ((List<object?>)list[Keywords.List]!).Add(reference);
        }

        if (element.TryGetValue(Keywords.Type, out var types))
        {
            if (!node.TryGetValue(Keywords.Type, out var existing) || existing is not List<object?> nodeTypes)
                node[Keywords.Type] = nodeTypes = [];
            foreach (var type in JsonTree.AsList(types))
            {
                var label = type is string t && IsBlank(t) ? GenerateBlankNode(t) : type;
                AddIfNew(nodeTypes, label);
            }
        }

        if (element.TryGetValue(Keywords.Index, out var index))
        {
            if (node.TryGetValue(Keywords.Index, out var existingIndex) && !JsonTree.DeepEquals(existingIndex, index))
                throw new JsonLdException("conflicting indexes", $"The node '{id}' has conflicting @index values.");
            node[Keywords.Index] = index;
        }

        if (element.TryGetValue(Keywords.Reverse, out var reverse) && reverse is Map reverseMap)
        {
            var referenced = new Map(1) { [Keywords.Id] = id };
            foreach (var (property, values) in reverseMap)
                foreach (var value in JsonTree.AsList(values))
                    Add(value, activeGraph, referenced, property, null);
        }

        if (element.TryGetValue(Keywords.Graph, out var graphValue)) Add(graphValue, id, null, null, null);
        if (element.TryGetValue(Keywords.Included, out var included)) Add(included, activeGraph, null, null, null);

        foreach (var (key, value) in element)
        {
            if (Keywords.IsKeyword(key)) continue;
            var property = IsBlank(key) ? GenerateBlankNode(key) : key;
            if (!node.ContainsKey(property)) node[property] = new List<object?>();
            Add(value, activeGraph, id, property, null);
        }
    }

    private Dictionary<string, Map> GraphFor(string name)
    {
        if (!Graphs.TryGetValue(name, out var graph)) Graphs[name] = graph = new Dictionary<string, Map>(StringComparer.Ordinal);
        return graph;
    }

    private static void Append(Map node, string property, object value)
    {
        if (!node.TryGetValue(property, out var existing) || existing is not List<object?> values) node[property] = values = [];
        values.Add(value);
    }

    private void AddUnique(Map node, string property, Map value)
    {
        if (!node.TryGetValue(property, out var existing) || existing is not List<object?> values)
        {
            node[property] = new List<object?> { value };
            return;
        }

        AddIfNew(values, value);
    }

    /// <summary>Appends <paramref name="value"/> unless an equal one is present, keeping first-seen order.</summary>
    private void AddIfNew(List<object?> values, object? value)
    {
        if (values.Count < IndexThreshold)
        {
            foreach (var item in values)
                if (JsonTree.DeepEquals(item, value)) return;
            values.Add(value);
            return;
        }

        if (!indexes.TryGetValue(values, out var index)) indexes[values] = index = new HashSet<object?>(values, JsonTree.DeepComparer.Instance);
        if (index.Add(value)) values.Add(value);
    }

    internal static bool IsBlank(string value) => value.StartsWith("_:", StringComparison.Ordinal);
}
