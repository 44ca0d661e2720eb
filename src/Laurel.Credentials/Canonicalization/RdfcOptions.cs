using System.Security.Cryptography;
using Laurel.Credentials.Limits;

namespace Laurel.Credentials.Canonicalization;

/// <summary>Options for RDFC-1.0 canonicalization.</summary>
public sealed record RdfcOptions
{
    /// <summary>The shared default: SHA-256 and the default work limit.</summary>
    public static RdfcOptions Default { get; } = new();

    /// <summary>The hash algorithm used inside the algorithm (SHA-256 or SHA-384, RDFC-1.0 §4.1).</summary>
    public HashAlgorithmName HashAlgorithm { get; init; } = HashAlgorithmName.SHA256;

    /// <summary>
    /// Work limit against poison datasets (RC-3.5): Hash N-Degree Quads may run at most n^MaxWorkFactor
    /// times in total, n = number of blank nodes without a unique first-degree hash. The official suite
    /// needs n² except its "evil" graphs (468 calls for n = 12), hence 3; a 10-node clique needs millions.
    /// </summary>
    public int MaxWorkFactor { get; init; } = 3;

    /// <summary>Cap on permutations tried in Hash N-Degree Quads per run (a k-node clique has k!; the suite's evil graphs need 2,880).</summary>
    public long MaxPermutations { get; init; } = 50_000;

    /// <summary>An absolute cap on Hash N-Degree Quads calls that overrides <see cref="MaxWorkFactor"/> when set.</summary>
    public long? MaxDeepIterations { get; init; }
}

/// <summary>Thrown when a dataset needs more work than the configured limit (a "poison" graph, RC-3.5).</summary>
public sealed class RdfcWorkLimitExceededException(long limit, string unit = "Hash N-Degree Quads calls")
    : ProcessingLimitExceededException(unit == "permutations" ? nameof(ProcessingLimits.MaxPermutations) : nameof(ProcessingLimits.MaxHashNDegreeCalls),
        limit, $"RDFC-1.0 canonicalization aborted: more than {limit} {unit} (poison dataset).");

/// <summary>The canonical form and the issued identifiers map (input label → canonical label).</summary>
public sealed record RdfcResult(string CanonicalNQuads, IReadOnlyDictionary<string, string> IssuedIdentifiers);
