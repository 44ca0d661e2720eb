using System.Xml.Linq;
using Laurel.Features.Publishing.Rendering;
using Laurel.Infrastructure.Web;

namespace Laurel.Tests.Rendering;

/// <summary>The SVG credential image must be harmless: the app's own sanitizer gives it back unchanged.</summary>
public sealed class MarkedBadgeSvgTests
{
    private const string HostileSvg = """
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="80" onload="alert(1)">
          <script>alert('x')</script>
          <defs><circle id="dot" r="10" fill="#00AA55"/></defs>
          <rect width="120" height="80" fill="#FFD700"/>
          <use xlink:href="#dot" x="30" y="40"/>
          <use href="#dot" x="90" y="40"/>
          <image href="https://evil.example/track.png" width="1" height="1"/>
          <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
          <text x="5" y="75" style="font-size:8px">Uni &amp; co</text>
        </svg>
        """;

    private static void AssertSanitizerKeepsItUnchanged(string svg)
    {
        var again = SvgSanitizer.Sanitize(svg);
        Assert.True(again.Accepted, $"refused: {again.Refusal}");
        Assert.Equal(svg, again.Svg);
    }

    [Theory]
    [InlineData("en", "MICRO-CREDENTIAL")]
    [InlineData("nl", "MICROCREDENTIAL")]
    public void Micro_credential_with_png_embeds_it_as_data_uri_with_the_label(string language, string label)
    {
        var svg = MarkedBadgeSvg.Svg(RenderKit.MicroCredential(RenderKit.IssuerPng(), language));
        RenderKit.Save($"mc-{language}.svg", System.Text.Encoding.UTF8.GetBytes(svg));
        AssertSanitizerKeepsItUnchanged(svg);
        Assert.Contains($">{label}</text>", svg);
        Assert.Contains(">EQF 6 · 5 EC</text>", svg);
        Assert.Contains("href=\"data:image/png;base64,", svg);
        Assert.Contains($"fill=\"{BadgeArt.MarkColour}\"", svg);
        var root = XElement.Parse(svg);
        Assert.Equal(XName.Get("svg", SvgSanitizer.SvgNamespace), root.Name);
        Assert.Equal("0 0 600 600", (string?)root.Attribute("viewBox"));
    }

    [Fact]
    public void Svg_source_is_nested_inline_stripped_of_anything_active_and_still_unchanged_by_the_sanitizer()
    {
        var svg = MarkedBadgeSvg.Svg(RenderKit.MicroCredential(System.Text.Encoding.UTF8.GetBytes(HostileSvg)));
        RenderKit.Save("mc-nested.svg", System.Text.Encoding.UTF8.GetBytes(svg));
        AssertSanitizerKeepsItUnchanged(svg);
        Assert.DoesNotContain("script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onload", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("evil.example", svg);
        Assert.DoesNotContain("foreignObject", svg);
        var ns = XNamespace.Get(SvgSanitizer.SvgNamespace);
        var nested = XElement.Parse(svg).Elements(ns + "svg").Single();
        Assert.Equal("0 0 120 80", (string?)nested.Attribute("viewBox")); // derived from the source's size
        Assert.Equal("512", (string?)nested.Attribute("width")); // placed in the frame's image box
        Assert.Contains(nested.Descendants(ns + "rect"), r => (string?)r.Attribute("fill") == "#FFD700");
        Assert.Equal(2, nested.Descendants(ns + "use").Count()); // both reference styles survive
        Assert.Contains(">MICRO-CREDENTIAL</text>", svg);
    }

    [Fact]
    public void Regular_kind_has_no_mark_in_svg()
    {
        var svg = MarkedBadgeSvg.Svg(RenderKit.Regular(RenderKit.IssuerPng()));
        AssertSanitizerKeepsItUnchanged(svg);
        Assert.DoesNotContain(BadgeArt.MarkColour, svg);
        Assert.DoesNotContain("MICRO", svg);
        Assert.Contains("href=\"data:image/png;base64,", svg);
    }

    [Fact]
    public void Missing_image_gives_a_vector_generic_badge_with_initials_and_name()
    {
        var svg = MarkedBadgeSvg.Svg(RenderKit.MicroCredential(null, "nl", "Bouwen met <hout> & \"biobased\" materialen"));
        AssertSanitizerKeepsItUnchanged(svg);
        Assert.Contains($"fill=\"{RenderKit.Accent}\"", svg);
        Assert.Contains(">BM</text>", svg);
        Assert.Contains("&lt;hout&gt; &amp;", svg); // text is escaped, never markup
        Assert.Contains(">MICROCREDENTIAL</text>", svg);
    }

    [Fact]
    public void Same_input_gives_the_same_bytes()
    {
        var art = RenderKit.MicroCredential(RenderKit.IssuerPng());
        Assert.Equal(MarkedBadgeSvg.Svg(art), MarkedBadgeSvg.Svg(art));
        Assert.Equal(MarkedBadge.Png(art), MarkedBadge.Png(art));
    }

    [Fact]
    public void Renderings_in_parallel_share_fonts_safely_and_agree()
    {
        var art = RenderKit.MicroCredential(RenderKit.IssuerPng(), "nl");
        var expected = MarkedBadge.Png(art, 200);
        var results = new byte[8][];
        Parallel.For(0, results.Length, i => results[i] = MarkedBadge.Png(art, 200));
        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
