namespace Laurel.Credentials.Limits;

/// <summary>
/// Work budgets for verifying untrusted input (issue 12 finding 3): JSON-LD expansion, RDFC-1.0 canonicalization (RC-3.5
/// "poison graphs") and badge image parsing. The defaults are far above what any real credential needs.
/// </summary>
public sealed record ProcessingLimits
{
    /// <summary>The defaults.</summary>
    public static ProcessingLimits Default { get; } = new();

    /// <summary>Wall-clock time spent in JSON-LD expansion and RDFC canonicalization (not in network waits) for one verification.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Most items in one JSON array of a JSON-LD document.</summary>
    public int MaxArrayLength { get; init; } = 10_000;

    /// <summary>Most JSON values (objects, arrays, scalars) visited by one JSON-LD expansion.</summary>
    public int MaxExpansionSteps { get; init; } = 200_000;

    /// <summary>Most contexts processed (not served from cache) in one JSON-LD expansion.</summary>
    public int MaxContexts { get; init; } = 500;

    /// <summary>Deepest nesting of lists in lists (<c>@list</c>) in a JSON-LD document.</summary>
    public int MaxListDepth { get; init; } = 8;

    /// <summary>Most RDF quads one document may produce.</summary>
    public int MaxQuads { get; init; } = 50_000;

    /// <summary>Most blank nodes in a dataset to canonicalize.</summary>
    public int MaxBlankNodes { get; init; } = 10_000;

    /// <summary>Most Hash N-Degree Quads calls per canonicalization (RDFC-1.0 §4.8; the W3C suite needs at most 468).</summary>
    public long MaxHashNDegreeCalls { get; init; } = 5_000;

    /// <summary>Deepest recursion of Hash N-Degree Quads (a chain of n look-alike blank nodes recurses n deep).</summary>
    public int MaxHashNDegreeDepth { get; init; } = 64;

    /// <summary>Most permutations tried by Hash N-Degree Quads per canonicalization (a k-node clique has k!).</summary>
    public long MaxPermutations { get; init; } = 50_000;

    /// <summary>Most proofs in one proof set, chained or not (DI-2.3/2.5; each costs a key lookup and a canonicalization).</summary>
    public int MaxProofs { get; init; } = 16;

    /// <summary>Most <c>credentialStatus</c> entries in one credential (each may cost a status list fetch).</summary>
    public int MaxStatusEntries { get; init; } = 8;

    /// <summary>Most credentials in one verifiable presentation (each is verified in full).</summary>
    public int MaxPresentationCredentials { get; init; } = 50;

    /// <summary>Most credentials inside one CLR 2.0 ClrCredential (each is verified in full; a CLR inside a CLR is not opened).</summary>
    public int MaxClrCredentials { get; init; } = 100;

    /// <summary>Most XML elements in an SVG image.</summary>
    public int MaxSvgElements { get; init; } = 50_000;

    /// <summary>Deepest element nesting in an SVG image.</summary>
    public int MaxSvgDepth { get; init; } = 256;

    /// <summary>Most chunks in a PNG image.</summary>
    public int MaxPngChunks { get; init; } = 10_000;
}

/// <summary>Thrown when untrusted input needs more work than a <see cref="ProcessingLimits"/> budget allows.</summary>
public class ProcessingLimitExceededException(string limit, long max, string message) : Exception(message)
{
    /// <summary>The name of the exceeded limit, a property of <see cref="ProcessingLimits"/> (e.g. <c>MaxArrayLength</c>).</summary>
    public string Limit { get; } = limit;

    /// <summary>The configured value of that limit (milliseconds for <see cref="ProcessingLimits.TimeLimit"/>).</summary>
    public long Max { get; } = max;

    internal static ProcessingLimitExceededException Of(string limit, long max, string what) =>
        new(limit, max, $"The input exceeds the processing limit {limit} ({max:N0}): {what}.");
}
