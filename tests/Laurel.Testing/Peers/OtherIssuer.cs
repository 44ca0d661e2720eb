using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Keys;
using Laurel.Credentials.OpenBadges;
using Laurel.Credentials.StatusList;
using Microsoft.AspNetCore.Http;

namespace Laurel.Testing.Peers;

/// <summary>
/// Another institution's issuer (did:key) with its status lists on a loopback web server — what an employer meets in the
/// wild. Its host:port goes on Laurel's fetch allow-list in tests.
/// </summary>
public sealed class OtherIssuer : IAsyncDisposable
{
    public const string RecipientEmail = "learner@example.org";
    public const string RevokedListPath = "/status/revoked";
    public const string OkListPath = "/status/ok";
    public const string BombListPath = "/status/bomb";
    public const string SuspendedListPath = "/status/suspended";
    public const string SuspensionOkListPath = "/status/suspension-ok";
    public const int RevokedIndex = 5;

    private readonly Ed25519Key _key = Ed25519Key.Generate();
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);

    private OtherIssuer(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; }
    public string Did => DidKey.FromPublicKey(_key.PublicKeyBytes);
    private string MethodId => Did + "#" + Did["did:key:".Length..];

    public static async Task<OtherIssuer> StartAsync()
    {
        OtherIssuer? issuer = null;
        var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/docs/{**path}", (string path) => issuer!._documents.TryGetValue("/" + path, out var text)
                ? Results.Text(text, "application/json") : Results.NotFound());
            app.MapGet("/to", (string target) => Results.Redirect(target));
        });
        issuer = new OtherIssuer(server);
        issuer.Publish(OkListPath, StatusBitstring.FromBytes(new byte[16 * 1024]));
        var revoked = new StatusBitstring();
        revoked.Set(RevokedIndex);
        issuer.Publish(RevokedListPath, revoked);
        issuer.Publish(SuspensionOkListPath, StatusBitstring.FromBytes(new byte[16 * 1024]), StatusPurpose.Suspension);
        issuer.Publish(SuspendedListPath, revoked, StatusPurpose.Suspension);
        // 20 MB of zeros gzip to about 20 KB: small to fetch, a bomb to inflate.
        issuer.Publish(BombListPath, StatusBitstring.FromBytes(new byte[20 * 1024 * 1024]));
        issuer._documents["/credential.json"] = issuer.Credential().ToJsonString();
        return issuer;
    }

    public Uri DocumentUrl(string path) => Server.Url("/docs" + path);

    /// <summary>Serves <paramref name="json"/> at <see cref="DocumentUrl"/>(<paramref name="path"/>) (e.g. a 1EdTech revocation list).</summary>
    public void Publish(string path, string json) => _documents[path] = json;

    private void Publish(string path, StatusBitstring bits, string purpose = StatusPurpose.Revocation)
    {
        var list = BitstringStatusListBuilder.BuildCredential(new StatusListCredentialOptions
        {
            Id = DocumentUrl(path).AbsoluteUri, Issuer = Did, StatusPurpose = purpose, ValidFrom = DateTimeOffset.UtcNow.AddDays(-1),
        }, bits);
        _documents[path] = Sign(list).ToJsonString();
    }

    /// <summary>A signed OB 3.0 micro-credential for <see cref="RecipientEmail"/> whose status lives in the list at <paramref name="listPath"/>.</summary>
    public JsonObject Credential(string listPath = OkListPath, int index = 1, Action<JsonObject>? change = null)
    {
        var credential = JsonNode.Parse(File.ReadAllText(Fixtures.Constructed("ob3-microcredential.unsigned.json")))!.AsObject();
        credential["id"] = "urn:uuid:" + Guid.NewGuid();
        credential["issuer"]!["id"] = Did;
        credential["issuer"]!["name"] = "Hogeschool Elders";
        credential["credentialSubject"]!["identifier"] = new JsonArray(new JsonObject
        {
            ["type"] = "IdentityObject", ["identityHash"] = IdentityHash.Compute(RecipientEmail, "pepper"),
            ["identityType"] = "emailAddress", ["hashed"] = true, ["salt"] = "pepper",
        });
        credential["credentialStatus"] = BitstringStatusListBuilder.BuildEntry(DocumentUrl(listPath).AbsoluteUri, index, StatusPurpose.Revocation);
        change?.Invoke(credential);
        return Sign(credential);
    }

    /// <summary>
    /// A VC 2.0 credential with a revocation entry (not set) and a suspension entry, in separate lists as Laurel issues them;
    /// the suspension bit is set when <paramref name="suspended"/>.
    /// </summary>
    public JsonObject SuspendableCredential(bool suspended) => GenericCredential(c => c["credentialStatus"] = new JsonArray(
        BitstringStatusListBuilder.BuildEntry(DocumentUrl(OkListPath).AbsoluteUri, 3, StatusPurpose.Revocation),
        suspended
            ? BitstringStatusListBuilder.BuildEntry(DocumentUrl(SuspendedListPath).AbsoluteUri, RevokedIndex, StatusPurpose.Suspension)
            : BitstringStatusListBuilder.BuildEntry(DocumentUrl(SuspensionOkListPath).AbsoluteUri, 3, StatusPurpose.Suspension)));

    /// <summary>A signed VC 2.0 credential that is no Open Badge (the kind any other issuer sends), with a revocation entry.</summary>
    public JsonObject GenericCredential(Action<JsonObject>? change = null)
    {
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", new JsonObject
            {
                ["AlumniCredential"] = "https://example.org/vocab#AlumniCredential", ["alumniOf"] = "https://schema.org/alumniOf",
            }),
            ["id"] = "urn:uuid:" + Guid.NewGuid(),
            ["type"] = new JsonArray("VerifiableCredential", "AlumniCredential"),
            ["name"] = "Alumni Credential",
            ["issuer"] = Did,
            ["validFrom"] = "2024-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject { ["id"] = "did:example:abcdefgh", ["alumniOf"] = "The School of Examples" },
            ["credentialStatus"] = BitstringStatusListBuilder.BuildEntry(DocumentUrl(OkListPath).AbsoluteUri, 2, StatusPurpose.Revocation),
        };
        change?.Invoke(credential);
        return Sign(credential);
    }

    public JsonObject Sign(JsonObject unsigned) =>
        DataIntegrityProofs.AddProof(unsigned, Cryptosuite.EddsaRdfc2022, _key, new ProofOptions { VerificationMethod = MethodId, ProofAsArray = true });

    /// <summary>Signs a presentation (proof purpose authentication) the way a holder would.</summary>
    public JsonObject SignPresentation(JsonObject unsigned, string? challenge, string? domain) =>
        DataIntegrityProofs.AddProof(unsigned, Cryptosuite.EddsaRdfc2022, _key, new ProofOptions
        {
            VerificationMethod = MethodId, ProofPurpose = "authentication", Challenge = challenge, Domain = domain,
        });

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _key.Dispose();
    }
}
