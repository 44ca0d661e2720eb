using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Baking;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Credentials.OpenBadges;
using Laurel.Credentials.StatusList;
using Microsoft.AspNetCore.Http;

namespace Laurel.Testing.Peers;

/// <summary>
/// Another school's badge platform, not Laurel: a did:key issuer (resolvable offline) whose status list, hosted OB 2.0
/// assertions and published credentials live on a loopback web server that the test host puts on its fetch allow-list.
/// It can revoke what it issued, as a real issuer would after a learner imported the badge.
/// </summary>
public sealed class ForeignIssuer : IAsyncDisposable
{
    public const string Name = "Hogeschool Elders";
    /// <summary>The demo learner's verified e-mail address (persona "learner").</summary>
    public const string LearnerEmail = "lotte@example.org";
    public const string StatusPath = "/status/1";

    /// <summary>A 1×1 PNG to bake badges into.</summary>
    public static readonly byte[] PlainPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
    public const string PlainSvg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>";

    private readonly Ed25519Key _key = Ed25519Key.Generate();
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);
    private readonly StatusBitstring _status = new();
    private readonly Lock _gate = new();
    private int _nextIndex;

    private ForeignIssuer(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; }
    public string Did => DidKey.FromPublicKey(_key.PublicKeyBytes);
    private string MethodId => Did + "#" + Did["did:key:".Length..];

    public static async Task<ForeignIssuer> StartAsync()
    {
        ForeignIssuer? issuer = null;
        var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/docs/{**path}", (string path) =>
                issuer!._documents.TryGetValue("/" + path, out var text) ? Results.Text(text, "application/json") : Results.NotFound());
            // The badge picture a credential names by URL (served as a plain PNG), and one that is no image at all.
            app.MapGet("/images/badge.png", () => Results.Bytes(PlainPng, "image/png"));
            app.MapGet("/images/not-an-image.png", () => Results.Text("<html>not a picture</html>", "image/png"));
        });
        issuer = new ForeignIssuer(server);
        issuer.PublishStatusList();
        return issuer;
    }

    public Uri DocumentUrl(string path) => Server.Url("/docs" + path);

    /// <summary>The address of a picture on this issuer's host: <c>badge.png</c> (a PNG) or <c>not-an-image.png</c>.</summary>
    public Uri ImageUrl(string name = "badge.png") => Server.Url("/images/" + name);

    public void Publish(string path, string text) => _documents[path] = text;

    /// <summary>Sets the credential's revocation bit and publishes the re-signed list.</summary>
    public void Revoke(int index)
    {
        lock (_gate) _status.Set(index);
        PublishStatusList();
    }

    private void PublishStatusList()
    {
        lock (_gate)
        {
            var list = BitstringStatusListBuilder.BuildCredential(new StatusListCredentialOptions
            {
                Id = DocumentUrl(StatusPath).AbsoluteUri, Issuer = Did, StatusPurpose = StatusPurpose.Revocation, ValidFrom = DateTimeOffset.UtcNow.AddDays(-1),
            }, _status);
            _documents[StatusPath] = Sign(list).ToJsonString();
        }
    }

    /// <summary>A signed OB 3.0 micro-credential (5 EC, EQF 6) for <paramref name="recipient"/> with its own status index.</summary>
    public JsonObject Credential(out int statusIndex, string recipient = LearnerEmail, Action<JsonObject>? change = null)
    {
        statusIndex = Interlocked.Increment(ref _nextIndex);
        return Sign(Unsigned(statusIndex, recipient, change));
    }

    public JsonObject Credential(string recipient = LearnerEmail, Action<JsonObject>? change = null) => Credential(out _, recipient, change);

    private JsonObject Unsigned(int statusIndex, string recipient, Action<JsonObject>? change)
    {
        var credential = JsonNode.Parse(File.ReadAllText(Fixtures.Constructed("ob3-microcredential.unsigned.json")))!.AsObject();
        credential["id"] = "urn:uuid:" + Guid.NewGuid();
        credential["issuer"]!["id"] = Did;
        credential["issuer"]!["name"] = Name;
        credential["validFrom"] = DateTimeOffset.UtcNow.AddDays(-30).ToString("yyyy-MM-ddTHH:mm:ssZ");
        credential["credentialSubject"]!["identifier"] = new JsonArray(new JsonObject
        {
            ["type"] = "IdentityObject", ["identityHash"] = IdentityHash.Compute(recipient, "elders-salt"),
            ["identityType"] = "emailAddress", ["hashed"] = true, ["salt"] = "elders-salt",
        });
        credential["credentialStatus"] = BitstringStatusListBuilder.BuildEntry(DocumentUrl(StatusPath).AbsoluteUri, statusIndex, StatusPurpose.Revocation);
        change?.Invoke(credential);
        return credential;
    }

    /// <summary>The same kind of credential as a VC-JWT (its subject needs an id for the <c>sub</c> claim).</summary>
    public string Jwt(string recipient = LearnerEmail)
    {
        var credential = Unsigned(Interlocked.Increment(ref _nextIndex), recipient, c => c["credentialSubject"]!["id"] = "did:example:" + Guid.NewGuid().ToString("N"));
        return OpenBadgeJwtSigner.Sign(credential, _key, MethodId);
    }

    /// <summary>A hosted OB 2.0 assertion (badge class and issuer profile linked by URL, as OB 2.0 platforms do), published.</summary>
    public JsonObject Ob2Assertion(string recipient = LearnerEmail)
    {
        var issuerUrl = DocumentUrl("/ob2/issuer").AbsoluteUri;
        var badgeUrl = DocumentUrl("/ob2/badges/teamwork").AbsoluteUri;
        Publish("/ob2/issuer", new JsonObject
        {
            ["@context"] = "https://w3id.org/openbadges/v2", ["type"] = "Issuer", ["id"] = issuerUrl, ["name"] = Name + " (OB 2.0)",
            ["url"] = "https://elders.example", ["email"] = "badges@elders.example",
        }.ToJsonString());
        Publish("/ob2/badges/teamwork", new JsonObject
        {
            ["@context"] = "https://w3id.org/openbadges/v2", ["type"] = "BadgeClass", ["id"] = badgeUrl, ["name"] = "Teamwork in Projects",
            ["description"] = "Works well in a project team.", ["image"] = "https://elders.example/teamwork.png",
            ["criteria"] = new JsonObject { ["narrative"] = "Complete two team projects." }, ["issuer"] = issuerUrl,
            ["alignment"] = new JsonArray(new JsonObject { ["targetName"] = "EQF level 5", ["targetUrl"] = "http://data.europa.eu/snb/eqf/5" }),
            ["extensions:ECTSExtension"] = new JsonObject { ["ECTS"] = 2.5 },
        }.ToJsonString());
        var path = "/ob2/assertions/" + Guid.NewGuid().ToString("N");
        var assertion = new JsonObject
        {
            ["@context"] = "https://w3id.org/openbadges/v2", ["type"] = "Assertion", ["id"] = DocumentUrl(path).AbsoluteUri,
            ["recipient"] = new JsonObject
            {
                ["type"] = "email", ["hashed"] = true, ["salt"] = "ob2", ["identity"] = IdentityHash.Compute(recipient, "ob2"),
            },
            ["badge"] = badgeUrl, ["verification"] = new JsonObject { ["type"] = "hosted" },
            ["issuedOn"] = DateTimeOffset.UtcNow.AddDays(-10).ToString("yyyy-MM-ddTHH:mm:ssZ"),
        };
        Publish(path, assertion.ToJsonString());
        return assertion;
    }

    /// <summary>Revokes a hosted OB 2.0 assertion the OB 2.0 way: its URL now serves it marked revoked.</summary>
    public void RevokeOb2(JsonObject assertion)
    {
        var revoked = assertion.DeepClone().AsObject();
        revoked["revoked"] = true;
        revoked["revocationReason"] = "Issued by mistake.";
        Publish(new Uri(assertion["id"]!.GetValue<string>()).AbsolutePath["/docs".Length..], revoked.ToJsonString());
    }

    public static byte[] BakePng(string content) => PngBaker.Bake(PlainPng, BadgeSpec.OpenBadges3, content);

    public static byte[] BakeSvg(string content) => SvgBaker.Bake(Encoding.UTF8.GetBytes(PlainSvg), BadgeSpec.OpenBadges3, content);

    public JsonObject Sign(JsonObject unsigned) =>
        DataIntegrityProofs.AddProof(unsigned, Cryptosuite.EddsaRdfc2022, _key, new ProofOptions { VerificationMethod = MethodId, ProofAsArray = true });

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _key.Dispose();
    }
}
