using Laurel.Credentials.Limits;

using Map = System.Collections.Generic.Dictionary<string, object?>;

namespace Laurel.Credentials.JsonLd;

/// <summary>The Expansion algorithm (API §5.1.2); keyword entries and container maps are in the other partial files.</summary>
internal sealed partial class Expander(ProcessingSession session)
{
    /// <summary>API expand(): expands the document and unwraps a lone top-level @graph.</summary>
    public List<object?> ExpandDocument(object? document, string? baseUrl)
    {
        var options = session.Options;
        var active = session.Loader.Root(baseUrl, session.Json10);
        if (options.ExpandContext is { } expandContext)
        {
            var local = JsonTree.FromNode(expandContext);
            if (local is Map withContext && withContext.TryGetValue(Keywords.Context, out var inner)) local = inner;
            active = ContextProcessor.Process(session, active, local, baseUrl);
        }

        var expanded = Expand(active, null, document, baseUrl, fromMap: false);
        if (expanded is Map map && map.Count == 1 && map.TryGetValue(Keywords.Graph, out var graph)) expanded = graph;
        return expanded switch
        {
            null => [],
            List<object?> list => list,
            _ => [expanded],
        };
    }

    public object? Expand(ActiveContext active, string? activeProperty, object? element, string? baseUrl, bool fromMap)
    {
        if (element is null) return null;
        session.Step();
        var propertyDefinition = activeProperty is null ? null : active.Term(activeProperty);
        var propertyScoped = propertyDefinition is { HasContext: true } ? propertyDefinition : null;

        if (element is List<object?> array) return ExpandArray(active, activeProperty, array, baseUrl, fromMap, propertyDefinition);
        if (element is not Map map)
        {
            if (activeProperty is null or Keywords.Graph)
            {
                session.Lossy($"the free-floating value {element} is not attached to any property.");
                return null;
            }

            if (propertyScoped is not null) active = ApplyScoped(active, propertyScoped, overrideProtected: true, propagate: true);
            return ValueExpander.Expand(session, active, activeProperty, element);
        }

        if (active.PreviousContext is not null && !fromMap && !KeepsTypeScopedContext(active, map)) active = active.PreviousContext;
        if (propertyScoped is not null) active = ApplyScoped(active, propertyScoped, overrideProtected: true, propagate: true);
        if (map.TryGetValue(Keywords.Context, out var localContext))
            active = ContextProcessor.Process(session, active, localContext, baseUrl);

        var typeScoped = active;
        string? inputType = null;
        string? firstTypeKey = null;
        List<string>? typeKeys = null;
        foreach (var key in map.Keys)
        {
            if (IriExpander.ExpandVocab(active, key) != Keywords.Type) continue;
            (typeKeys ??= []).Add(key);
            if (firstTypeKey is null || string.CompareOrdinal(key, firstTypeKey) < 0) firstTypeKey = key;
        }

        if (typeKeys is not null)
        {
            if (typeKeys.Count > 1) typeKeys.Sort(string.CompareOrdinal);
            foreach (var key in typeKeys)
                active = ApplyTypeScopedContexts(active, typeScoped, map[key]);
            var firstValue = map[firstTypeKey!];
            var last = firstValue is List<object?> { Count: > 0 } types ? types[^1] : firstValue;
            if (last is string lastType) inputType = IriExpander.ExpandType(active, lastType);
        }

        var result = new Map();
        ExpandEntries(active, typeScoped, activeProperty, map, baseUrl, inputType, result);
        return Finish(activeProperty, result);
    }

    private List<object?> ExpandArray(ActiveContext active, string? activeProperty, List<object?> array, string? baseUrl, bool fromMap,
        TermDefinition? propertyDefinition)
    {
        CheckArrayLength(array.Count);
        var result = new List<object?>(array.Count);
        var isList = propertyDefinition is not null && (propertyDefinition.Container & Container.List) != 0;
        foreach (var item in array)
        {
            var expanded = Expand(active, activeProperty, item, baseUrl, fromMap);
            if (isList && expanded is List<object?> nested) expanded = new Map(1) { [Keywords.List] = nested };
            if (expanded is List<object?> items) result.AddRange(items);
            else if (expanded is not null) result.Add(expanded);
        }

        return result;
    }

    private void CheckArrayLength(int count)
    {
        var max = session.Budget.Limits.MaxArrayLength;
        if (count > max) throw ProcessingLimitExceededException.Of(nameof(ProcessingLimits.MaxArrayLength), max, $"an array has {count:N0} items");
    }

    /// <summary>Step 7: a non-propagated (type-scoped) context still applies to value objects and to bare references.</summary>
    private static bool KeepsTypeScopedContext(ActiveContext active, Map map)
    {
        foreach (var key in map.Keys)
        {
            var expanded = IriExpander.ExpandVocab(active, key);
            if (expanded == Keywords.Value) return true;
            if (map.Count == 1 && expanded == Keywords.Id) return true;
        }

        return false;
    }

    private ActiveContext ApplyScoped(ActiveContext active, TermDefinition definition, bool overrideProtected, bool propagate) =>
        ContextProcessor.Process(session, active, definition.Context, definition.BaseUrl,
            overrideProtected: overrideProtected, propagate: propagate, stable: definition.ContextIsStable);

    private ActiveContext ApplyTypeScopedContexts(ActiveContext active, ActiveContext typeScoped, object? value)
    {
        if (value is string single)
        {
            if (typeScoped.Term(single) is { HasContext: true } definition)
                active = ApplyScoped(active, definition, overrideProtected: false, propagate: false);
            return active;
        }

        if (value is not List<object?> list) return active;
        var terms = new List<string>(list.Count);
        foreach (var item in list)
            if (item is string term) terms.Add(term);
        if (terms.Count > 1) terms.Sort(string.CompareOrdinal);
        foreach (var term in terms)
        {
            if (typeScoped.Term(term) is { HasContext: true } definition)
                active = ApplyScoped(active, definition, overrideProtected: false, propagate: false);
        }

        return active;
    }

    /// <summary>Steps 15–19: validate value, list and set objects and drop free-floating values.</summary>
    private object? Finish(string? activeProperty, Map result)
    {
        if (result.TryGetValue(Keywords.Value, out var value))
        {
            foreach (var key in result.Keys)
            {
                if (key is not (Keywords.Direction or Keywords.Index or Keywords.Language or Keywords.Type or Keywords.Value))
                    throw new JsonLdException("invalid value object", $"A value object may not contain '{key}'.");
            }

            var type = result.GetValueOrDefault(Keywords.Type);
            if (type is not null && (result.ContainsKey(Keywords.Language) || result.ContainsKey(Keywords.Direction)))
                throw new JsonLdException("invalid value object", "A value object may not have both @type and @language or @direction.");
            if (type is Keywords.Json) return result;
            if (value is null || value is List<object?> { Count: 0 })
            {
                session.Lossy("a value object with a null @value is dropped.");
                return null;
            }

            if (value is not string && result.ContainsKey(Keywords.Language))
                throw new JsonLdException("invalid language-tagged value", "Only strings may carry a @language.");
            if (type is not null && (type is not string typeIri || !RdfLiterals.IsWellFormedIri(typeIri)))
                throw new JsonLdException("invalid typed value", $"The datatype '{type}' of a value object is not an IRI.");
        }
        else if (result.TryGetValue(Keywords.Type, out var types) && types is not List<object?>)
        {
            result[Keywords.Type] = new List<object?> { types };
        }
        else if (result.ContainsKey(Keywords.Set) || result.ContainsKey(Keywords.List))
        {
            if (result.Count > 2 || (result.Count == 2 && !result.ContainsKey(Keywords.Index)))
                throw new JsonLdException("invalid set or list object", "A set or list object may only have @index besides @set/@list.");
            if (result.TryGetValue(Keywords.Set, out var set)) return set;
        }

        if (result.Count == 1 && result.ContainsKey(Keywords.Language))
        {
            session.Lossy("an object with only @language is dropped.");
            return null;
        }

        if (activeProperty is null or Keywords.Graph)
        {
            if (result.Count == 0) return null;
            if (result.ContainsKey(Keywords.Value) || result.ContainsKey(Keywords.List)
                || (result.Count == 1 && result.ContainsKey(Keywords.Id)))
            {
                session.Lossy("a free-floating " + (result.ContainsKey(Keywords.Id) ? "node reference" : "value")
                              + " is not attached to any property and is dropped.");
                return null;
            }
        }

        return result;
    }

    /// <summary>The "add value" helper with <c>as array</c> = true.</summary>
    internal static void AddValue(Map map, string key, object? value)
    {
        if (!map.TryGetValue(key, out var existing) || existing is not List<object?> list)
        {
            list = existing is null && !map.ContainsKey(key) ? [] : [existing];
            map[key] = list;
        }

        if (value is List<object?> values) list.AddRange(values);
        else list.Add(value);
    }
}
