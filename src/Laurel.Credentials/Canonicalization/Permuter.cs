namespace Laurel.Credentials.Canonicalization;

/// <summary>
/// Enumerates permutations of a blank node list (Steinhaus–Johnson–Trotter, starting from the list
/// sorted by label) in the same order as the reference implementation, so ties resolve identically.
/// </summary>
internal sealed class Permuter
{
    private readonly int[] _current;
    private readonly int[] _rank;
    private readonly Dictionary<int, bool> _pointsLeft = [];
    private bool _done;

    /// <param name="nodes">Blank node indexes.</param>
    /// <param name="rank">Position of each blank node index in code-point order of the input labels.</param>
    public Permuter(List<int> nodes, int[] rank)
    {
        _rank = rank;
        _current = [.. nodes];
        Array.Sort(_current, (a, b) => rank[a].CompareTo(rank[b]));
        foreach (var node in _current) _pointsLeft[node] = true;
    }

    /// <summary>Copies the next permutation into <paramref name="permutation"/>; false when all were produced.</summary>
    public bool Next(int[] permutation)
    {
        if (_done) return false;
        _current.CopyTo(permutation, 0);

        // Find the largest mobile element: one that is greater than the neighbour it points to.
        var largest = -1;
        var position = 0;
        var length = _current.Length;
        for (var i = 0; i < length; i++)
        {
            var element = _current[i];
            var left = _pointsLeft[element];
            if ((largest == -1 || _rank[element] > _rank[largest]) &&
                ((left && i > 0 && _rank[element] > _rank[_current[i - 1]]) ||
                 (!left && i < length - 1 && _rank[element] > _rank[_current[i + 1]])))
            {
                largest = element;
                position = i;
            }
        }

        if (largest == -1)
        {
            _done = true;
        }
        else
        {
            var swap = _pointsLeft[largest] ? position - 1 : position + 1;
            _current[position] = _current[swap];
            _current[swap] = largest;
            foreach (var element in _current)
                if (_rank[element] > _rank[largest]) _pointsLeft[element] = !_pointsLeft[element];
        }
        return true;
    }
}
