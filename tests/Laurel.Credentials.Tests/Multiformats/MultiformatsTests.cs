using System.Text;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Multiformats;

namespace Laurel.Credentials.Tests.Multiformats;

public class MultiformatsTests
{
    // W3C vc-di-eddsa TestVectors/keyPair.json and the raw values in vc-data-integrity.md §3.1.
    private const string W3cPublicMultibase = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    private const string W3cSecretMultibase = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";
    private const string W3cPublicHex = "b00d8d938e7f773d51565aad36a623f5344f7f5d1960f9cf3e8e12620ea2810f";
    private const string W3cSeedHex = "c96ef9ea10c5e414c471723aff9de72c35fa5b70fae97e8832ecac7d2e2b8ed6";

    [Theory]
    [InlineData("", "")]
    [InlineData("00", "1")]
    [InlineData("000001", "112")]
    [InlineData("61", "2g")]
    [InlineData("626262", "a3gV")]
    [InlineData("636363", "aPEr")]
    [InlineData("48656c6c6f20576f726c6421", "2NEpo7TZRRrLZSi2U")]
    [InlineData("00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L")]
    public void Base58btc_matches_known_vectors_both_ways(string hex, string text)
    {
        var bytes = Convert.FromHexString(hex);

        Assert.Equal(text, Base58Btc.Encode(bytes));
        Assert.Equal(bytes, Base58Btc.Decode(text));
    }

    [Fact]
    public void Base58btc_round_trips_random_bytes_with_leading_zeros()
    {
        var random = new Random(7);
        for (var length = 0; length < 80; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            if (length > 2) bytes[0] = bytes[1] = 0;
            Assert.Equal(bytes, Base58Btc.Decode(Base58Btc.Encode(bytes)));
        }
    }

    [Theory]
    [InlineData("0OIl")]
    [InlineData("abc+")]
    public void Base58btc_rejects_characters_outside_the_alphabet(string text) =>
        Assert.Throws<FormatException>(() => Base58Btc.Decode(text));

    [Fact]
    public void Multibase_encodes_and_decodes_base58btc_and_base64url()
    {
        var data = Encoding.UTF8.GetBytes("Multibase is awesome! \\o/");

        Assert.Equal("zYAjKoNbau5KiqmHPmSxYCvn66dA1vLmwbt", Multibase.EncodeBase58Btc(data));
        Assert.Equal("uTXVsdGliYXNlIGlzIGF3ZXNvbWUhIFxvLw", Multibase.EncodeBase64Url(data));
        Assert.Equal(data, Multibase.Decode("zYAjKoNbau5KiqmHPmSxYCvn66dA1vLmwbt"));
        Assert.Equal(data, Multibase.Decode("uTXVsdGliYXNlIGlzIGF3ZXNvbWUhIFxvLw"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("mTXVsdGli")]
    [InlineData("uTXVsdA==")]
    public void Multibase_rejects_unknown_prefixes_and_padding(string text) =>
        Assert.Throws<FormatException>(() => Multibase.Decode(text));

    [Fact]
    public void W3c_test_key_pair_decodes_to_the_published_raw_keys()
    {
        Assert.Equal(W3cPublicHex, Convert.ToHexStringLower(Multikey.DecodeEd25519PublicKey(W3cPublicMultibase)));
        Assert.Equal(W3cSeedHex, Convert.ToHexStringLower(Multikey.DecodeEd25519SecretKey(W3cSecretMultibase)));
        using var key = Multikey.ToKeyPair(W3cSecretMultibase);
        Assert.Equal(W3cPublicMultibase, Multikey.EncodeEd25519PublicKey(key.PublicKeyBytes));
        Assert.Equal(W3cSecretMultibase, Multikey.EncodeEd25519SecretKey(key.ExportSeed()));
    }

    [Fact]
    public void Public_multikey_with_another_codec_or_length_is_rejected()
    {
        // The secret-key encoding (0x8026) is not a public key, and a truncated key is not 32 bytes.
        Assert.Throws<FormatException>(() => Multikey.DecodeEd25519PublicKey(W3cSecretMultibase));
        var truncated = Multibase.EncodeBase58Btc([0xED, 0x01, .. new byte[31]]);
        Assert.Throws<FormatException>(() => Multikey.DecodeEd25519PublicKey(truncated));
    }

    [Fact]
    public void Generated_keys_start_with_the_documented_multikey_prefixes()
    {
        using var key = Ed25519Key.Generate();

        Assert.StartsWith("z6Mk", Multikey.EncodeEd25519PublicKey(key.PublicKeyBytes));
        Assert.StartsWith("z3u2", Multikey.EncodeEd25519SecretKey(key.ExportSeed()));
    }
}
