using System.Numerics;
using System.Text.Json.Nodes;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Tests.Jwt;

/// <summary>The public W3C vc-di-eddsa test key pair, decoded here so these tests do not depend on the multibase helper.</summary>
internal static class W3cTestKey
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    public const string Did = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

    public const string KeyId = Did + "#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

    private static JsonObject KeyPair() =>
        JsonNode.Parse(File.ReadAllText(SharedData.TestSuite("vc-di-eddsa", "TestVectors", "keyPair.json")))!.AsObject();

    public static Ed25519Key PublicKey()
    {
        var bytes = Base58((string)KeyPair()["publicKeyMultibase"]!);
        Assert.Equal([0xed, 0x01], bytes[..2]);
        return Ed25519Key.FromPublicKey(bytes[2..]);
    }

    public static Ed25519Key PrivateKey()
    {
        var bytes = Base58((string)KeyPair()["privateKeyMultibase"]!);
        Assert.Equal([0x80, 0x26], bytes[..2]);
        return Ed25519Key.FromSeed(bytes[2..]);
    }

    private static byte[] Base58(string multibase)
    {
        Assert.Equal('z', multibase[0]);
        var text = multibase[1..];
        BigInteger value = 0;
        foreach (var c in text) value = value * 58 + Alphabet.IndexOf(c);
        var body = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var zeros = text.TakeWhile(c => c == '1').Count();
        return [.. new byte[zeros], .. body];
    }
}
