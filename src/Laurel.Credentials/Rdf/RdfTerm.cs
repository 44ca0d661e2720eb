namespace Laurel.Credentials.Rdf;

/// <summary>The kind of an RDF term.</summary>
public enum RdfTermKind : byte
{
    /// <summary>An absolute IRI.</summary>
    Iri,
    /// <summary>A blank node; <see cref="RdfTerm.Value"/> is its label without the <c>_:</c> prefix.</summary>
    BlankNode,
    /// <summary>A literal with a datatype IRI and, for rdf:langString, a language tag.</summary>
    Literal,
    /// <summary>The default graph (only valid as a quad's graph name).</summary>
    DefaultGraph,
}

/// <summary>An RDF term: IRI, blank node, literal or the default graph marker.</summary>
public readonly record struct RdfTerm(RdfTermKind Kind, string Value, string? Datatype = null, string? Language = null)
{
    /// <summary>XSD string datatype IRI.</summary>
    public const string XsdString = "http://www.w3.org/2001/XMLSchema#string";

    /// <summary>RDF langString datatype IRI.</summary>
    public const string RdfLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

    /// <summary>The default graph marker.</summary>
    public static readonly RdfTerm Default = new(RdfTermKind.DefaultGraph, "");

    /// <summary>Creates an IRI term.</summary>
    public static RdfTerm Iri(string iri) => new(RdfTermKind.Iri, iri);

    /// <summary>Creates a blank node term from a label without the <c>_:</c> prefix.</summary>
    public static RdfTerm Blank(string label) => new(RdfTermKind.BlankNode, label);

    /// <summary>Creates a literal; a language makes it rdf:langString.</summary>
    public static RdfTerm Literal(string value, string? datatype = null, string? language = null) =>
        new(RdfTermKind.Literal, value, language is null ? datatype ?? XsdString : RdfLangString, language);

    /// <summary>True for IRIs.</summary>
    public bool IsIri => Kind == RdfTermKind.Iri;

    /// <summary>True for blank nodes.</summary>
    public bool IsBlank => Kind == RdfTermKind.BlankNode;

    /// <summary>True for literals.</summary>
    public bool IsLiteral => Kind == RdfTermKind.Literal;
}

/// <summary>An RDF quad; <see cref="Graph"/> is <see cref="RdfTerm.Default"/> for the default graph.</summary>
public readonly record struct RdfQuad(RdfTerm Subject, RdfTerm Predicate, RdfTerm Object, RdfTerm Graph);
