using System.Text;
using Laurel.Credentials.Limits;

namespace Laurel.Credentials.Canonicalization;

// RDFC-1.0 §4.7 Hash Related Blank Node and §4.8 Hash N-Degree Quads (RC-3.3, RC-3.4). Only runs for
// blank nodes whose first-degree hash is shared, which credentials rarely have, so clarity wins here.
internal sealed partial class Rdfc10Canonicalizer
{
    private long _deepIterationsLeft;
    private long _deepIterationLimit;
    private long _permutationsLeft;
    private long _permutationLimit;

    internal long PermutationsTried { get; private set; }
    private int[]? _labelRank;

    private (string Hash, IdentifierIssuer Issuer) HashNDegreeQuads(int node, IdentifierIssuer issuer, int depth)
    {
        // RC-3.5: abort poison datasets instead of running for exponential time.
        if (--_deepIterationsLeft < 0) throw new RdfcWorkLimitExceededException(_deepIterationLimit);
        // A chain of look-alike blank nodes recurses once per node: bound the stack, not only the count.
        WorkBudget.Ensure(depth <= _budget.Limits.MaxHashNDegreeDepth, nameof(ProcessingLimits.MaxHashNDegreeDepth),
            _budget.Limits.MaxHashNDegreeDepth, "Hash N-Degree Quads recurses too deeply (poison dataset)");
        _budget.Check();

        // Step 1-3: related hash → related blank nodes (in quad order, duplicates kept).
        var hashToRelated = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = _nodeQuadStart[node]; i < _nodeQuadStart[node + 1]; i++)
        {
            var q = _nodeQuads[i];
            AddRelated(hashToRelated, node, q, _subjectNode[q], 's', issuer);
            AddRelated(hashToRelated, node, q, _objectNode[q], 'o', issuer);
            AddRelated(hashToRelated, node, q, _graphNode[q], 'g', issuer);
        }

        // Step 4-5: for each related hash in code-point order, choose the smallest path over all permutations.
        var data = new StringBuilder();
        var hashes = hashToRelated.Keys.ToArray();
        Array.Sort(hashes, StringComparer.Ordinal);
        var rank = LabelRank();
        foreach (var relatedHash in hashes)
        {
            data.Append(relatedHash);
            string? chosenPath = null;
            IdentifierIssuer? chosenIssuer = null;
            var related = hashToRelated[relatedHash];
            // All k! permutations are always enumerated (skipping only saves recursion): fail now rather than after the budget.
            if (Factorial(related.Count) > _permutationsLeft) throw new RdfcWorkLimitExceededException(_permutationLimit, "permutations");
            var permuter = new Permuter(related, rank);
            var permutation = new int[related.Count];
            var path = new StringBuilder();
            var recursionList = new List<int>();
            while (permuter.Next(permutation))
            {
                // Skipped permutations do no recursion, so they need their own budget (a large clique has k! of them).
                if (--_permutationsLeft < 0) throw new RdfcWorkLimitExceededException(_options.MaxPermutations, "permutations");
                PermutationsTried++;
                var issuerCopy = issuer.Clone();
                path.Clear();
                recursionList.Clear();
                var skip = false;
                foreach (var r in permutation)
                {
                    if (_canonical[r] != NoBlank) path.Append("_:c14n").Append(_canonical[r]);
                    else
                    {
                        if (!issuerCopy.TryGet(r, out _)) recursionList.Add(r);
                        path.Append("_:b").Append(issuerCopy.Issue(r));
                    }
                    if (IsWorse(path, chosenPath)) { skip = true; break; }
                }
                if (skip) continue;

                foreach (var r in recursionList)
                {
                    var result = HashNDegreeQuads(r, issuerCopy, depth + 1);
                    path.Append("_:b").Append(issuerCopy.Issue(r)).Append('<').Append(result.Hash).Append('>');
                    issuerCopy = result.Issuer;
                    if (IsWorse(path, chosenPath)) { skip = true; break; }
                }
                if (skip) continue;

                if (chosenPath is null || CompareOrdinal(path, chosenPath) < 0)
                {
                    chosenPath = path.ToString();
                    chosenIssuer = issuerCopy;
                }
            }
            data.Append(chosenPath);
            issuer = chosenIssuer!;
        }
        return (HashHex(Encoding.UTF8.GetBytes(data.ToString())), issuer);
    }

    private static long Factorial(int k)
    {
        long result = 1;
        for (var i = 2; i <= k && result < long.MaxValue / 21; i++) result *= i;
        return result;
    }

    private void AddRelated(Dictionary<string, List<int>> hashToRelated, int node, int q, int related, char position, IdentifierIssuer issuer)
    {
        if (related == NoBlank || related == node) return;
        var hash = HashRelatedBlankNode(related, q, position, issuer);
        if (!hashToRelated.TryGetValue(hash, out var list)) hashToRelated[hash] = list = [];
        list.Add(related);
    }

    /// <summary>§4.7: position, then <c>&lt;predicate&gt;</c> unless position is g, then the related node's identifier or hash.</summary>
    private string HashRelatedBlankNode(int related, int q, char position, IdentifierIssuer issuer)
    {
        var input = new StringBuilder();
        input.Append(position);
        if (position != 'g') input.Append('<').Append(_quads[q].Predicate.Value).Append('>');
        if (_canonical[related] != NoBlank) input.Append("_:c14n").Append(_canonical[related]);
        else if (issuer.TryGet(related, out var temporary)) input.Append("_:b").Append(temporary);
        else input.Append(_firstDegreeHash[related]);
        return HashHex(Encoding.UTF8.GetBytes(input.ToString()));
    }

    /// <summary>Step 5.4.4.3 / 5.4.5.4: a path that is already longer-or-equal and greater can never win.</summary>
    private static bool IsWorse(StringBuilder path, string? chosenPath) =>
        chosenPath is not null && path.Length >= chosenPath.Length && CompareOrdinal(path, chosenPath) > 0;

    private static int CompareOrdinal(StringBuilder path, string chosen)
    {
        // Paths are ASCII (labels and hex), so UTF-16 ordinal order equals code-point order here.
        var length = Math.Min(path.Length, chosen.Length);
        for (var i = 0; i < length; i++)
        {
            var c = path[i].CompareTo(chosen[i]);
            if (c != 0) return c;
        }
        return path.Length.CompareTo(chosen.Length);
    }

    /// <summary>Rank of each blank node in code-point order of its input label (the permuter's start order).</summary>
    private int[] LabelRank()
    {
        if (_labelRank is not null) return _labelRank;
        var order = Enumerable.Range(0, _labels.Count).ToArray();
        Array.Sort(order, (a, b) => CodePoint.Compare(_labels[a], _labels[b]));
        _labelRank = new int[order.Length];
        for (var i = 0; i < order.Length; i++) _labelRank[order[i]] = i;
        return _labelRank;
    }
}

/// <summary>Code-point (not UTF-16) string order, RC-3.7.</summary>
internal static class CodePoint
{
    public static int Compare(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            char x = a[i], y = b[i];
            if (x == y) continue;
            // Surrogates (U+D800–DFFF) encode code points above U+FFFF, so they sort after U+E000–U+FFFF.
            if (char.IsSurrogate(x) != char.IsSurrogate(y)) return char.IsSurrogate(x) ? 1 : -1;
            return x.CompareTo(y);
        }
        return a.Length.CompareTo(b.Length);
    }
}
