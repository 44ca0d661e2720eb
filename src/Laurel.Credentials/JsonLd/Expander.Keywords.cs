using Map = System.Collections.Generic.Dictionary<string, object?>;

namespace Laurel.Credentials.JsonLd;

internal sealed partial class Expander
{
    /// <summary>Step 13.4: an entry whose key expands to a keyword.</summary>
    private void ExpandKeyword(ActiveContext active, ActiveContext typeScoped, string? activeProperty, string key, string keyword,
        object? value, string? baseUrl, string? inputType, Map result)
    {
        if (activeProperty == Keywords.Reverse)
            throw new JsonLdException("invalid reverse property map", $"A reverse property map may not contain the keyword '{key}'.");
        if (result.ContainsKey(keyword) && keyword != Keywords.Included && (keyword != Keywords.Type || active.Json10))
            throw new JsonLdException("colliding keywords", $"More than one entry expands to {keyword}.");

        object? expandedValue;
        switch (keyword)
        {
            case Keywords.Id:
                if (value is not string id) throw new JsonLdException("invalid @id value", "@id must be a string.");
                var iri = IriExpander.Expand(active, id, documentRelative: true, vocab: false);
                ValueExpander.CheckReference(session, iri, id, null);
                if (iri is null) session.Lossy($"the @id '{id}' has the form of a keyword and is dropped.");
                result[Keywords.Id] = iri; // kept even when null: the node is retained but yields no triples
                return;
            case Keywords.Type:
                expandedValue = ExpandTypeValue(typeScoped, value);
                if (result.TryGetValue(Keywords.Type, out var existingTypes))
                {
                    var merged = new List<object?>(JsonTree.AsList(existingTypes));
                    merged.AddRange(JsonTree.AsList(expandedValue));
                    expandedValue = merged;
                }

                break;
            case Keywords.Graph:
                expandedValue = JsonTree.AsList(Expand(active, Keywords.Graph, value, baseUrl, fromMap: false));
                break;
            case Keywords.Included:
                if (active.Json10) return;
                var included = JsonTree.AsList(Expand(active, null, value, baseUrl, fromMap: false));
                foreach (var item in included)
                {
                    if (item is not Map node || node.ContainsKey(Keywords.Value) || node.ContainsKey(Keywords.List) || node.ContainsKey(Keywords.Set))
                        throw new JsonLdException("invalid @included value", "@included values must be node objects.");
                }

                if (result.TryGetValue(Keywords.Included, out var existingIncluded))
                    included.InsertRange(0, JsonTree.AsList(existingIncluded));
                expandedValue = included;
                break;
            case Keywords.Value:
                if (inputType == Keywords.Json)
                {
                    if (active.Json10) throw new JsonLdException("invalid value object value", "@json is not allowed in json-ld-1.0.");
                    expandedValue = value;
                }
                else if (value is not null && !JsonTree.IsScalar(value))
                {
                    throw new JsonLdException("invalid value object value", "@value must be a string, number, boolean or null.");
                }
                else
                {
                    expandedValue = value;
                }

                result[Keywords.Value] = expandedValue;
                return;
            case Keywords.Language:
                if (value is not string language)
                    throw new JsonLdException("invalid language-tagged string", "@language must be a string.");
                expandedValue = language;
                break;
            case Keywords.Direction:
                if (active.Json10) return;
                if (value is not ("ltr" or "rtl"))
                    throw new JsonLdException("invalid base direction", "@direction must be \"ltr\" or \"rtl\".");
                expandedValue = value;
                break;
            case Keywords.Index:
                if (value is not string) throw new JsonLdException("invalid @index value", "@index must be a string.");
                expandedValue = value;
                break;
            case Keywords.List:
                if (activeProperty is null or Keywords.Graph)
                {
                    session.Lossy("a free-floating list is not attached to any property and is dropped.");
                    return;
                }

                expandedValue = JsonTree.AsList(Expand(active, activeProperty, value, baseUrl, fromMap: false));
                break;
            case Keywords.Set:
                expandedValue = Expand(active, activeProperty, value, baseUrl, fromMap: false);
                break;
            case Keywords.Reverse:
                ExpandReverse(active, value, baseUrl, result);
                return;
            default:
                // Other keywords (@context handled earlier, framing keywords) carry nothing for expansion.
                return;
        }

        if (expandedValue is not null) result[keyword] = expandedValue;
    }

    private object? ExpandTypeValue(ActiveContext typeScoped, object? value)
    {
        if (value is string single) return ExpandTypeIri(typeScoped, single);
        if (value is not List<object?> list) throw new JsonLdException("invalid type value", "@type must be a string or an array of strings.");
        CheckArrayLength(list.Count);
        var types = new List<object?>(list.Count);
        foreach (var item in list)
        {
            if (item is not string type) throw new JsonLdException("invalid type value", "@type must be a string or an array of strings.");
            var iri = ExpandTypeIri(typeScoped, type);
            if (iri is not null) types.Add(iri);
        }

        return types;
    }

    private string? ExpandTypeIri(ActiveContext typeScoped, string type)
    {
        var iri = IriExpander.ExpandType(typeScoped, type);
        if (session.SafeMode && (iri is null || !(IriResolver.IsAbsolute(iri) || iri.StartsWith("_:", StringComparison.Ordinal))))
            session.Lossy($"the type '{type}' is not defined by the context and does not expand to an absolute IRI.");
        return iri;
    }

    private void ExpandReverse(ActiveContext active, object? value, string? baseUrl, Map result)
    {
        if (value is not Map) throw new JsonLdException("invalid @reverse value", "@reverse must be an object.");
        if (Expand(active, Keywords.Reverse, value, baseUrl, fromMap: false) is not Map expanded) return;
        if (expanded.TryGetValue(Keywords.Reverse, out var doubled) && doubled is Map doubleReversed)
        {
            foreach (var (property, items) in doubleReversed) AddValue(result, property, items);
        }

        Map? reverseMap = null;
        foreach (var (property, items) in expanded)
        {
            if (property == Keywords.Reverse) continue;
            if (reverseMap is null)
            {
                if (!result.TryGetValue(Keywords.Reverse, out var existing) || existing is not Map map)
                    result[Keywords.Reverse] = map = [];
                reverseMap = map;
            }

            foreach (var item in JsonTree.AsList(items))
            {
                if (IsValueObject(item) || IsListObject(item))
                    throw new JsonLdException("invalid reverse property value", $"The reverse property '{property}' cannot have a value or list.");
                AddValue(reverseMap, property, item);
            }
        }
    }
}
