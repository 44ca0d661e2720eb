using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Laurel.Credentials.Baking;
using Laurel.Credentials.Canonicalization;
using Laurel.Credentials.Limits;
using Laurel.Credentials.Rdf;
using Laurel.Credentials.Verification;

namespace Laurel.Credentials.Tests.Limits;

/// <summary>
/// Issue 12 finding 3, as properties: generated hostile inputs (deep nesting, huge arrays, many contexts, RDFC poison
/// graphs, malformed or oversized SVG/PNG, hostile VC-JWTs) each finish within a generous bound and raise nothing but the
/// documented exceptions (the verifier raises none at all).
/// </summary>
public sealed class HostileInputPropertyTests
{
    // The processing clock stops work after 1 s; the bound adds room for parsing outside it on a shared, loaded machine.
    private static readonly ProcessingLimits Limits = ProcessingLimits.Default with { TimeLimit = TimeSpan.FromSeconds(1) };
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(5);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool Bounded(Action work)
    {
        var watch = Stopwatch.StartNew();
        work();
        return watch.Elapsed < PerInput;
    }

    private enum JsonLdShape { DeepObjects, HugeArray, ManyContexts, ScopedContexts, NestedLists, LookAlikeNodes, ManyTypes, WideObject, DuplicateValues, DotSegments, LongBase58 }

    private static string Build(JsonLdShape shape, int n) => shape switch
    {
        JsonLdShape.DeepObjects => HostileInputs.Credential([HostileInputs.TagsContext],
            "," + string.Concat(Enumerable.Repeat("\"tags\":{", Math.Min(n, 200))) + "\"tags\":\"x\"" + new string('}', Math.Min(n, 200))),
        JsonLdShape.HugeArray => Encoding.UTF8.GetString(HostileInputs.HugeArray(n)),
        JsonLdShape.ManyContexts => HostileInputs.Credential(Enumerable.Range(0, n % 3_000).Select(i => $"{{\"t{i}\":\"https://example.org/t{i}\"}}"), ""),
        JsonLdShape.ScopedContexts => HostileInputs.Credential([HostileInputs.TagsContext],
            ",\"tags\":[" + string.Join(",", Enumerable.Range(0, n % 20_000).Select(i => $"{{\"@context\":{{\"x{i}\":\"https://example.org/x\"}},\"x{i}\":\"v\"}}")) + "]"),
        JsonLdShape.NestedLists => HostileInputs.Credential([HostileInputs.ListContext],
            ",\"l\":[" + string.Join(",", Enumerable.Repeat(new string('[', n % 12 + 1) + new string(']', n % 12 + 1), n % 20_000)) + "]"),
        JsonLdShape.LookAlikeNodes => HostileInputs.Credential([HostileInputs.TagsContext],
            ",\"tags\":[" + string.Join(",", Enumerable.Repeat("{\"tags\":{\"tags\":\"same\"}}", n % 20_000)) + "]"),
        JsonLdShape.ManyTypes => HostileInputs.Credential([], ",\"type\":[" + string.Join(",", Enumerable.Range(0, n).Select(i => $"\"https://example.org/T{i}\"")) + "]")
            .Replace("\"type\":[\"AchievementSubject\"],", ""),
        JsonLdShape.WideObject => HostileInputs.Credential(["{\"@vocab\":\"https://example.org/\"}"],
            "," + string.Join(",", Enumerable.Range(0, n).Select(i => $"\"k{i}\":{i}"))),
        JsonLdShape.LongBase58 => Encoding.UTF8.GetString(HostileInputs.LongBase58(new[] { "proofValue", "digestMultibase", "did:key" }[n % 3], n * 10)),
        JsonLdShape.DotSegments => Encoding.UTF8.GetString(HostileInputs.DotSegments(n * 5)),
        _ => HostileInputs.Credential([HostileInputs.TagsContext], ",\"tags\":[" + string.Join(",", Enumerable.Repeat("{\"id\":\"urn:x\"}", n)) + "]"),
    };

    [Fact]
    public void Hostile_JSON_LD_credentials_are_verified_or_refused_in_bounded_time()
    {
        var verifier = new Verifier(new VerifierOptions { Limits = Limits });
        Gen.Select(Gen.Enum<JsonLdShape>(), Gen.Int[1, 120_000]).Sample((shape, n) =>
        {
            var input = Encoding.UTF8.GetBytes(Build(shape, n));
            VerificationReport? report = null;
            var bounded = Bounded(() => report = verifier.VerifyAsync(input, null, Ct).GetAwaiter().GetResult());
            // Never valid (the signature is made up); refused by a named limit or judged normally.
            return bounded && report!.Verdict == Verdict.Invalid && (report.ExceededLimit is null || report.Checks.Any(c => c.Code == "limit.exceeded"));
        }, iter: 40, threads: 1, print: t => $"{t.Item1} n={t.Item2}");
    }

    private enum GraphShape { Clique, Cycle, Chain, Star, Regular, Grid, TwinCycles }

    private static List<RdfQuad> Graph(GraphShape shape, int n, int seed)
    {
        var quads = new List<RdfQuad>();
        void Edge(int a, int b) => quads.Add(new RdfQuad(RdfTerm.Blank("n" + a), RdfTerm.Iri("urn:p"), RdfTerm.Blank("n" + b), RdfTerm.Default));
        var random = new Random(seed);
        switch (shape)
        {
            case GraphShape.Clique:
                var k = n % 14 + 2;
                for (var a = 0; a < k; a++) for (var b = 0; b < k; b++) if (a != b) Edge(a, b);
                break;
            case GraphShape.Cycle: for (var i = 0; i < n; i++) Edge(i, (i + 1) % n); break;
            case GraphShape.Chain: for (var i = 0; i + 1 < n; i++) Edge(i, i + 1); break;
            case GraphShape.Star: for (var i = 1; i < n; i++) Edge(0, i); break;
            case GraphShape.Regular: for (var i = 0; i < n; i++) for (var d = 0; d < 3; d++) Edge(i, random.Next(n)); break;
            case GraphShape.Grid:
                var side = (int)Math.Sqrt(n) + 1;
                for (var i = 0; i < side * side; i++) { if ((i + 1) % side != 0) Edge(i, i + 1); if (i + side < side * side) Edge(i, i + side); }
                break;
            default: for (var i = 0; i < n; i++) { Edge(2 * i, 2 * ((i + 1) % n)); Edge(2 * i + 1, 2 * ((i + 1) % n) + 1); } break;
        }
        return quads;
    }

    [Fact]
    public void RDFC_poison_graphs_are_canonicalized_or_refused_in_bounded_time()
    {
        Gen.Select(Gen.Enum<GraphShape>(), Gen.Int[2, 30_000], Gen.Int).Sample((shape, n, seed) =>
        {
            var quads = Graph(shape, n, seed);
            return Bounded(() =>
            {
                try
                {
                    Rdfc10.HashCanonical(quads, HashAlgorithmName.SHA256, new byte[32], null, new WorkBudget(Limits, Ct));
                }
                catch (ProcessingLimitExceededException)
                {
                    // The documented outcome for a poison graph (RC-3.5).
                }
            });
        }, iter: 40, threads: 1, print: t => $"{t.Item1} n={t.Item2} seed={t.Item3}");
    }

    private enum SvgShape { Deep, Wide, Truncated, Attributes, NestedBadges, Garbage, ManyNamespaces }

    private static byte[] Svg(SvgShape shape, int n, int seed) => shape switch
    {
        SvgShape.Deep => HostileInputs.DeepSvg(n),
        SvgShape.Wide => Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\">" + string.Concat(Enumerable.Repeat("<g/>", n)) + "</svg>"),
        SvgShape.Truncated => Truncate(HostileInputs.DeepSvg(n % 500 + 1), seed),
        SvgShape.Attributes => Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" " + string.Join(" ", Enumerable.Range(0, n % 20_000).Select(i => $"a{i}=\"{i}\"")) + "/>"),
        SvgShape.NestedBadges => Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:o=\"urn:x\">" + string.Concat(Enumerable.Repeat("<o:credential>", n % 300))
            + string.Concat(Enumerable.Repeat("</o:credential>", n % 300)) + string.Concat(Enumerable.Repeat("<o:credential/>", n)) + "</svg>"),
        SvgShape.ManyNamespaces => HostileInputs.NamespacedSvg(n % 20_000 + 1, n % 49_000 + 1),
        _ => [.. "<svg "u8, .. Enumerable.Range(0, n % 100_000).Select(i => (byte)((i * 31 + seed) % 256))],
    };

    private static byte[] Truncate(byte[] bytes, int seed) => bytes[..((seed & 0x7fffffff) % bytes.Length)];

    [Fact]
    public void Hostile_SVGs_are_read_or_refused_in_bounded_time()
    {
        Gen.Select(Gen.Enum<SvgShape>(), Gen.Int[1, 300_000], Gen.Int).Sample((shape, n, seed) =>
        {
            var svg = Svg(shape, n, seed);
            return Bounded(() =>
            {
                try { BadgeImage.Unbake(svg); }
                catch (BakingException) { }
            }) && Bounded(() => new Verifier(new VerifierOptions { Limits = Limits }).VerifyAsync(svg, null, Ct).GetAwaiter().GetResult());
        }, iter: 30, threads: 1, print: t => $"{t.Item1} n={t.Item2} seed={t.Item3}");
    }

    private enum PngShape { ManyChunks, InflateBomb, BadCrc, HugeLength, Truncated, RandomBody, RepeatedBadgeChunks }

    private static byte[] Png(PngShape shape, int n, int seed)
    {
        if (shape == PngShape.RepeatedBadgeChunks) return HostileInputs.RepeatedBadgeChunks(n % 1_000 + 1);
        using var output = new MemoryStream();
        output.Write(PngChunks.Signature);
        PngChunks.Write(output, "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
        switch (shape)
        {
            case PngShape.ManyChunks:
                for (var i = 0; i < n % 40_000; i++) PngChunks.Write(output, "tEXt", "a\0b"u8);
                break;
            case PngShape.InflateBomb:
                using (var compressed = new MemoryStream())
                {
                    using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
                        for (var i = 0; i < n % 64 + 1; i++) zlib.Write(new byte[1024 * 1024]);
                    PngChunks.Write(output, "iTXt", [.. "openbadgecredential"u8, 0, 1, 0, 0, 0, .. compressed.ToArray()]);
                }
                break;
            case PngShape.RandomBody:
                PngChunks.Write(output, "iTXt", [.. Enumerable.Range(0, n % 5_000).Select(i => (byte)((i * 131 + seed) % 256))]);
                break;
        }
        PngChunks.Write(output, "IEND", []);
        var png = output.ToArray();
        switch (shape)
        {
            case PngShape.BadCrc: png[^5] ^= 0xFF; break;
            case PngShape.HugeLength: png[33] = 0x7F; break;
            case PngShape.Truncated: png = Truncate(png, seed); break;
        }
        return png;
    }

    [Fact]
    public void Hostile_PNGs_are_read_or_refused_in_bounded_time()
    {
        Gen.Select(Gen.Enum<PngShape>(), Gen.Int[1, 100_000], Gen.Int).Sample((shape, n, seed) =>
        {
            var png = Png(shape, n, seed);
            return Bounded(() =>
            {
                try { PngBaker.Unbake(png); }
                catch (BakingException) { }
            }) && Bounded(() => new Verifier(new VerifierOptions { Limits = Limits }).VerifyAsync(png, null, Ct).GetAwaiter().GetResult());
        }, iter: 30, threads: 1, print: t => $"{t.Item1} n={t.Item2} seed={t.Item3}");
    }

    [Fact]
    public void Hostile_VC_JWTs_are_judged_in_bounded_time()
    {
        static string Segment(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var verifier = new Verifier(new VerifierOptions { Limits = Limits });
        Gen.Select(Gen.Int[0, 3], Gen.Int[1, 200_000]).Sample((kind, n) =>
        {
            var payload = kind switch
            {
                0 => string.Concat(Enumerable.Repeat("{\"a\":", n % 5_000)) + "1" + new string('}', n % 5_000),
                1 => "{\"vc\":{\"type\":[" + string.Join(",", Enumerable.Repeat("\"x\"", n)) + "]}}",
                2 => "{\"vc\":" + Encoding.UTF8.GetString(HostileInputs.NestedLists(n % 9_000 + 1)) + "}",
                _ => new string('{', n % 100_000),
            };
            var token = Segment($$"""{"alg":"EdDSA","kid":"{{HostileInputs.Did}}#{{HostileInputs.Did["did:key:".Length..]}}"}""") + "." + Segment(payload) + "." + Segment("sig");
            VerificationReport? report = null;
            return Bounded(() => report = verifier.VerifyAsync(token, null, Ct).GetAwaiter().GetResult()) && report!.Verdict == Verdict.Invalid;
        }, iter: 30, threads: 1, print: t => $"kind {t.Item1} n={t.Item2}");
    }
}
