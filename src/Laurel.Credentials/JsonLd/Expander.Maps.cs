using Map = System.Collections.Generic.Dictionary<string, object?>;

namespace Laurel.Credentials.JsonLd;

internal sealed partial class Expander
{
    /// <summary>Step 13.7: a language map becomes language-tagged value objects.</summary>
    private List<object?> ExpandLanguageMap(ActiveContext active, TermDefinition definition, Map languageMap)
    {
        var result = new List<object?>();
        var direction = definition.HasDirection ? definition.Direction : active.DefaultDirection;
        foreach (var (language, languageValue) in languageMap)
        {
            var isNone = language == Keywords.None || IriExpander.ExpandVocab(active, language) == Keywords.None;
            foreach (var item in JsonTree.AsList(languageValue))
            {
                session.Step();
                if (item is null) continue;
                if (item is not string text)
                    throw new JsonLdException("invalid language map value", $"The language map entry '{language}' must hold strings.");
                var value = new Map(3) { [Keywords.Value] = text };
                if (!isNone) value[Keywords.Language] = language;
                if (direction is not null) value[Keywords.Direction] = direction;
                result.Add(value);
            }
        }

        return result;
    }

    /// <summary>Step 13.8: index, id and type maps.</summary>
    private List<object?> ExpandIndexMap(ActiveContext active, ActiveContext typeScoped, string key, TermDefinition definition, Map indexMap,
        string? baseUrl)
    {
        var container = definition.Container;
        var result = new List<object?>();
        var indexKey = definition.IndexMapping ?? Keywords.Index;
        var idOrType = (container & (Container.Id | Container.Type)) != 0;
        foreach (var (index, indexValue) in indexMap)
        {
            session.Step();
            var mapContext = idOrType ? active.PreviousContext ?? active : active;
            if ((container & Container.Type) != 0 && typeScoped.Term(index) is { HasContext: true } indexDefinition)
                mapContext = ApplyScopedTo(mapContext, indexDefinition);

            var expandedIndex = IriExpander.ExpandVocab(active, index);
            var items = Expand(mapContext, key, indexValue as List<object?> ?? [indexValue], baseUrl, fromMap: true);
            foreach (var element in JsonTree.AsList(items))
            {
                var item = element;
                if ((container & Container.Graph) != 0 && !IsGraphObject(item))
                    item = new Map(1) { [Keywords.Graph] = item as List<object?> ?? [item] };
                var map = (Map)item!;
                if ((container & Container.Index) != 0 && indexKey != Keywords.Index && expandedIndex != Keywords.None)
                {
                    var reExpanded = ValueExpander.Expand(session, active, indexKey, index);
                    var expandedIndexKey = IriExpander.ExpandVocab(active, indexKey)!;
                    var values = new List<object?> { reExpanded };
                    if (map.TryGetValue(expandedIndexKey, out var existing)) values.AddRange(JsonTree.AsList(existing));
                    map[expandedIndexKey] = values;
                    if (IsValueObject(map))
                        throw new JsonLdException("invalid value object", $"A value in the index map '{key}' cannot take a property index.");
                }
                else if ((container & Container.Index) != 0 && !map.ContainsKey(Keywords.Index) && expandedIndex != Keywords.None)
                {
                    map[Keywords.Index] = index;
                }
                else if ((container & Container.Id) != 0 && !map.ContainsKey(Keywords.Id) && expandedIndex != Keywords.None)
                {
                    var id = IriExpander.Expand(active, index, documentRelative: true, vocab: false);
                    ValueExpander.CheckReference(session, id, index, key);
                    map[Keywords.Id] = id;
                }
                else if ((container & Container.Type) != 0 && expandedIndex != Keywords.None)
                {
                    var types = new List<object?> { expandedIndex };
                    if (map.TryGetValue(Keywords.Type, out var existing)) types.AddRange(JsonTree.AsList(existing));
                    map[Keywords.Type] = types;
                }

                result.Add(map);
            }
        }

        return result;
    }

    private ActiveContext ApplyScopedTo(ActiveContext context, TermDefinition definition) =>
        ContextProcessor.Process(session, context, definition.Context, definition.BaseUrl, stable: definition.ContextIsStable);
}
