using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Canonicalization;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Limits;
using Laurel.Credentials.Rdf;
using Map = System.Collections.Generic.Dictionary<string, object?>;

namespace Laurel.Credentials.DataIntegrity;

/// <summary>
/// The verification-side twin of the bulk signer's plan: the RDF of an Open Badge's embedded achievement, prepared once for
/// RDFC-1.0 (<see cref="Rdfc10.Prepare"/>) and reused for every credential that embeds the same achievement in the same context.
/// <para>
/// Every credential of one definition carries the same achievement subtree byte for byte (≈ 70 % of its quads). The document hash of
/// eddsa-rdfc-2022 (EDDSA-3.1 step 5) is then computed from the credential's own quads (the achievement cut down to its id) joined
/// with the prepared achievement quads; RDFC-1.0 still runs over the whole joined dataset, so the hash is exactly the one of the
/// whole document. Why the join is the same dataset: the achievement's expansion depends only on the active context at
/// <c>credentialSubject.achievement</c>, which (with the shipped contexts only, where no term but <c>type</c> aliases <c>@type</c>)
/// is fixed by the document's <c>@context</c>, the credential's and the subject's <c>type</c> and the subtree itself: all four are
/// the cache key. Its blank nodes are kept apart from the rest (a subtree with a <c>_:</c> label is never cached, so no blank node is
/// shared), and ground triples both parts make are kept once, as in a dataset.
/// </para>
/// <para>
/// An entry is made only after the ordinary hash of a document is known, and only when the joined hash of that document equals it.
/// Bounded: at most <see cref="MaxEntries"/> entries of subtrees up to <see cref="MaxAchievementChars"/> characters; when full the
/// cache is emptied (hostile input cannot grow it, only evict). Thread-safe; entries are immutable.
/// </para>
/// </summary>
internal sealed class SharedAchievementCache
{
    public const int MaxEntries = 256;
    public const int MaxAchievementChars = 32 * 1024;
    private const string ProbeId = "urn:laurel:verify-probe";

    /// <summary>The process-wide cache used by <see cref="DataIntegrityProofs.VerifyAsync"/>.</summary>
    public static SharedAchievementCache Instance { get; } = new();

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private long _hits;

    public int Count => _entries.Count;

    /// <summary>Document hashes answered from an entry since start (tests, benchmarks).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    public void Clear() => _entries.Clear();

    /// <summary>How many entries hold the achievement <paramref name="achievementId"/> (tests).</summary>
    public int CountFor(string achievementId) => _entries.Values.Count(e => e.AchievementId == achievementId);

    private sealed class Entry(string achievementId, Rdfc10SharedPart part, HashSet<RdfQuad> ground, ProcessingLimits limits)
    {
        public string AchievementId { get; } = achievementId;
        public Rdfc10SharedPart Part { get; } = part;
        public HashSet<RdfQuad> Ground { get; } = ground;
        // Made under these limits: a caller with other limits computes the ordinary way, so no limit is skipped.
        public ProcessingLimits Limits { get; } = limits;
    }

    /// <summary>What the cache needs of a document, read once: the key, the achievement's id and the parts of the tree.</summary>
    public sealed class Candidate
    {
        internal Candidate(string key, string achievementId, Map tree, Map subject)
        {
            (Key, AchievementId, Tree, Subject) = (key, achievementId, tree, subject);
        }

        internal string Key { get; }
        internal string AchievementId { get; }
        internal Map Tree { get; }
        internal Map Subject { get; }
    }

    /// <summary>
    /// The candidate for a secured credential and its tree without proof, or null when the shortcut does not apply (not an Open
    /// Badge shape, an inline context, keywords other than <c>@context</c> where the achievement's context is decided, blank node
    /// labels in the achievement, a big achievement).
    /// </summary>
    public static Candidate? Read(JsonObject secured, Map tree)
    {
        if (secured["@context"] is not JsonArray context || context.Count == 0) return null;
        foreach (var entry in context)
            if (entry is not JsonValue value || !value.TryGetValue<string>(out _)) return null;
        if (secured["credentialSubject"] is not JsonObject subject || subject["achievement"] is not JsonObject achievement) return null;
        if (achievement["id"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var achievementId) || achievementId.StartsWith("_:", StringComparison.Ordinal))
            return null;
        // Keywords (and @type, which only "type" aliases in the shipped contexts) decide the active context at the achievement.
        foreach (var (name, _) in secured)
            if (name.StartsWith('@') && name != "@context") return null;
        foreach (var (name, _) in subject)
            if (name.StartsWith('@')) return null;
        if (achievement.ContainsKey("@id")) return null;
        var achievementText = achievement.ToJsonString();
        if (achievementText.Length > MaxAchievementChars || achievementText.Contains("_:", StringComparison.Ordinal)) return null;
        if (tree.GetValueOrDefault("credentialSubject") is not Map subjectTree) return null;

        var key = new StringBuilder(achievementText.Length + 512)
            .Append(context.ToJsonString()).Append('\n')
            .Append(secured["type"]?.ToJsonString()).Append('\n')
            .Append(subject["type"]?.ToJsonString()).Append('\n')
            .Append(achievementText).ToString();
        var digest = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return new Candidate(digest, achievementId, tree, subjectTree);
    }

    /// <summary>
    /// SHA-256 of the canonical N-Quads of the whole document from its own quads and the cached achievement, or null on a miss
    /// (or when the join cannot be used for this document: the caller then computes the ordinary way).
    /// </summary>
    public byte[]? TryDocumentHash(Candidate candidate, JsonLdOptions options, WorkBudget budget)
    {
        if (!_entries.TryGetValue(candidate.Key, out var entry) || entry.AchievementId != candidate.AchievementId || entry.Limits != budget.Limits)
            return null;
        var hash = JoinedHash(candidate, entry, options, budget);
        if (hash is not null) Interlocked.Increment(ref _hits);
        return hash;
    }

    /// <summary>
    /// After the ordinary hash of a document: prepares its achievement and keeps it when the joined hash of this document equals
    /// <paramref name="ordinaryHash"/>. The preparation runs under a budget of its own with the same limits.
    /// </summary>
    public void Learn(Candidate candidate, JsonLdOptions options, ProcessingLimits limits, ReadOnlySpan<byte> ordinaryHash, CancellationToken ct)
    {
        if (_entries.ContainsKey(candidate.Key)) return;
        var budget = new WorkBudget(limits, ct);
        Entry? entry;
        byte[]? joined;
        try
        {
            entry = budget.Run(() => Prepare(candidate, options, limits, budget));
            if (entry is null) return;
            joined = budget.Run(() => JoinedHash(candidate, entry, options, budget));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return; // the ordinary hash is the answer; this achievement is just not cached
        }
        if (joined is null || !ordinaryHash.SequenceEqual(joined)) return;
        // Adds are rare (one per achievement): under a lock the bound is exact.
        lock (_entries)
        {
            if (_entries.Count >= MaxEntries) _entries.Clear();
            _entries.TryAdd(candidate.Key, entry);
        }
    }

    private static Entry? Prepare(Candidate candidate, JsonLdOptions options, ProcessingLimits limits, WorkBudget budget)
    {
        // A probe that holds nothing but the achievement at the same place, under the same contexts and types.
        var probeSubject = new Map { ["achievement"] = candidate.Subject["achievement"] };
        if (candidate.Subject.TryGetValue("type", out var subjectType)) probeSubject["type"] = subjectType;
        var probe = new Map { ["@context"] = candidate.Tree["@context"], ["id"] = ProbeId, ["credentialSubject"] = probeSubject };
        if (candidate.Tree.TryGetValue("type", out var type)) probe["type"] = type;

        var quads = JsonLdProcessor.TreeToRdf(probe, options, budget);
        var subjects = quads.Where(q => q.Subject is { IsIri: true, Value: ProbeId } && q.Object.IsBlank).Select(q => q.Object).Distinct().ToList();
        if (subjects.Count != 1) return null;
        var achievementQuads = quads.Where(q => q.Subject != subjects[0] && q.Subject is not { IsIri: true, Value: ProbeId })
            .Select(q => q with { Subject = Apart(q.Subject), Object = Apart(q.Object), Graph = Apart(q.Graph) }).ToArray();
        if (achievementQuads.Length == 0 || achievementQuads.Any(q => q.Object == subjects[0] || q.Object is { IsIri: true, Value: ProbeId }))
            return null;
        var ground = achievementQuads.Where(q => !q.Subject.IsBlank && !q.Object.IsBlank && !q.Graph.IsBlank).ToHashSet();
        return new Entry(candidate.AchievementId, Rdfc10.Prepare(achievementQuads), ground, limits);
    }

    private static RdfTerm Apart(RdfTerm term) => term.IsBlank ? RdfTerm.Blank("shared-achievement-" + term.Value) : term;

    private static byte[]? JoinedHash(Candidate candidate, Entry entry, JsonLdOptions options, WorkBudget budget)
    {
        // The document with the achievement cut down to its id (the tree is only read by expansion, so the copies are shallow).
        var subject = new Map(candidate.Subject) { ["achievement"] = new Map { ["id"] = entry.AchievementId } };
        var document = new Map(candidate.Tree) { ["credentialSubject"] = subject };
        var own = JsonLdProcessor.TreeToRdf(document, options, budget);
        // Ground triples the achievement also makes (the issuer's name, which the achievement's creator repeats) are kept once.
        own.RemoveAll(q => !q.Subject.IsBlank && !q.Object.IsBlank && !q.Graph.IsBlank && entry.Ground.Contains(q));
        foreach (var quad in own)
            if (Shared(quad.Subject) || Shared(quad.Object) || Shared(quad.Graph)) return null;

        using var output = new ByteBuffer();
        // RDFC-1.0 over the whole joined dataset, under the verification's budget (RC-3.5 poison graphs in the own part).
        using (var canonicalizer = new Rdfc10Canonicalizer(new Joined(own, entry.Part.QuadArray), entry.Part.Options, budget, entry.Part))
        {
            canonicalizer.Run();
            // A quad in both parts (a duplicate line): the ordinary way de-duplicates.
            if (!canonicalizer.WriteSortedLines(output)) return null;
        }
        return SHA256.HashData(output.WrittenSpan);

        bool Shared(in RdfTerm term) => term.IsBlank && entry.Part.LabelSet.Contains(term.Value);
    }

    private sealed class Joined(List<RdfQuad> own, RdfQuad[] shared) : IReadOnlyList<RdfQuad>
    {
        public RdfQuad this[int index] => index < own.Count ? own[index] : shared[index - own.Count];

        public int Count => own.Count + shared.Length;

        public IEnumerator<RdfQuad> GetEnumerator() => own.Concat(shared).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
