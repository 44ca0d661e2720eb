using Laurel.Credentials.Baking;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;
using Laurel.Credentials.OpenBadges;
using Laurel.Credentials.Tests.Jwt;

namespace Laurel.Credentials.Tests.Baking;

public class BadgeImageTests
{
    private static byte[] Constructed(string name) => File.ReadAllBytes(SharedData.SpecFile("testvectors", "constructed", name));

    [Theory]
    [InlineData("ob3-microcredential.baked.png", BadgeImageFormat.Png)]
    [InlineData("ob3-microcredential.baked.svg", BadgeImageFormat.Svg)]
    [InlineData("ob3-microcredential.unsigned.json", BadgeImageFormat.Unknown)]
    public void Formats_are_detected_by_content(string file, BadgeImageFormat expected)
    {
        Assert.Equal(expected, BadgeImage.Detect(Constructed(file)));
    }

    [Fact]
    public void Non_png_non_svg_images_are_refused_for_baking()
    {
        var gif = "GIF89a\x01\x00\x01\x00"u8.ToArray();
        Assert.Throws<BakingException>(() => BadgeImage.Bake(gif, BadgeSpec.OpenBadges3, "a.b.c"));
        Assert.Throws<BakingException>(() => BadgeImage.Unbake(gif));
    }

    [Theory]
    [InlineData("ob3-teamwork.vc-jwt.baked.png")]
    [InlineData("ob3-teamwork.vc-jwt.baked.svg")]
    public async Task Baked_teamwork_jwt_unbakes_and_verifies_with_the_W3C_key(string file)
    {
        var baked = BadgeImage.Unbake(Constructed(file))!;
        using var key = W3cTestKey.PublicKey();

        var result = await OpenBadgeJwtVerifier.VerifyAsync(baked.Content,
            (kid, _) => Task.FromResult<Ed25519Key?>(kid == W3cTestKey.KeyId ? key : null),
            new JwtVerificationOptions { Now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) },
            TestContext.Current.CancellationToken);

        Assert.True(result.Verified, string.Join("; ", result.Problems));
    }

    [Theory]
    [InlineData("ob3-microcredential.baked.png")]
    [InlineData("ob3-microcredential.baked.svg")]
    public void Baked_micro_credential_unbakes_to_a_well_shaped_credential(string file)
    {
        var baked = BadgeImage.Unbake(Constructed(file))!;
        Assert.Empty(ShapeValidator.Validate(System.Text.Json.Nodes.JsonNode.Parse(baked.Content), requireArrays: true));
    }

    [Fact]
    public void Bake_then_unbake_round_trips_for_both_formats()
    {
        foreach (var file in new[] { "ob3-microcredential.baked.png", "ob3-microcredential.baked.svg" })
        {
            var rebaked = BadgeImage.Bake(Constructed(file), BadgeSpec.OpenBadges3, "x.y.z");
            var baked = BadgeImage.Unbake(rebaked)!;
            Assert.Equal("x.y.z", baked.Content);
            Assert.Equal(BakedContentKind.CompactJws, baked.Kind);
        }
    }
}
