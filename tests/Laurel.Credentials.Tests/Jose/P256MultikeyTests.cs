using System.Text.Json.Nodes;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Multiformats;

namespace Laurel.Credentials.Tests.Jose;

/// <summary>P-256 Multikey (multicodec 0x1200, compressed point) for ES256 verification methods.</summary>
public class P256MultikeyTests
{
    [Fact]
    public void The_did_key_P256_test_vector_decodes_to_its_published_JWK_and_back()
    {
        // did:key method spec, P-256 test vector.
        const string multibase = "zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169";
        using var key = P256Multikey.Decode(multibase);
        var jwk = P256Jwk.Export(key);
        Assert.Equal("fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI", (string?)jwk["x"]);
        Assert.Equal("hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU", (string?)jwk["y"]);
        Assert.Equal(multibase, P256Multikey.Encode(key));
    }

    [Fact]
    public void Generated_keys_round_trip_whatever_the_parity_of_y()
    {
        for (var i = 0; i < 20; i++)
        {
            using var key = P256Key.Generate();
            var text = P256Multikey.Encode(key);
            Assert.StartsWith("zDn", text);
            using var decoded = P256Multikey.Decode(text);
            Assert.Equal(key.Y, decoded.Y);
            Assert.True(decoded.Verify("m"u8, key.Sign("m"u8)));
        }
    }

    [Theory]
    [InlineData("z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")] // an Ed25519 Multikey
    [InlineData("zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU216")]  // truncated
    public void Other_keys_are_refused(string multibase)
    {
        Assert.ThrowsAny<FormatException>(() => P256Multikey.Decode(multibase));
    }

    [Fact]
    public void A_did_web_document_lists_an_ES256_key_as_Multikey()
    {
        using var key = P256Key.Generate();
        var document = new DidDocumentBuilder("did:web:badges.example.edu").AddP256Key(key, "es256-1").Build();
        var method = document["verificationMethod"]!.AsArray().Single()!.AsObject();
        Assert.Equal("did:web:badges.example.edu#es256-1", (string?)method["id"]);
        Assert.Equal("Multikey", (string?)method["type"]);
        Assert.Equal(P256Multikey.Encode(key), (string?)method["publicKeyMultibase"]);
        Assert.Contains("did:web:badges.example.edu#es256-1", document["assertionMethod"]!.AsArray().Select(n => (string?)n));
        Assert.IsType<JsonObject>(document);
    }
}
