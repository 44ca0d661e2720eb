using Laurel.Credentials.Rdf;

namespace Laurel.Credentials.Tests.JsonLd;

/// <summary>RDF dataset isomorphism by backtracking over blank-node mappings (fine for test-sized graphs).</summary>
internal static class DatasetIsomorphism
{
    public static bool AreIsomorphic(IReadOnlyList<RdfQuad> actual, IReadOnlyList<RdfQuad> expected)
    {
        var left = actual.Distinct().ToList();
        var right = expected.Distinct().ToList();
        if (left.Count != right.Count) return false;
        var rightSet = right.ToHashSet();
        if (!left.Any(HasBlank)) return left.All(rightSet.Contains);

        // Ground quads must match exactly; blank-node quads are matched under a consistent bijection.
        var leftBlank = left.Where(HasBlank).ToList();
        var rightBlank = right.Where(HasBlank).ToList();
        if (left.Where(q => !HasBlank(q)).Any(q => !rightSet.Contains(q))) return false;
        if (leftBlank.Count != rightBlank.Count) return false;
        leftBlank = ConnectedOrder(leftBlank);
        return Match(leftBlank, 0, rightBlank, new bool[rightBlank.Count], [], []);
    }

    private static bool Match(List<RdfQuad> left, int index, List<RdfQuad> right, bool[] used,
        Dictionary<string, string> map, Dictionary<string, string> reverse)
    {
        if (index == left.Count) return true;
        var quad = left[index];
        for (var i = 0; i < right.Count; i++)
        {
            if (used[i]) continue;
            var added = new List<string>();
            if (TryMap(quad.Subject, right[i].Subject, map, reverse, added) && TryMap(quad.Predicate, right[i].Predicate, map, reverse, added)
                && TryMap(quad.Object, right[i].Object, map, reverse, added) && TryMap(quad.Graph, right[i].Graph, map, reverse, added))
            {
                used[i] = true;
                if (Match(left, index + 1, right, used, map, reverse)) return true;
                used[i] = false;
            }

            foreach (var label in added)
            {
                reverse.Remove(map[label]);
                map.Remove(label);
            }
        }

        return false;
    }

    private static bool TryMap(RdfTerm a, RdfTerm b, Dictionary<string, string> map, Dictionary<string, string> reverse, List<string> added)
    {
        if (a.Kind != RdfTermKind.BlankNode || b.Kind != RdfTermKind.BlankNode) return a == b;
        if (map.TryGetValue(a.Value, out var mapped)) return mapped == b.Value;
        if (reverse.ContainsKey(b.Value)) return false;
        map[a.Value] = b.Value;
        reverse[b.Value] = a.Value;
        added.Add(a.Value);
        return true;
    }

    /// <summary>Orders quads so each one shares blank nodes with earlier ones, which keeps the search from branching.</summary>
    private static List<RdfQuad> ConnectedOrder(List<RdfQuad> quads)
    {
        var remaining = quads.ToList();
        var ordered = new List<RdfQuad>(quads.Count);
        var seen = new HashSet<string>();
        while (remaining.Count > 0)
        {
            var best = 0;
            var bestScore = int.MinValue;
            for (var i = 0; i < remaining.Count; i++)
            {
                var blanks = Blanks(remaining[i]).ToList();
                var score = blanks.Count(seen.Contains) * 10 - blanks.Count(b => !seen.Contains(b));
                if (score > bestScore)
                {
                    bestScore = score;
                    best = i;
                }
            }

            ordered.Add(remaining[best]);
            foreach (var b in Blanks(remaining[best])) seen.Add(b);
            remaining.RemoveAt(best);
        }

        return ordered;
    }

    private static IEnumerable<string> Blanks(RdfQuad q) =>
        new[] { q.Subject, q.Predicate, q.Object, q.Graph }.Where(t => t.IsBlank).Select(t => t.Value);

    private static bool HasBlank(RdfQuad q) => BlankCount(q) > 0;

    private static int BlankCount(RdfQuad q) =>
        (q.Subject.IsBlank ? 1 : 0) + (q.Predicate.IsBlank ? 1 : 0) + (q.Object.IsBlank ? 1 : 0) + (q.Graph.IsBlank ? 1 : 0);
}
