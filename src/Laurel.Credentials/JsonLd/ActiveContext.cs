using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Laurel.Credentials.JsonLd;

/// <summary>
/// An active context (API §4.1). Built by <see cref="ContextProcessor"/> and frozen before it is shared;
/// a frozen context is immutable, so it memoises IRI expansions and the contexts derived from it.
/// </summary>
internal sealed class ActiveContext
{
    private ConcurrentDictionary<ContextKey, ActiveContext>? derived;
    private ConcurrentDictionary<string, string?>? vocabIris;
    private ConcurrentDictionary<string, string?>? typeIris;

    public ActiveContext(string? baseIri, bool json10)
    {
        Terms = new Dictionary<string, TermDefinition>(StringComparer.Ordinal);
        BaseIri = baseIri;
        OriginalBaseUrl = baseIri;
        Json10 = json10;
    }

    private ActiveContext(ActiveContext source)
    {
        Terms = new Dictionary<string, TermDefinition>(source.Terms, StringComparer.Ordinal);
        BaseIri = source.BaseIri;
        OriginalBaseUrl = source.OriginalBaseUrl;
        Vocab = source.Vocab;
        DefaultLanguage = source.DefaultLanguage;
        DefaultDirection = source.DefaultDirection;
        PreviousContext = source.PreviousContext;
        Json10 = source.Json10;
    }

    public Dictionary<string, TermDefinition> Terms { get; }

    public string? BaseIri { get; set; }

    public string? OriginalBaseUrl { get; set; }

    public string? Vocab { get; set; }

    public string? DefaultLanguage { get; set; }

    public string? DefaultDirection { get; set; }

    /// <summary>The context to revert to for new node objects when a type-scoped context does not propagate.</summary>
    public ActiveContext? PreviousContext { get; set; }

    /// <summary>Processing mode json-ld-1.0.</summary>
    public bool Json10 { get; }

    public bool Frozen { get; private set; }

    public ActiveContext Clone() => new(this);

    /// <summary>A fresh context keeping this context's original base URL (API §4.1.2 step 5.1.2).</summary>
    public ActiveContext CreateEmpty() => new(OriginalBaseUrl, Json10) { OriginalBaseUrl = OriginalBaseUrl };

    public ActiveContext Freeze()
    {
        Frozen = true;
        return this;
    }

    public TermDefinition? Term(string term) => Terms.GetValueOrDefault(term);

    public bool HasProtectedTerms()
    {
        foreach (var definition in Terms.Values)
            if (definition.Protected) return true;
        return false;
    }

    public bool TryGetDerived(in ContextKey key, out ActiveContext? result)
    {
        result = null;
        return derived is not null && derived.TryGetValue(key, out result);
    }

    public void AddDerived(in ContextKey key, ActiveContext result)
    {
        if (!Frozen) return;
        LazyInitializer.EnsureInitialized(ref derived, () => new(ContextKeyComparer.Instance)).TryAdd(key, result);
    }

    /// <summary>Memo for IRI expansion of keys (vocab-relative, not document-relative).</summary>
    public ConcurrentDictionary<string, string?>? VocabIriMemo =>
        Frozen ? LazyInitializer.EnsureInitialized(ref vocabIris, () => new(StringComparer.Ordinal)) : null;

    /// <summary>Memo for IRI expansion of <c>@type</c> values (vocab- and document-relative).</summary>
    public ConcurrentDictionary<string, string?>? TypeIriMemo =>
        Frozen ? LazyInitializer.EnsureInitialized(ref typeIris, () => new(StringComparer.Ordinal)) : null;
}

/// <summary>Cache key of a derived context: the local context (a URL string or a stable map/array by identity) and the processing flags.</summary>
internal readonly record struct ContextKey(object LocalContext, string? BaseUrl, int Flags);

internal sealed class ContextKeyComparer : IEqualityComparer<ContextKey>
{
    public static readonly ContextKeyComparer Instance = new();

    public bool Equals(ContextKey x, ContextKey y) =>
        x.Flags == y.Flags && x.BaseUrl == y.BaseUrl
        && (x.LocalContext is string a ? y.LocalContext is string b && a == b : ReferenceEquals(x.LocalContext, y.LocalContext));

    public int GetHashCode(ContextKey key) => HashCode.Combine(
        key.LocalContext is string s ? s.GetHashCode() : RuntimeHelpers.GetHashCode(key.LocalContext), key.BaseUrl, key.Flags);
}
