using Laurel.Credentials.Dids;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Multiformats;

namespace Laurel.Credentials.Tests.Dids;

public class DidVerificationMethodResolverTests
{
    private const string W3cDid = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    private readonly Ed25519Key _key = Ed25519Key.Generate();
    private readonly Dictionary<string, string> _web = new(StringComparer.Ordinal);

    private DidVerificationMethodResolver Resolver(string? required = null, int max = 100_000) =>
        new((url, _) => _web.TryGetValue(url.AbsoluteUri, out var body)
            ? Task.FromResult(body)
            : throw new HttpRequestException("404 " + url), max, required);

    [Fact]
    public async Task Did_key_method_resolves_without_network_and_with_its_relationships()
    {
        var method = await new DidVerificationMethodResolver().ResolveAsync(W3cDid + "#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", TestContext.Current.CancellationToken);

        Assert.NotNull(method);
        Assert.Equal(W3cDid, method.Controller);
        Assert.Contains("assertionMethod", method.Relationships);
        Assert.Equal(Multikey.DecodeEd25519PublicKey("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"), method.PublicKey!.PublicKeyBytes);
    }

    [Fact]
    public async Task Bare_did_key_resolves_to_its_only_key_but_a_foreign_fragment_does_not()
    {
        var resolver = new DidVerificationMethodResolver();

        Assert.NotNull(await resolver.ResolveAsync(W3cDid, TestContext.Current.CancellationToken));
        Assert.Null(await resolver.ResolveAsync(W3cDid + "#key-1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Did_web_method_is_fetched_from_the_mapped_url_and_checked()
    {
        const string did = "did:web:badges.example.edu:issuers:uu";
        _web["https://badges.example.edu/issuers/uu/did.json"] = new DidDocumentBuilder(did).AddEd25519Key(_key.PublicKeyBytes, "key-1").Build().ToJsonString();

        var method = await Resolver("assertionMethod").ResolveAsync(did + "#key-1", TestContext.Current.CancellationToken);

        Assert.NotNull(method);
        Assert.Equal(did, method.Controller);
        Assert.Equal(_key.PublicKeyBytes, method.PublicKey!.PublicKeyBytes);
    }

    [Fact]
    public async Task Https_controller_document_resolves_relative_references()
    {
        var multibase = Multikey.EncodeEd25519PublicKey(_key.PublicKeyBytes);
        _web["https://example.edu/issuers/565049"] = $$"""
            {"@context":["https://www.w3.org/ns/cid/v1"],"id":"https://example.edu/issuers/565049",
             "verificationMethod":[{"id":"#{{multibase}}","type":"Multikey","controller":"https://example.edu/issuers/565049","publicKeyMultibase":"{{multibase}}"}],
             "assertionMethod":["#{{multibase}}"]}
            """;

        var method = await Resolver("assertionMethod").ResolveAsync("https://example.edu/issuers/565049#" + multibase, TestContext.Current.CancellationToken);

        Assert.NotNull(method);
        Assert.Equal(["assertionMethod"], method.Relationships);
    }

    [Fact]
    public async Task Standalone_multikey_document_needs_its_controller_to_list_it()
    {
        var multibase = Multikey.EncodeEd25519PublicKey(_key.PublicKeyBytes);
        _web["https://example.edu/keys/1"] = $$"""{"id":"https://example.edu/keys/1","type":"Multikey","controller":"https://example.edu/issuer","publicKeyMultibase":"{{multibase}}"}""";
        _web["https://example.edu/issuer"] = """{"id":"https://example.edu/issuer","assertionMethod":["https://example.edu/keys/1"]}""";

        var listed = await Resolver("assertionMethod").ResolveAsync("https://example.edu/keys/1", TestContext.Current.CancellationToken);
        _web["https://example.edu/issuer"] = """{"id":"https://example.edu/issuer","authentication":["https://example.edu/keys/1"]}""";
        var notListed = await Resolver("assertionMethod").ResolveWithReasonAsync("https://example.edu/keys/1", TestContext.Current.CancellationToken);

        Assert.NotNull(listed);
        Assert.Equal("https://example.edu/issuer", listed.Controller);
        Assert.Null(notListed.Method);
        Assert.Contains("INVALID_RELATIONSHIP", notListed.Error);
    }

    [Fact]
    public async Task Method_whose_controller_is_another_document_is_rejected()
    {
        const string did = "did:web:badges.example.edu";
        var document = new DidDocumentBuilder(did).AddEd25519Key(_key.PublicKeyBytes, "key-1").Build();
        document["verificationMethod"]![0]!["controller"] = "did:web:evil.example";
        _web["https://badges.example.edu/.well-known/did.json"] = document.ToJsonString();

        var result = await Resolver().ResolveWithReasonAsync(did + "#key-1", TestContext.Current.CancellationToken);

        Assert.Null(result.Method);
        Assert.Contains("controller", result.Error);
    }

    [Fact]
    public async Task Document_served_under_another_id_is_rejected()
    {
        _web["https://badges.example.edu/.well-known/did.json"] =
            new DidDocumentBuilder("did:web:evil.example").AddEd25519Key(_key.PublicKeyBytes, "key-1").Build().ToJsonString();

        var result = await Resolver().ResolveWithReasonAsync("did:web:badges.example.edu#key-1", TestContext.Current.CancellationToken);

        Assert.Null(result.Method);
        Assert.Contains("INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID", result.Error);
    }

    [Fact]
    public async Task Method_not_under_the_required_relationship_is_rejected()
    {
        const string did = "did:web:badges.example.edu";
        _web["https://badges.example.edu/.well-known/did.json"] =
            new DidDocumentBuilder(did).AddEd25519Key(_key.PublicKeyBytes, "key-1", "authentication").Build().ToJsonString();

        Assert.NotNull(await Resolver().ResolveAsync(did + "#key-1", TestContext.Current.CancellationToken));
        Assert.Null(await Resolver("assertionMethod").ResolveAsync(did + "#key-1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Oversized_documents_and_fetch_failures_resolve_to_null()
    {
        _web["https://badges.example.edu/.well-known/did.json"] =
            new DidDocumentBuilder("did:web:badges.example.edu").AddEd25519Key(_key.PublicKeyBytes, "key-1").Build().ToJsonString();

        Assert.Null(await Resolver(max: 100).ResolveAsync("did:web:badges.example.edu#key-1", TestContext.Current.CancellationToken));
        Assert.Null(await Resolver().ResolveAsync("did:web:unknown.example#key-1", TestContext.Current.CancellationToken));
        Assert.Null(await Resolver().ResolveAsync("http://insecure.example/keys#1", TestContext.Current.CancellationToken));
    }
}
