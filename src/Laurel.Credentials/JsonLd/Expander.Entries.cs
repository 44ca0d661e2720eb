using Map = System.Collections.Generic.Dictionary<string, object?>;

namespace Laurel.Credentials.JsonLd;

internal sealed partial class Expander
{
    /// <summary>Steps 13–14: expands every entry of <paramref name="element"/> into <paramref name="result"/>.</summary>
    private void ExpandEntries(ActiveContext active, ActiveContext typeScoped, string? activeProperty, Map element, string? baseUrl,
        string? inputType, Map result)
    {
        List<string>? nests = null;
        foreach (var (key, value) in element)
        {
            if (key == Keywords.Context) continue;
            var expandedProperty = IriExpander.ExpandVocab(active, key);
            if (expandedProperty is null || !(expandedProperty.IndexOf(':') >= 0 || Keywords.IsKeyword(expandedProperty)))
            {
                session.Lossy($"the property '{key}' is not defined by the context and would be dropped.");
                continue;
            }

            if (Keywords.IsKeyword(expandedProperty))
            {
                if (expandedProperty == Keywords.Nest)
                {
                    (nests ??= []).Add(key);
                    continue;
                }

                ExpandKeyword(active, typeScoped, activeProperty, key, expandedProperty, value, baseUrl, inputType, result);
                continue;
            }

            if (!session.Options.ProduceGeneralizedRdf && expandedProperty.StartsWith("_:", StringComparison.Ordinal))
                session.Lossy($"the property '{key}' expands to a blank node, which is not valid RDF.");

            var definition = active.Term(key);
            var container = definition?.Container ?? Container.None;
            object? expandedValue;
            if (definition?.TypeMapping == Keywords.Json)
                expandedValue = new Map(2) { [Keywords.Value] = value, [Keywords.Type] = Keywords.Json };
            else if ((container & Container.Language) != 0 && value is Map languageMap)
                expandedValue = ExpandLanguageMap(active, definition!, languageMap);
            else if ((container & (Container.Index | Container.Type | Container.Id)) != 0 && value is Map indexMap)
                expandedValue = ExpandIndexMap(active, typeScoped, key, definition!, indexMap, baseUrl);
            else
                expandedValue = Expand(active, key, value, baseUrl, fromMap: false);

            if (expandedValue is null) continue;
            if ((container & Container.List) != 0 && !IsListObject(expandedValue))
            {
                expandedValue = new Map(1) { [Keywords.List] = expandedValue as List<object?> ?? [expandedValue] };
            }
            else if ((container & Container.Graph) != 0 && (container & (Container.Id | Container.Index)) == 0)
            {
                var graphs = new List<object?>();
                foreach (var item in JsonTree.AsList(expandedValue))
                    graphs.Add(new Map(1) { [Keywords.Graph] = item as List<object?> ?? [item] });
                expandedValue = graphs;
            }

            if (definition is { Reverse: true })
            {
                if (!result.TryGetValue(Keywords.Reverse, out var reverseValue) || reverseValue is not Map reverseMap)
                    result[Keywords.Reverse] = reverseMap = [];
                foreach (var item in JsonTree.AsList(expandedValue))
                {
                    if (IsValueObject(item) || IsListObject(item))
                        throw new JsonLdException("invalid reverse property value", $"The reverse property '{key}' cannot have a value or list.");
                    AddValue(reverseMap, expandedProperty, item);
                }
            }
            else
            {
                AddValue(result, expandedProperty, expandedValue);
            }
        }

        if (nests is null) return;
        nests.Sort(string.CompareOrdinal);
        foreach (var nestingKey in nests)
        {
            foreach (var nested in JsonTree.AsList(element[nestingKey]))
            {
                if (nested is not Map nestedMap)
                    throw new JsonLdException("invalid @nest value", $"The value of '{nestingKey}' must be an object.");
                foreach (var nestedKey in nestedMap.Keys)
                {
                    if (IriExpander.ExpandVocab(active, nestedKey) == Keywords.Value)
                        throw new JsonLdException("invalid @nest value", "A nested object may not be a value object.");
                }

                // A nesting term may carry a property-scoped context for the nested entries.
                var nestedContext = active.Term(nestingKey) is { HasContext: true } nestDefinition
                    ? ApplyScoped(active, nestDefinition, overrideProtected: true, propagate: true)
                    : active;
                ExpandEntries(nestedContext, typeScoped, nestingKey, nestedMap, baseUrl, inputType, result);
            }
        }
    }

    internal static bool IsValueObject(object? value) => value is Map map && map.ContainsKey(Keywords.Value);

    internal static bool IsListObject(object? value) => value is Map map && map.ContainsKey(Keywords.List);

    internal static bool IsGraphObject(object? value)
    {
        if (value is not Map map || !map.ContainsKey(Keywords.Graph)) return false;
        foreach (var key in map.Keys)
            if (key is not (Keywords.Graph or Keywords.Id or Keywords.Index or Keywords.Context)) return false;
        return true;
    }
}
