using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Baking;

namespace Laurel.Credentials.Tests.Baking;

public class SvgBakerTests
{
    private const string PlainSvg =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" r=\"4\"/></svg>";

    private static byte[] Constructed(string name) => File.ReadAllBytes(SharedData.SpecFile("testvectors", "constructed", name));

    private static byte[] Official(string name) =>
        File.ReadAllBytes(SharedData.SpecFile("testvectors", "official", "1edtech-validator", "ob30", name));

    [Fact]
    public void Constructed_json_svg_unbakes_to_the_signed_micro_credential()
    {
        var baked = SvgBaker.Unbake(Constructed("ob3-microcredential.baked.svg"))!;
        Assert.Equal(BadgeSpec.OpenBadges3, baked.Spec);
        Assert.Equal(BakedContentKind.Json, baked.Kind);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Constructed("ob3-microcredential.eddsa-rdfc-2022.signed.json")), JsonNode.Parse(baked.Content)));
    }

    [Fact]
    public void Constructed_jwt_svg_unbakes_from_the_verify_attribute()
    {
        var baked = SvgBaker.Unbake(Constructed("ob3-teamwork.vc-jwt.baked.svg"))!;
        Assert.Equal(BakedContentKind.CompactJws, baked.Kind);
        Assert.Equal(Encoding.UTF8.GetString(Constructed("ob3-teamwork.vc-jwt.EdDSA.txt")).Trim(), baked.Content);
    }

    [Theory]
    [InlineData("simple-json.svg", BakedContentKind.Json)]
    [InlineData("simple-jwt.svg", BakedContentKind.CompactJws)]
    [InlineData("simple-jwt_v1.svg", BakedContentKind.CompactJws)]
    public void OneEdTech_svgs_with_a_doctype_unbake(string file, BakedContentKind kind)
    {
        var baked = SvgBaker.Unbake(Official(file))!;
        Assert.Equal(BadgeSpec.OpenBadges3, baked.Spec);
        Assert.Equal(kind, baked.Kind);
        if (kind == BakedContentKind.Json) Assert.NotNull(JsonNode.Parse(baked.Content)!["credentialSubject"]);
    }

    [Fact]
    public void Ob3_json_bake_uses_cdata_without_verify_and_round_trips()
    {
        var json = "{\"id\":\"urn:uuid:1\",\"note\":\"a ]]> b & <c>\"}";
        var svg = SvgBaker.Bake(PlainSvg, BadgeSpec.OpenBadges3, json);

        Assert.Contains("xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"", svg);
        Assert.Contains("<openbadges:credential><![CDATA[", svg);
        Assert.DoesNotContain("verify=", svg);
        Assert.Equal(json, SvgBaker.Unbake(svg)!.Content);
    }

    [Fact]
    public void Ob3_jwt_bake_puts_the_token_in_verify_of_an_empty_element_first_in_svg()
    {
        var svg = SvgBaker.Bake(PlainSvg, BadgeSpec.OpenBadges3, "h.p.s");
        var root = System.Xml.Linq.XDocument.Parse(svg).Root!;
        var first = root.Elements().First();
        Assert.Equal(System.Xml.Linq.XName.Get("credential", SvgBaker.Ob3Namespace), first.Name);
        Assert.Equal("h.p.s", first.Attribute("verify")!.Value);
        Assert.True(first.IsEmpty);
        Assert.Contains("<openbadges:credential verify=\"h.p.s\" />", svg);
        var baked = SvgBaker.Unbake(svg)!;
        Assert.Equal(BakedContentKind.CompactJws, baked.Kind);
        Assert.Equal("h.p.s", baked.Content);
    }

    [Fact]
    public void Ob2_json_bake_sets_verify_to_the_hosted_assertion_id()
    {
        var json = "{\"@context\":\"https://w3id.org/openbadges/v2\",\"type\":\"Assertion\",\"id\":\"https://badges.example.edu/a/1\"}";
        var svg = SvgBaker.Bake(PlainSvg, BadgeSpec.OpenBadges2, json);
        Assert.Contains("xmlns:openbadges=\"http://openbadges.org\"", svg);
        var baked = SvgBaker.Unbake(svg)!;
        Assert.Equal(BadgeSpec.OpenBadges2, baked.Spec);
        Assert.Equal("https://badges.example.edu/a/1", baked.VerifyUrl);
        Assert.Equal(json, baked.Content);
    }

    [Fact]
    public void Rebaking_leaves_exactly_one_badge_element_and_switches_namespace()
    {
        var ob2 = SvgBaker.Bake(PlainSvg, BadgeSpec.OpenBadges2, "a.b.c");
        var ob3 = SvgBaker.Bake(ob2, BadgeSpec.OpenBadges3, "d.e.f");
        Assert.DoesNotContain("openbadges:assertion", ob3);
        Assert.DoesNotContain("http://openbadges.org", ob3);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(ob3, "openbadges:credential"));
        Assert.Equal("d.e.f", SvgBaker.Unbake(ob3)!.Content);
    }

    [Fact]
    public void Svg_without_badge_unbakes_to_null()
    {
        Assert.Null(SvgBaker.Unbake(PlainSvg));
    }

    [Fact]
    public void External_entities_are_never_resolved()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET");
        try
        {
            var svg = $"<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM \"file://{secret}\">]>" +
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\">" +
                      "<openbadges:credential>&xxe;</openbadges:credential></svg>";
            BakedBadge? baked = null;
            var error = Record.Exception(() => baked = SvgBaker.Unbake(svg));
            Assert.True(error is null or BakingException);
            Assert.DoesNotContain("TOP-SECRET", baked?.Content ?? "");
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Entity_expansion_bombs_are_not_expanded()
    {
        var svg = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">" +
                  "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><svg xmlns=\"http://www.w3.org/2000/svg\" " +
                  "xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential>&c;</openbadges:credential></svg>";
        BakedBadge? baked = null;
        var error = Record.Exception(() => baked = SvgBaker.Unbake(svg));
        Assert.True(error is null or BakingException);
        Assert.True((baked?.Content.Length ?? 0) < 100);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml")]
    [InlineData("<svg><unclosed></svg>")]
    public void Malformed_svg_is_rejected_clearly(string svg)
    {
        Assert.Throws<BakingException>(() => SvgBaker.Unbake(svg));
    }

    [Fact]
    public void Baking_into_a_non_svg_document_is_refused()
    {
        Assert.Throws<BakingException>(() => SvgBaker.Bake("<html/>", BadgeSpec.OpenBadges3, "a.b.c"));
    }
}

public class SvgGarbageTests
{
    [Fact]
    public void Mutated_svgs_yield_a_badge_null_or_a_baking_exception_only()
    {
        var seed = File.ReadAllBytes(SharedData.SpecFile("testvectors", "official", "1edtech-validator", "ob30", "simple-jwt.svg"));
        var random = new Random(99);
        for (var i = 0; i < 1500; i++)
        {
            var bytes = (byte[])seed.Clone();
            for (var j = 0; j < 4; j++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var cut = random.Next(3) == 0 ? bytes[..random.Next(bytes.Length)] : bytes;
            try
            {
                SvgBaker.Unbake(cut);
            }
            catch (BakingException)
            {
            }
        }
    }
}
