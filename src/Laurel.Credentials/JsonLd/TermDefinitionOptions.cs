using Map = System.Collections.Generic.Dictionary<string, object?>;

namespace Laurel.Credentials.JsonLd;

/// <summary>Create Term Definition steps 19–25: @container, @index, @context, @language, @direction, @nest, @prefix.</summary>
internal static class TermDefinitionOptions
{
    public static void Apply(ActiveContext active, TermBuildState build, string term, Map map, TermDefinition definition)
    {
        if (map.TryGetValue("@container", out var containerValue))
        {
            definition.Container = ParseContainer(containerValue, active.Json10, term);
            if ((definition.Container & Container.Type) != 0)
            {
                definition.TypeMapping ??= Keywords.Id;
                if (definition.TypeMapping != Keywords.Id && definition.TypeMapping != Keywords.Vocab)
                    throw new JsonLdException("invalid type mapping", $"A type map '{term}' needs @type @id or @vocab.");
            }
        }

        if (map.ContainsKey(Keywords.Index)) ApplyIndex(active, build, term, map, definition);

        if (map.TryGetValue(Keywords.Context, out var scoped))
        {
            if (active.Json10) throw new JsonLdException("invalid term definition", "Scoped contexts are not allowed in json-ld-1.0.");
            try
            {
                // Validate now, as the spec requires; the result is discarded and recomputed (and cached) where used.
                ContextProcessor.Process(build.Session, active, scoped, build.BaseUrl, [.. build.RemoteContexts],
                    overrideProtected: true, validateScoped: false);
            }
            catch (JsonLdException e)
            {
                throw new JsonLdException("invalid scoped context", $"The scoped context of '{term}' is invalid: {e.Message}");
            }

            definition.HasContext = true;
            definition.Context = scoped;
            definition.BaseUrl = build.BaseUrl;
            definition.ContextIsStable = build.Stable;
        }

        if (map.TryGetValue(Keywords.Language, out var language) && !map.ContainsKey(Keywords.Type))
        {
            if (language is not null and not string)
                throw new JsonLdException("invalid language mapping", $"The @language of '{term}' must be a string or null.");
            definition.HasLanguage = true;
            definition.Language = (string?)language;
        }

        if (map.TryGetValue(Keywords.Direction, out var direction) && !map.ContainsKey(Keywords.Type))
        {
            if (direction is not null and not "ltr" and not "rtl")
                throw new JsonLdException("invalid base direction", $"The @direction of '{term}' must be \"ltr\", \"rtl\" or null.");
            definition.HasDirection = true;
            definition.Direction = (string?)direction;
        }

        if (map.TryGetValue(Keywords.Nest, out var nest))
        {
            if (active.Json10) throw new JsonLdException("invalid term definition", "@nest is not allowed in json-ld-1.0.");
            if (nest is not string nestTerm || (Keywords.IsKeyword(nestTerm) && nestTerm != Keywords.Nest))
                throw new JsonLdException("invalid @nest value", $"The @nest of '{term}' must be a term or @nest.");
            definition.Nest = nestTerm;
        }

        if (map.TryGetValue(Keywords.Prefix, out var prefix))
        {
            if (active.Json10 || term.Contains(':') || term.Contains('/'))
                throw new JsonLdException("invalid term definition", $"@prefix is not allowed on '{term}'.");
            if (prefix is not bool isPrefix) throw new JsonLdException("invalid @prefix value", "@prefix must be true or false.");
            definition.Prefix = isPrefix;
            if (isPrefix && Keywords.IsKeyword(definition.Iri))
                throw new JsonLdException("invalid term definition", $"The keyword alias '{term}' cannot be a prefix.");
        }
    }

    /// <summary>Step 20: a property-valued index (<c>@index</c> naming a property).</summary>
    public static void ApplyIndex(ActiveContext active, TermBuildState build, string term, Map map, TermDefinition definition)
    {
        var indexValue = map[Keywords.Index];
        if (active.Json10 || (definition.Container & Container.Index) == 0)
            throw new JsonLdException("invalid term definition", $"@index on '{term}' needs an @index container.");
        if (indexValue is not string index || Keywords.IsKeyword(index)
            || IriExpander.Expand(active, index, documentRelative: false, vocab: true, build) is not { } expandedIndex
            || !IriResolver.IsAbsolute(expandedIndex))
            throw new JsonLdException("invalid term definition", $"The @index of '{term}' must expand to an IRI.");
        definition.IndexMapping = index;
    }

    private static Container ParseContainer(object? value, bool json10, string term)
    {
        if (json10 && value is not "@list" and not "@set" and not "@index" and not "@language")
            throw new JsonLdException("invalid container mapping", $"The @container of '{term}' is not allowed in json-ld-1.0.");
        var flags = Container.None;
        var count = 0;
        foreach (var item in JsonTree.AsList(value))
        {
            var flag = item switch
            {
                "@list" => Container.List,
                "@set" => Container.Set,
                "@index" => Container.Index,
                "@language" => Container.Language,
                "@id" => Container.Id,
                "@type" => Container.Type,
                "@graph" => Container.Graph,
                _ => throw new JsonLdException("invalid container mapping", $"The @container of '{term}' is not valid."),
            };
            flags |= flag;
            count++;
        }

        var others = flags & ~Container.Set;
        var valid = count switch
        {
            0 => false,
            1 => true,
            _ => (flags & Container.List) == 0 && (BitCount(others) <= 1
                 || others == (Container.Graph | Container.Id) || others == (Container.Graph | Container.Index)),
        };
        if (!valid) throw new JsonLdException("invalid container mapping", $"The @container of '{term}' is not a valid combination.");
        return flags;
    }

    private static int BitCount(Container flags) => System.Numerics.BitOperations.PopCount((uint)flags);
}
