using Map = System.Collections.Generic.Dictionary<string, object?>;

namespace Laurel.Credentials.JsonLd;

/// <summary>Create Term Definition (API §4.2.2).</summary>
internal static class TermDefinitionBuilder
{
    private static readonly HashSet<string> AllowedEntries =
    [
        "@id", "@reverse", "@container", "@context", "@direction", "@index", "@language", "@nest", "@prefix", "@protected", "@type",
    ];

    public static void Create(ActiveContext active, TermBuildState build, string term)
    {
        if (build.Defined.TryGetValue(term, out var done))
        {
            if (done) return;
            throw new JsonLdException("cyclic IRI mapping", $"The term '{term}' is defined in terms of itself.");
        }

        if (term.Length == 0) throw new JsonLdException("invalid term definition", "The empty string is not a valid term.");
        build.Defined[term] = false;
        var value = build.LocalContext[term];

        if (term == Keywords.Type)
        {
            if (active.Json10) throw new JsonLdException("keyword redefinition", "@type may not be redefined in json-ld-1.0.");
            if (value is not Map typeMap || typeMap.Count == 0 || !OnlySetContainerAndProtected(typeMap))
                throw new JsonLdException("keyword redefinition", "@type may only be given @container @set and @protected.");
        }
        else if (Keywords.IsKeyword(term))
        {
            throw new JsonLdException("keyword redefinition", $"The keyword '{term}' cannot be redefined.");
        }
        else if (Keywords.HasKeywordForm(term))
        {
            // Reserved for future keywords: ignored (a warning in the spec, an error in safe mode).
            build.Session.Lossy($"the term '{term}' has the form of a keyword and is ignored.");
            build.Defined[term] = true;
            return;
        }

        var previous = active.Term(term);
        active.Terms.Remove(term);

        bool simpleTerm;
        Map map;
        switch (value)
        {
            case null:
                map = new Map { [Keywords.Id] = null };
                simpleTerm = false;
                break;
            case string s:
                map = new Map { [Keywords.Id] = s };
                simpleTerm = true;
                break;
            case Map m:
                map = m;
                simpleTerm = false;
                break;
            default:
                throw new JsonLdException("invalid term definition", $"The definition of '{term}' must be a string, an object or null.");
        }

        var definition = new TermDefinition { Protected = build.ProtectedDefault };
        if (map.TryGetValue(Keywords.Protected, out var protectedValue))
        {
            if (active.Json10) throw new JsonLdException("invalid term definition", "@protected is not allowed in json-ld-1.0.");
            if (protectedValue is not bool p) throw new JsonLdException("invalid @protected value", "@protected must be true or false.");
            definition.Protected = p;
        }

        if (map.TryGetValue(Keywords.Type, out var typeValue))
        {
            if (typeValue is not string typeString)
                throw new JsonLdException("invalid type mapping", $"The @type of '{term}' must be a string.");
            var type = IriExpander.Expand(active, typeString, documentRelative: false, vocab: true, build);
            if ((type == Keywords.Json || type == Keywords.None) && active.Json10)
                throw new JsonLdException("invalid type mapping", $"@type {type} is not allowed in json-ld-1.0.");
            if (type is null || (type != Keywords.Id && type != Keywords.Json && type != Keywords.None && type != Keywords.Vocab
                                 && !IriResolver.IsAbsolute(type)))
                throw new JsonLdException("invalid type mapping", $"The @type of '{term}' is not an IRI or one of @id, @json, @none, @vocab.");
            definition.TypeMapping = type;
        }

        if (map.TryGetValue(Keywords.Reverse, out var reverseValue))
        {
            if (map.ContainsKey(Keywords.Id) || map.ContainsKey(Keywords.Nest))
                throw new JsonLdException("invalid reverse property", $"The reverse property '{term}' may not have @id or @nest.");
            if (reverseValue is not string reverse)
                throw new JsonLdException("invalid IRI mapping", $"The @reverse of '{term}' must be a string.");
            if (Keywords.HasKeywordForm(reverse))
            {
                build.Defined[term] = true;
                return;
            }

            definition.Iri = IriExpander.Expand(active, reverse, documentRelative: false, vocab: true, build);
            if (definition.Iri is null || definition.Iri.IndexOf(':') < 0)
                throw new JsonLdException("invalid IRI mapping", $"The @reverse of '{term}' is not an IRI.");
            if (map.TryGetValue("@container", out var reverseContainer))
            {
                definition.Container = reverseContainer switch
                {
                    null => Container.None,
                    "@set" => Container.Set,
                    "@index" => Container.Index,
                    _ => throw new JsonLdException("invalid reverse property", $"The reverse property '{term}' may only be an @set or @index container."),
                };
            }

            if (map.ContainsKey(Keywords.Index)) TermDefinitionOptions.ApplyIndex(active, build, term, map, definition);
            definition.Reverse = true;
            Finish(active, build, term, definition, previous);
            return;
        }

        if (map.TryGetValue(Keywords.Id, out var idValue) && !(idValue is string same && same == term))
        {
            if (idValue is not null)
            {
                if (idValue is not string id) throw new JsonLdException("invalid IRI mapping", $"The @id of '{term}' must be a string.");
                if (!Keywords.IsKeyword(id) && Keywords.HasKeywordForm(id))
                {
                    build.Defined[term] = true;
                    return;
                }

                definition.Iri = IriExpander.Expand(active, id, documentRelative: false, vocab: true, build);
                if (definition.Iri == Keywords.Context)
                    throw new JsonLdException("invalid keyword alias", "@context cannot be aliased.");
                if (definition.Iri is null || !(Keywords.IsKeyword(definition.Iri) || definition.Iri.IndexOf(':') >= 0))
                    throw new JsonLdException("invalid IRI mapping", $"The @id of '{term}' does not expand to an IRI.");

                var colon = term.IndexOf(':', 1);
                if ((colon > 0 && colon < term.Length - 1) || term.Contains('/'))
                {
                    build.Defined[term] = true;
                    if (IriExpander.Expand(active, term, documentRelative: false, vocab: true, build) != definition.Iri)
                        throw new JsonLdException("invalid IRI mapping", $"The term '{term}' looks like an IRI but maps to a different one.");
                }

                if (simpleTerm && !term.Contains(':') && !term.Contains('/') && EndsWithGenDelimOrIsBlank(definition.Iri))
                    definition.Prefix = true;
            }
        }
        else if (term.IndexOf(':', 1) > 0)
        {
            var colon = term.IndexOf(':', 1);
            var prefix = term[..colon];
            if (build.LocalContext.ContainsKey(prefix)) Create(active, build, prefix);
            var prefixDefinition = active.Term(prefix);
            definition.Iri = prefixDefinition?.Iri is { } prefixIri ? prefixIri + term[(colon + 1)..] : term;
        }
        else if (term.Contains('/'))
        {
            // Expanded without the local context: the term itself is being defined (a relative IRI cannot be a prefix).
            definition.Iri = IriExpander.Expand(active, term, documentRelative: false, vocab: true);
            if (definition.Iri is null || !IriResolver.IsAbsolute(definition.Iri))
                throw new JsonLdException("invalid IRI mapping", $"The term '{term}' does not expand to an IRI.");
        }
        else if (term == Keywords.Type)
        {
            definition.Iri = Keywords.Type;
        }
        else if (active.Vocab is not null)
        {
            definition.Iri = active.Vocab + term;
        }
        else
        {
            throw new JsonLdException("invalid IRI mapping", $"The term '{term}' has no IRI mapping and there is no @vocab.");
        }

        TermDefinitionOptions.Apply(active, build, term, map, definition);
        foreach (var key in map.Keys)
            if (!AllowedEntries.Contains(key))
                throw new JsonLdException("invalid term definition", $"The definition of '{term}' has an unknown entry '{key}'.");

        Finish(active, build, term, definition, previous);
    }

    private static void Finish(ActiveContext active, TermBuildState build, string term, TermDefinition definition, TermDefinition? previous)
    {
        if (!build.OverrideProtected && previous is { Protected: true })
        {
            if (!definition.SameAs(previous))
                throw new JsonLdException("protected term redefinition", $"The protected term '{term}' cannot be redefined.");
            definition = previous;
        }

        active.Terms[term] = definition;
        build.Defined[term] = true;
    }

    private static bool OnlySetContainerAndProtected(Map map)
    {
        foreach (var (key, value) in map)
        {
            if (key == "@container" && value is "@set") continue;
            if (key == Keywords.Protected) continue;
            return false;
        }

        return true;
    }

    private static bool EndsWithGenDelimOrIsBlank(string iri)
    {
        if (iri.StartsWith("_:", StringComparison.Ordinal)) return true;
        return iri.Length > 0 && iri[^1] is ':' or '/' or '?' or '#' or '[' or ']' or '@';
    }
}
