using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Laurel.Credentials.Baking;

namespace Laurel.Credentials.Tests.Baking;

public class PngBakerTests
{
    private static byte[] Constructed(string name) => File.ReadAllBytes(SharedData.SpecFile("testvectors", "constructed", name));

    private static byte[] Official(params string[] parts) =>
        File.ReadAllBytes(SharedData.SpecFile(["testvectors", "official", "1edtech-validator", .. parts]));

    private static byte[] PlainPng() => Official("ob20", "assets", "robotics-badge.png");

    [Fact]
    public void Constructed_json_png_unbakes_to_the_signed_micro_credential()
    {
        var baked = PngBaker.Unbake(Constructed("ob3-microcredential.baked.png"))!;
        var expected = JsonNode.Parse(Constructed("ob3-microcredential.eddsa-rdfc-2022.signed.json"));
        Assert.Equal(BadgeSpec.OpenBadges3, baked.Spec);
        Assert.Equal(BakedContentKind.Json, baked.Kind);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(baked.Content)));
    }

    [Fact]
    public void Constructed_jwt_png_unbakes_to_the_teamwork_token()
    {
        var baked = PngBaker.Unbake(Constructed("ob3-teamwork.vc-jwt.baked.png"))!;
        Assert.Equal(BakedContentKind.CompactJws, baked.Kind);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(Constructed("ob3-teamwork.vc-jwt.EdDSA.txt")).Trim(), baked.Content);
    }

    [Theory]
    [InlineData("simple-json.png", BakedContentKind.Json)]
    [InlineData("simple-jwt.png", BakedContentKind.CompactJws)]
    [InlineData("simple-jwt_v1.png", BakedContentKind.CompactJws)]
    public void OneEdTech_ob30_pngs_unbake(string file, BakedContentKind kind)
    {
        var baked = PngBaker.Unbake(Official("ob30", file))!;
        Assert.Equal(BadgeSpec.OpenBadges3, baked.Spec);
        Assert.Equal(kind, baked.Kind);
        if (kind == BakedContentKind.Json)
            Assert.Contains("OpenBadgeCredential", (JsonNode.Parse(baked.Content)!["type"] as JsonArray)!.Select(t => (string)t!));
        else
            Assert.Equal(3, baked.Content.Split('.').Length);
    }

    [Fact]
    public void OneEdTech_ob20_png_unbakes_to_an_assertion()
    {
        var baked = PngBaker.Unbake(Official("ob20", "simple-badge.png"))!;
        Assert.Equal(BadgeSpec.OpenBadges2, baked.Spec);
        Assert.Equal("Assertion", (string)JsonNode.Parse(baked.Content)!["type"]!);
    }

    [Fact]
    public void Plain_png_has_no_badge()
    {
        Assert.Null(PngBaker.Unbake(PlainPng()));
    }

    [Fact]
    public void Baked_chunk_matches_the_digest_byte_layout_and_sits_before_IEND()
    {
        var png = PngBaker.Bake(PlainPng(), BadgeSpec.OpenBadges3, "header.payload.signature");
        var expected = Convert.FromHexString(
            "00000030695458746f70656e626164676563726564656e7469616c00000000006865616465722e7061796c6f61642e7369676e617475726599ca688f");
        var iend = Convert.FromHexString("0000000049454e44ae426082");
        Assert.Equal([.. expected, .. iend], png[^(expected.Length + iend.Length)..]);

        var ob2 = PngBaker.Bake(PlainPng(), BadgeSpec.OpenBadges2, "header.payload.signature");
        Assert.Equal(Convert.FromHexString(
            "00000027695458746f70656e62616467657300000000006865616465722e7061796c6f61642e7369676e61747572656f199c94"),
            ob2[^(0x27 + 12 + iend.Length)..^iend.Length]);
    }

    [Fact]
    public void Rebaking_replaces_the_old_payload_and_keeps_other_chunks()
    {
        var original = PlainPng();
        var once = PngBaker.Bake(original, BadgeSpec.OpenBadges3, "{\"v\":1}");
        var twice = PngBaker.Bake(once, BadgeSpec.OpenBadges3, "{\"v\":2}");

        Assert.Equal("{\"v\":2}", PngBaker.Unbake(twice)!.Content);
        Assert.Equal(1, CountOccurrences(twice, "openbadgecredential"u8));
        // All original chunks except IEND are unchanged, in order, at the start.
        Assert.Equal(original[..^12], twice[..(original.Length - 12)]);
    }

    [Fact]
    public void Compressed_itxt_round_trips()
    {
        var json = "{\"name\":\"" + new string('x', 5000) + "\"}";
        var png = PngBaker.Bake(PlainPng(), BadgeSpec.OpenBadges3, json, compress: true);
        Assert.True(png.Length < PlainPng().Length + 1000);
        Assert.Equal(json, PngBaker.Unbake(png)!.Content);
    }

    [Fact]
    public void Non_png_bytes_are_rejected_clearly()
    {
        var e = Assert.Throws<BakingException>(() => PngBaker.Unbake("GIF89a not a png at all"u8.ToArray()));
        Assert.Contains("signature", e.Message);
    }

    [Fact]
    public void Bad_crc_is_rejected_clearly()
    {
        var png = PngBaker.Bake(PlainPng(), BadgeSpec.OpenBadges3, "a.b.c");
        png[^20] ^= 0xFF; // inside the iTXt text
        var e = Assert.Throws<BakingException>(() => PngBaker.Unbake(png));
        Assert.Contains("CRC", e.Message);
    }

    [Fact]
    public void Truncated_png_is_rejected_clearly()
    {
        var png = PngBaker.Bake(PlainPng(), BadgeSpec.OpenBadges3, "a.b.c");
        var e = Assert.Throws<BakingException>(() => PngBaker.Unbake(png[..^15]));
        Assert.Contains("truncated", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Huge_declared_chunk_length_is_rejected_without_allocating()
    {
        var png = PlainPng();
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(33), 0x7FFFFFF0); // the chunk after IHDR
        var e = Assert.Throws<BakingException>(() => PngBaker.Unbake(png));
        Assert.Contains("declares", e.Message);
    }

    [Fact]
    public void Compressed_text_that_inflates_past_the_limit_is_rejected()
    {
        var png = PngBaker.Bake(PlainPng(), BadgeSpec.OpenBadges3, new string('{', 100_000), compress: true);
        var e = Assert.Throws<BakingException>(() => PngBaker.Unbake(png, new BakingLimits { MaxTextBytes = 10_000 }));
        Assert.Contains("inflates", e.Message);
    }

    [Fact]
    public void Random_garbage_never_escapes_as_an_unexpected_exception()
    {
        var random = new Random(1234);
        var seed = PngBaker.Bake(PlainPng(), BadgeSpec.OpenBadges3, "{\"x\":1}", compress: true);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = (byte[])seed.Clone();
            for (var j = 0; j < 3; j++) bytes[random.Next(8, bytes.Length)] = (byte)random.Next(256);
            var cut = random.Next(2) == 0 ? bytes : bytes[..random.Next(bytes.Length)];
            try
            {
                PngBaker.Unbake(cut);
            }
            catch (BakingException)
            {
            }
        }
    }

    private static int CountOccurrences(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        var count = 0;
        for (int i; (i = haystack.IndexOf(needle)) >= 0; haystack = haystack[(i + needle.Length)..]) count++;
        return count;
    }
}
