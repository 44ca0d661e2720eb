using System.Text.Json.Nodes;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Multiformats;

namespace Laurel.Credentials.Tests.Dids;

public class DidKeyTests
{
    // w3c-ccg/did-method-key test-vectors/ed25519-x25519.json, quoted in vc-data-integrity.md KEY-5.6.
    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001", "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG")]
    public void Seed_vectors_give_the_published_did(string seedHex, string did)
    {
        using var key = Ed25519Key.FromSeed(Convert.FromHexString(seedHex));

        Assert.Equal(did, DidKey.FromPublicKey(key.PublicKeyBytes));
        Assert.Equal(key.PublicKeyBytes, DidKey.PublicKeyOf(did));
    }

    [Fact]
    public void Document_lists_one_multikey_under_all_four_relationships()
    {
        const string did = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
        var document = DidKey.ResolveDocument(did);

        var methodId = did + "#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
        Assert.Equal(did, (string?)document["id"]);
        var method = Assert.IsType<JsonObject>(Assert.Single(document["verificationMethod"]!.AsArray()));
        Assert.Equal(methodId, (string?)method["id"]);
        Assert.Equal("Multikey", (string?)method["type"]);
        Assert.Equal(did, (string?)method["controller"]);
        foreach (var relationship in new[] { "authentication", "assertionMethod", "capabilityInvocation", "capabilityDelegation" })
            Assert.Equal(methodId, (string?)document[relationship]![0]);
    }

    [Theory]
    [InlineData("did:key:mABC")]
    [InlineData("did:web:example.com")]
    [InlineData("did:key:z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq")]
    public void Non_ed25519_or_non_base58_did_keys_are_rejected(string did) =>
        Assert.Throws<FormatException>(() => DidKey.ResolveDocument(did));
}

public class DidWebTests
{
    [Theory]
    [InlineData("did:web:badges.example.edu", "https://badges.example.edu/.well-known/did.json")]
    [InlineData("did:web:badges.example.edu:issuers:uu", "https://badges.example.edu/issuers/uu/did.json")]
    [InlineData("did:web:example.com%3A3000:user:alice", "https://example.com:3000/user/alice/did.json")]
    [InlineData("did:web:badges.example.edu:issuers:uu#key-2025", "https://badges.example.edu/issuers/uu/did.json")]
    public void Did_maps_to_the_documented_url(string did, string url) =>
        Assert.Equal(url, DidWeb.ToDocumentUrl(did).AbsoluteUri);

    [Theory]
    [InlineData("https://badges.example.edu/.well-known/did.json", "did:web:badges.example.edu")]
    [InlineData("https://badges.example.edu/", "did:web:badges.example.edu")]
    [InlineData("https://badges.example.edu/issuers/uu/did.json", "did:web:badges.example.edu:issuers:uu")]
    [InlineData("https://example.com:3000/user/alice", "did:web:example.com%3A3000:user:alice")]
    public void Url_maps_back_to_its_did(string url, string did) => Assert.Equal(did, DidWeb.FromUrl(new Uri(url)));

    [Theory]
    [InlineData("did:web:")]
    [InlineData("did:web:evil.com@good.com")]
    [InlineData("did:web:example.com:..:admin")]
    [InlineData("did:web:example.com::x")]
    [InlineData("did:web:example.com%3A99999")]
    [InlineData("did:key:z6Mk")]
    public void Malformed_dids_are_rejected(string did) => Assert.Throws<FormatException>(() => DidWeb.ToDocumentUrl(did));
}

public class DidDocumentBuilderTests
{
    [Fact]
    public void Did_web_document_has_did_and_multikey_contexts_and_lists_the_key()
    {
        using var key = Ed25519Key.Generate();
        var document = new DidDocumentBuilder("did:web:badges.example.edu:issuers:uu")
            .AddEd25519Key(key.PublicKeyBytes, "key-2025")
            .Build();

        Assert.Equal("""["https://www.w3.org/ns/did/v1","https://w3id.org/security/multikey/v1"]""", document["@context"]!.ToJsonString());
        var method = document["verificationMethod"]![0]!;
        Assert.Equal("did:web:badges.example.edu:issuers:uu#key-2025", (string?)method["id"]);
        Assert.Equal(Multikey.EncodeEd25519PublicKey(key.PublicKeyBytes), (string?)method["publicKeyMultibase"]);
        Assert.Equal("did:web:badges.example.edu:issuers:uu#key-2025", (string?)document["assertionMethod"]![0]);
        Assert.Equal("did:web:badges.example.edu:issuers:uu#key-2025", (string?)document["authentication"]![0]);
    }

    [Fact]
    public void Https_controller_document_uses_the_cid_context_and_multibase_fragment()
    {
        using var key = Ed25519Key.Generate();
        var document = new DidDocumentBuilder("https://badges.example.edu/issuers/uu").AddEd25519Key(key.PublicKeyBytes, relationships: "assertionMethod").Build();

        Assert.Equal("""["https://www.w3.org/ns/cid/v1"]""", document["@context"]!.ToJsonString());
        Assert.Equal("https://badges.example.edu/issuers/uu#" + Multikey.EncodeEd25519PublicKey(key.PublicKeyBytes), (string?)document["assertionMethod"]![0]);
        Assert.Null(document["authentication"]);
    }
}
