namespace Laurel.Credentials.JsonLd;

/// <summary>The container keywords of a term definition (JSON-LD 1.1 API §4.1, <c>@container</c>).</summary>
[Flags]
internal enum Container : byte
{
    None = 0,
    List = 1,
    Set = 2,
    Index = 4,
    Language = 8,
    Id = 16,
    Type = 32,
    Graph = 64,
}

/// <summary>A term definition of an active context. Immutable once the defining context is processed.</summary>
internal sealed class TermDefinition
{
    /// <summary>IRI mapping (an IRI, blank node identifier or keyword); null for a term explicitly mapped to null.</summary>
    public string? Iri { get; set; }

    public bool Reverse { get; set; }

    public string? TypeMapping { get; set; }

    public Container Container { get; set; }

    /// <summary>True when the definition has a language mapping (which may be null).</summary>
    public bool HasLanguage { get; set; }

    public string? Language { get; set; }

    /// <summary>True when the definition has a direction mapping (which may be null).</summary>
    public bool HasDirection { get; set; }

    public string? Direction { get; set; }

    public string? IndexMapping { get; set; }

    public string? Nest { get; set; }

    public bool Prefix { get; set; }

    public bool Protected { get; set; }

    /// <summary>True when the definition carries a (property- or type-) scoped context.</summary>
    public bool HasContext { get; set; }

    public object? Context { get; set; }

    /// <summary>Base URL the scoped context is resolved against.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>True when <see cref="Context"/> comes from a cached remote document, so results may be cached by its identity.</summary>
    public bool ContextIsStable { get; set; }

    /// <summary>Same definition apart from <c>@protected</c> (API §4.2.2 step 27.1).</summary>
    public bool SameAs(TermDefinition other) =>
        Iri == other.Iri && Reverse == other.Reverse && TypeMapping == other.TypeMapping && Container == other.Container
        && HasLanguage == other.HasLanguage && Language == other.Language
        && HasDirection == other.HasDirection && Direction == other.Direction
        && IndexMapping == other.IndexMapping && Nest == other.Nest && Prefix == other.Prefix
        && HasContext == other.HasContext && (!HasContext || JsonTree.DeepEquals(Context, other.Context));
}
