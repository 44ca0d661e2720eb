using System.Text.Json.Nodes;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Multiformats;
using Laurel.Credentials.Verification;

namespace Laurel.Credentials.Tests.Verification;

/// <summary>Fixture paths, a fixed clock and a test "web" that serves controller documents and status lists.</summary>
internal static class VerifierFixtures
{
    /// <summary>Every fixture is judged as of this instant (after all validFrom values, before every validUntil but the expired one).</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public static string Ob30(string name) => SharedData.SpecFile("testvectors", "official", "1edtech-validator", "ob30", name);

    public static string Constructed(string name) => SharedData.SpecFile("testvectors", "constructed", name);

    public static string SpecImpl(string name) => SharedData.SpecFile("testvectors", "official", "ob3-spec-impl", name);

    public static JsonObject Json(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    public static VerificationRequest At => new() { Now = Now };

    /// <summary>
    /// Builds a fetcher that serves, for every https verification method named in <paramref name="documents"/>' proofs,
    /// a controller document whose id is the URL and whose key is the one spelled by the method's fragment (as a hosting
    /// issuer would publish it). Unknown URLs fail like a 404.
    /// </summary>
    public static Func<Uri, CancellationToken, Task<string>> ControllerDocumentsFor(params JsonObject[] documents)
    {
        var keysByUrl = new Dictionary<string, DidDocumentBuilder>(StringComparer.Ordinal);
        foreach (var document in documents)
            foreach (var method in MethodIds(document))
            {
                var hash = method.IndexOf('#');
                if (!method.StartsWith("https://", StringComparison.Ordinal) || hash < 0) continue;
                byte[] key;
                try
                {
                    key = Multikey.DecodeEd25519PublicKey(method[(hash + 1)..]);
                }
                catch (FormatException)
                {
                    continue; // a broken fragment names no key; the document then lacks the method
                }
                var url = method[..hash];
                if (!keysByUrl.TryGetValue(url, out var builder)) keysByUrl[url] = builder = new DidDocumentBuilder(url);
                builder.AddEd25519Key(key, method[(hash + 1)..]);
            }
        var served = keysByUrl.ToDictionary(p => p.Key, p => p.Value.Build().ToJsonString(), StringComparer.Ordinal);
        return (url, _) => served.TryGetValue(url.AbsoluteUri, out var text)
            ? Task.FromResult(text)
            : Task.FromException<string>(new HttpRequestException($"404 {url}"));
    }

    public static Verifier VerifierFor(JsonObject document, Func<Uri, CancellationToken, Task<JsonObject?>>? statusLists = null) =>
        new(new VerifierOptions
        {
            Resolver = new DidVerificationMethodResolver(ControllerDocumentsFor(document)),
            FetchStatusList = statusLists,
        });

    private static IEnumerable<string> MethodIds(JsonObject document)
    {
        var proofs = document["proof"] switch { JsonArray a => a.ToList(), null => [], var one => [one] };
        foreach (var proof in proofs)
            if (proof?["verificationMethod"] is JsonValue v && v.TryGetValue<string>(out var id)) yield return id;
    }

    public static string Describe(VerificationReport report) =>
        report.Verdict + ": " + string.Join("; ", report.Checks.Select(c => $"{c.Id}={c.Outcome}({c.Code}: {c.Detail})"));
}
