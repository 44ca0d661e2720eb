using System.Text;
using Laurel.Credentials.Multiformats;

namespace Laurel.Credentials.Tests.Limits;

/// <summary>The attacks of issue 12 finding 3 and their building blocks: OB 3.0 credentials with a did:key proof whose
/// signature is wrong, so the verifier does all the JSON-LD and RDFC work before it can say so.</summary>
internal static class HostileInputs
{
    public const string Did = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

    public const string ListContext = """{"l":{"@id":"https://example.org/l","@container":"@list"}}""";

    public const string TagsContext = """{"tags":{"@id":"https://example.org/tags"}}""";

    /// <summary>A credential with extra inline contexts and extra credentialSubject entries (raw JSON, with leading comma).</summary>
    public static string Credential(IEnumerable<string> extraContexts, string subjectEntries) =>
        $$$"""
        {"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"{{{string.Concat(extraContexts.Select(c => "," + c))}}}],
         "id":"urn:uuid:5b1e2a5e-0000-4000-8000-000000000001","type":["VerifiableCredential","OpenBadgeCredential"],
         "issuer":{"id":"{{{Did}}}","type":["Profile"],"name":"Attacker"},"validFrom":"2024-01-01T00:00:00Z","name":"x",
         "credentialSubject":{"id":"did:example:learner","type":["AchievementSubject"],
           "achievement":{"id":"urn:uuid:5b1e2a5e-0000-4000-8000-000000000002","type":["Achievement"],"name":"x","description":"x","criteria":{"narrative":"x"}}{{{subjectEntries}}}},
         "proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","created":"2024-01-01T00:00:00Z",
           "verificationMethod":"{{{Did}}}#{{{Did["did:key:".Length..]}}}","proofPurpose":"assertionMethod",
           "proofValue":"{{{Multibase.EncodeBase58Btc(Enumerable.Repeat((byte)7, 64).ToArray())}}}"}}
        """;

    /// <summary>The 46 KB attack: a <c>@list</c> container holding 9,000 lists of lists (a chain of look-alike blank nodes for RDFC).</summary>
    public static byte[] NestedLists(int count = 9_000) =>
        Encoding.UTF8.GetBytes(Credential([ListContext], ",\"l\":[" + string.Join(",", Enumerable.Repeat("[[]]", count)) + "]"));

    /// <summary>The 1.3 MB attack: one array of 100,000 distinct strings (quadratic node map de-duplication).</summary>
    public static byte[] HugeArray(int count = 100_000) =>
        Encoding.UTF8.GetBytes(Credential([TagsContext], ",\"tags\":[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"t{i:D9}\"")) + "]"));

    /// <summary>The SVG attack: 200,000 nested elements.</summary>
    public static byte[] DeepSvg(int depth = 200_000) =>
        Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\">" + string.Concat(Enumerable.Repeat("<g>", depth))
            + string.Concat(Enumerable.Repeat("</g>", depth)) + "</svg>");

    /// <summary>A relative <c>@id</c> of <paramref name="count"/> <c>../</c> segments resolved against an inline <c>@base</c>
    /// (RFC 3986 §5.2.4 remove_dot_segments; a copy of the rest of the path per segment is quadratic).</summary>
    public static byte[] DotSegments(int count = 600_000) =>
        Encoding.UTF8.GetBytes(Credential(["""{"@base":"https://example.org/a/","@vocab":"https://example.org/"}"""],
            ",\"x\":{\"@id\":\"b/" + string.Concat(Enumerable.Repeat("../", count)) + "c\"}"));

    /// <summary>A PNG whose <paramref name="copies"/> OB 2.0 iTXt chunks each inflate to 2,000,000 bytes (about 2 KB compressed).</summary>
    public static byte[] RepeatedBadgeChunks(int copies = 1_000)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
            zlib.Write(Encoding.ASCII.GetBytes(new string(' ', 2_000_000)));
        byte[] chunk = [.. "openbadges"u8, 0, 1, 0, 0, 0, .. compressed.ToArray()];
        using var output = new MemoryStream();
        output.Write(Laurel.Credentials.Baking.PngChunks.Signature);
        Laurel.Credentials.Baking.PngChunks.Write(output, "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
        for (var i = 0; i < copies; i++) Laurel.Credentials.Baking.PngChunks.Write(output, "iTXt", chunk);
        Laurel.Credentials.Baking.PngChunks.Write(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>An SVG with <paramref name="declarations"/> namespace declarations on its root and <paramref name="elements"/>
    /// <c>credential</c> elements in a namespace that is not Open Badges'.</summary>
    public static byte[] NamespacedSvg(int declarations = 40_000, int elements = 49_000) =>
        Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" "
            + string.Join(" ", Enumerable.Range(0, declarations).Select(i => $"xmlns:n{i}=\"urn:n{i}\""))
            + " xmlns:q=\"urn:x\">" + string.Concat(Enumerable.Repeat("<q:credential/>", elements)) + "</svg>");

    /// <summary>The credential with its proofValue, a relatedResource digestMultibase or its did:key replaced by
    /// <paramref name="length"/> base58btc digits (decoding base58 is quadratic in the length).</summary>
    public static byte[] LongBase58(string where, int length = 1_000_000)
    {
        var digits = "z" + new string('2', length);
        var credential = Credential([], "");
        return Encoding.UTF8.GetBytes(where switch
        {
            "proofValue" => System.Text.RegularExpressions.Regex.Replace(credential, "\"proofValue\":\"z[^\"]*\"", $"\"proofValue\":\"{digits}\""),
            "digestMultibase" => credential.Replace("\"name\":\"x\",", $"\"name\":\"x\",\"relatedResource\":[{{\"id\":\"https://example.org/r\",\"digestMultibase\":\"{digits}\"}}],"),
            _ => credential.Replace(Did, "did:key:" + digits),
        });
    }
}
