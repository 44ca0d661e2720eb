using System.Security.Cryptography;
using Laurel.Credentials.Limits;
using Laurel.Credentials.Rdf;

namespace Laurel.Credentials.Canonicalization;

/// <summary>
/// One run of RDFC-1.0 (RC-3.1, RC-3.2) over a dataset. Blank nodes are numbered in order of first
/// appearance so the state is arrays instead of string-keyed maps; lines are written as UTF-8 bytes,
/// sorted as bytes (byte order of UTF-8 = code-point order, RC-3.7) and hashed without strings.
/// </summary>
internal sealed partial class Rdfc10Canonicalizer : IDisposable
{
    private const int NoBlank = -1;

    private readonly IReadOnlyList<RdfQuad> _quads;
    private readonly HashAlgorithmName _hashAlgorithm;
    private readonly int _hashSize;
    private readonly RdfcOptions _options;
    private readonly WorkBudget _budget;
    // The dataset's last _shared.Quads.Count quads are a prepared shared part (their terms encoded and blank nodes hashed already).
    private readonly Rdfc10SharedPart? _shared;
    private readonly int _ownCount;
    private int _ownNodes;

    // Per quad: blank node index of subject / object / graph, or NoBlank.
    private readonly int[] _subjectNode;
    private readonly int[] _objectNode;
    private readonly int[] _graphNode;

    private readonly List<string> _labels = [];
    private int[] _nodeQuadStart = [];
    private int[] _nodeQuads = [];
    private string[] _firstDegreeHash = [];
    private int[] _canonical = [];
    private int _canonicalCount;
    private int[] _canonicalOrder = [];

    private readonly ByteBuffer _lines = new();
    private readonly ByteBuffer _terms = new();
    private int[] _segments = []; // per quad: start/length of S, P, O, G encodings (length -1 = default graph)
    private readonly ByteBuffer _sorted = new();
    private LineRange[] _ranges = new LineRange[64];
    private readonly LineComparer _comparer;

    public Rdfc10Canonicalizer(IReadOnlyList<RdfQuad> quads, RdfcOptions options, WorkBudget? budget = null, Rdfc10SharedPart? shared = null)
    {
        _shared = shared;
        _ownCount = quads.Count - (shared?.QuadArray.Length ?? 0);
        _budget = budget ?? WorkBudget.None;
        // The message is formatted only when the limit is exceeded: this runs for every signature and verification.
        if (quads.Count > _budget.Limits.MaxQuads)
            throw ProcessingLimitExceededException.Of(nameof(ProcessingLimits.MaxQuads), _budget.Limits.MaxQuads, $"the dataset has {quads.Count:N0} statements");
        _quads = quads;
        _options = options;
        _hashAlgorithm = options.HashAlgorithm;
        _hashSize = _hashAlgorithm == HashAlgorithmName.SHA256 ? 32
            : _hashAlgorithm == HashAlgorithmName.SHA384 ? 48
            : throw new ArgumentException("RDFC-1.0 supports SHA-256 and SHA-384 here.", nameof(options));
        _subjectNode = new int[quads.Count];
        _objectNode = new int[quads.Count];
        _graphNode = new int[quads.Count];
        _comparer = new LineComparer(_lines);
    }

    public int BlankNodeCount => _labels.Count;

    /// <summary>Runs the algorithm; afterwards <see cref="WriteSortedLines"/> and <see cref="IssuedIdentifiers"/> are valid.</summary>
    public void Run()
    {
        IndexBlankNodes();
        var count = _labels.Count;
        if (count > _budget.Limits.MaxBlankNodes)
            throw ProcessingLimitExceededException.Of(nameof(ProcessingLimits.MaxBlankNodes), _budget.Limits.MaxBlankNodes, $"the dataset has {count:N0} blank nodes");
        EncodeTerms();
        _firstDegreeHash = new string[count];
        _canonical = new int[count];
        _canonicalOrder = new int[count];
        Array.Fill(_canonical, NoBlank);
        if (count == 0) return;

        // RC-3.2 step 2: first-degree hashes, then group nodes by hash in code-point order of the hash. A shared part's nodes have
        // theirs already: a node's hash depends only on the quads that mention it, and only the shared quads mention those.
        var byHash = new int[count];
        for (var node = 0; node < count; node++)
        {
            _budget.Tick();
            _firstDegreeHash[node] = node < _ownNodes ? HashFirstDegreeQuads(node) : _shared!.FirstDegreeHashes[node - _ownNodes];
            byHash[node] = node;
        }
        // Stable order inside a group (first appearance) keeps results identical to the reference.
        Array.Sort(byHash, (a, b) =>
        {
            var c = string.CompareOrdinal(_firstDegreeHash[a], _firstDegreeHash[b]);
            return c != 0 ? c : a.CompareTo(b);
        });

        // Step 3: hashes shared by one node only get their canonical identifier straight away.
        var shared = new List<(int Start, int End)>();
        for (var start = 0; start < count;)
        {
            var end = start + 1;
            while (end < count && _firstDegreeHash[byHash[end]] == _firstDegreeHash[byHash[start]]) end++;
            if (end - start == 1) IssueCanonical(byHash[start]);
            else shared.Add((start, end));
            start = end;
        }
        if (shared.Count == 0) return;

        // Step 4: the rest through Hash N-Degree Quads, under the work limit (RC-3.5).
        var nonUnique = 0;
        foreach (var (start, end) in shared) nonUnique += end - start;
        _deepIterationsLeft = Math.Min(_budget.Limits.MaxHashNDegreeCalls,
            _options.MaxDeepIterations ?? (long)Math.Min(Math.Pow(nonUnique, Math.Max(1, _options.MaxWorkFactor)), long.MaxValue / 2));
        _deepIterationLimit = _deepIterationsLeft;
        _permutationsLeft = Math.Min(_options.MaxPermutations, _budget.Limits.MaxPermutations);
        _permutationLimit = _permutationsLeft;
        foreach (var (start, end) in shared)
        {
            var results = new List<(string Hash, IdentifierIssuer Issuer)>();
            for (var i = start; i < end; i++)
            {
                var node = byHash[i];
                if (_canonical[node] != NoBlank) continue;
                var temporary = new IdentifierIssuer();
                temporary.Issue(node);
                results.Add(HashNDegreeQuads(node, temporary, depth: 1));
            }
            // List.Sort is not stable; order ties by their position to keep first-come order.
            var ordered = results.Select((r, i) => (r.Hash, r.Issuer, i)).ToList();
            ordered.Sort((a, b) =>
            {
                var c = string.CompareOrdinal(a.Hash, b.Hash);
                return c != 0 ? c : a.i.CompareTo(b.i);
            });
            foreach (var result in ordered)
                foreach (var node in result.Issuer.IssueOrder)
                    IssueCanonical(node);
        }
    }

    /// <summary>The issued identifiers map (input label → canonical label) in issue order.</summary>
    public Dictionary<string, string> IssuedIdentifiers()
    {
        var map = new Dictionary<string, string>(_canonicalCount, StringComparer.Ordinal);
        for (var i = 0; i < _canonicalCount; i++)
        {
            var node = _canonicalOrder[i];
            map[_labels[node]] = "c14n" + _canonical[node];
        }
        return map;
    }

    /// <summary>Writes the canonical N-Quads (RC-3.2 step 5) into <paramref name="output"/>; returns false on duplicate lines.</summary>
    public bool WriteSortedLines(ByteBuffer output)
    {
        if (_shared?.GroundLines is { } ground) return WriteSortedLinesMerged(output, ground, _shared.GroundLineStarts);
        _lines.Clear();
        var count = _quads.Count;
        EnsureRanges(count);
        for (var q = 0; q < count; q++)
        {
            var start = _lines.Length;
            WriteLine(q, focus: NoBlank, canonical: true);
            _ranges[q] = new LineRange(start, _lines.Length - start);
        }
        Array.Sort(_ranges, 0, count, _comparer);
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && _comparer.Compare(_ranges[i - 1], _ranges[i]) == 0) return false;
            output.Append(_lines.Slice(_ranges[i].Start, _ranges[i].Length));
        }
        return true;
    }

    /// <summary>
    /// <see cref="WriteSortedLines"/> with a shared part whose ground lines are sorted already: writes and sorts only the other
    /// lines, then merges the two sorted runs. The output is the same sorted sequence (RC-3.2 step 5, code-point order = byte order).
    /// </summary>
    private bool WriteSortedLinesMerged(ByteBuffer output, byte[] ground, int[] groundStarts)
    {
        _lines.Clear();
        var total = _quads.Count;
        EnsureRanges(total);
        var count = 0;
        for (var q = 0; q < total; q++)
        {
            if (q >= _ownCount && IsGround(q)) continue;
            var start = _lines.Length;
            WriteLine(q, focus: NoBlank, canonical: true);
            _ranges[count++] = new LineRange(start, _lines.Length - start);
        }
        Array.Sort(_ranges, 0, count, _comparer);
        for (var k = 1; k < count; k++)
            if (_comparer.Compare(_ranges[k - 1], _ranges[k]) == 0) return false;

        var groundCount = groundStarts.Length - 1;
        int i = 0, j = 0;
        while (i < count || j < groundCount)
        {
            if (j == groundCount)
            {
                output.Append(_lines.Slice(_ranges[i].Start, _ranges[i].Length));
                i++;
                continue;
            }
            var groundLine = ground.AsSpan(groundStarts[j], groundStarts[j + 1] - groundStarts[j]);
            if (i == count)
            {
                output.Append(groundLine);
                j++;
                continue;
            }
            var line = _lines.Slice(_ranges[i].Start, _ranges[i].Length);
            var order = line.SequenceCompareTo(groundLine);
            // An own line equal to a shared ground line is the same quad twice: the ordinary run de-duplicates.
            if (order == 0) return false;
            if (order < 0)
            {
                output.Append(line);
                i++;
            }
            else
            {
                output.Append(groundLine);
                j++;
            }
        }
        return true;
    }

    private void IssueCanonical(int node)
    {
        if (_canonical[node] != NoBlank) return;
        _canonical[node] = _canonicalCount;
        _canonicalOrder[_canonicalCount++] = node;
    }

    private void IndexBlankNodes()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var q = 0; q < _ownCount; q++)
        {
            var quad = _quads[q];
            _subjectNode[q] = NodeOf(quad.Subject, index);
            _objectNode[q] = NodeOf(quad.Object, index);
            _graphNode[q] = NodeOf(quad.Graph, index);
        }
        _ownNodes = _labels.Count;
        if (_shared is { } shared)
        {
            // The shared part's nodes follow the own ones, in their order of first appearance: the numbering a run over the whole
            // dataset gives, since the caller checked that no own quad uses a shared label.
            _labels.AddRange(shared.Labels);
            for (var k = 0; k < shared.QuadArray.Length; k++)
            {
                var q = _ownCount + k;
                _subjectNode[q] = Shift(shared.SubjectNode[k]);
                _objectNode[q] = Shift(shared.ObjectNode[k]);
                _graphNode[q] = Shift(shared.GraphNode[k]);
            }
        }

        // Compressed lists: the quads of node n are _nodeQuads[_nodeQuadStart[n] .. _nodeQuadStart[n + 1]].
        var nodes = _labels.Count;
        _nodeQuadStart = new int[nodes + 1];
        for (var q = 0; q < _quads.Count; q++) ListQuad(q, _nodeQuadStart, null);
        for (var n = 0; n < nodes; n++) _nodeQuadStart[n + 1] += _nodeQuadStart[n];
        _nodeQuads = new int[_nodeQuadStart[nodes]];
        var fill = new int[nodes];
        for (var q = 0; q < _quads.Count; q++) ListQuad(q, fill, _nodeQuads);
    }

    /// <summary>
    /// Counts (target null) or stores quad q for each distinct blank node in it: a node in two
    /// positions lists the quad once, as the reference implementation's quad sets do.
    /// </summary>
    private void ListQuad(int q, int[] counters, int[]? target)
    {
        int s = _subjectNode[q], o = _objectNode[q], g = _graphNode[q];
        if (s != NoBlank) Add(s);
        if (o != NoBlank && o != s) Add(o);
        if (g != NoBlank && g != s && g != o) Add(g);

        void Add(int node)
        {
            if (target is null) counters[node + 1]++;
            else target[_nodeQuadStart[node] + counters[node]++] = q;
        }
    }

    private int Shift(int sharedNode) => sharedNode == NoBlank ? NoBlank : _ownNodes + sharedNode;

    /// <summary>What a shared part keeps of a run over its quads alone: blank nodes, encoded terms and first-degree hashes.</summary>
    internal static Rdfc10SharedPart Prepare(RdfQuad[] quads, RdfcOptions options)
    {
        using var c = new Rdfc10Canonicalizer(quads, options);
        c.IndexBlankNodes();
        c.EncodeTerms();
        var hashes = new string[c._labels.Count];
        for (var node = 0; node < hashes.Length; node++) hashes[node] = c.HashFirstDegreeQuads(node);
        var (groundLines, groundStarts) = c.SortedGroundLines();
        return new Rdfc10SharedPart(quads, options, [.. c._labels], c._subjectNode, c._objectNode, c._graphNode, c._terms.WrittenSpan.ToArray(),
            c._segments, hashes, groundLines, groundStarts);
    }

    /// <summary>
    /// The lines of the quads without blank nodes, sorted once: relabelling never changes them, so every dataset that contains the
    /// part contains exactly these lines (RC-3.2 step 5 only sorts them in among the others). Null when two of them are equal (a
    /// duplicate quad: such datasets take the ordinary run, which de-duplicates).
    /// </summary>
    private (byte[]? Lines, int[] Starts) SortedGroundLines()
    {
        _lines.Clear();
        var count = 0;
        EnsureRanges(_quads.Count);
        for (var q = 0; q < _quads.Count; q++)
        {
            if (!IsGround(q)) continue;
            var start = _lines.Length;
            WriteLine(q, focus: NoBlank, canonical: true);
            _ranges[count++] = new LineRange(start, _lines.Length - start);
        }
        Array.Sort(_ranges, 0, count, _comparer);
        _sorted.Clear();
        var starts = new int[count + 1];
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && _comparer.Compare(_ranges[i - 1], _ranges[i]) == 0) return (null, []);
            starts[i] = _sorted.Length;
            _sorted.Append(_lines.Slice(_ranges[i].Start, _ranges[i].Length));
        }
        starts[count] = _sorted.Length;
        return (_sorted.WrittenSpan.ToArray(), starts);
    }

    private bool IsGround(int q) => _subjectNode[q] == NoBlank && _objectNode[q] == NoBlank && _graphNode[q] == NoBlank;

    private int NodeOf(in RdfTerm term, Dictionary<string, int> index)
    {
        if (term.Kind != RdfTermKind.BlankNode) return NoBlank;
        if (index.TryGetValue(term.Value, out var node)) return node;
        node = _labels.Count;
        index.Add(term.Value, node);
        _labels.Add(term.Value);
        return node;
    }

    /// <summary>RDFC-1.0 §4.6 Hash First Degree Quads: the node as <c>_:a</c>, every other blank node as <c>_:z</c>.</summary>
    private string HashFirstDegreeQuads(int node)
    {
        _lines.Clear();
        int from = _nodeQuadStart[node], to = _nodeQuadStart[node + 1];
        EnsureRanges(to - from);
        for (var i = from; i < to; i++)
        {
            var start = _lines.Length;
            WriteLine(_nodeQuads[i], focus: node, canonical: false);
            _ranges[i - from] = new LineRange(start, _lines.Length - start);
        }
        Array.Sort(_ranges, 0, to - from, _comparer);
        _sorted.Clear();
        for (var i = 0; i < to - from; i++) _sorted.Append(_lines.Slice(_ranges[i].Start, _ranges[i].Length));
        return HashHex(_sorted.WrittenSpan);
    }

    public void Dispose()
    {
        _lines.Dispose();
        _terms.Dispose();
        _sorted.Dispose();
    }
}
