namespace Laurel.Features.ProblemDocs;

/// <summary>Marker for the problem pages' texts: ProblemText.resx / ProblemText.nl.resx (one <c>Code_{code}</c> per problem code).</summary>
public sealed class ProblemText;
