using Laurel.Infrastructure.Web;

namespace Laurel.Tests.Institutions;

/// <summary>Uploaded SVG can neither run script nor fetch anything once sanitized; DOCTYPEs are refused.</summary>
public sealed class SvgSanitizerTests
{
    private const string Ns = "xmlns=\"http://www.w3.org/2000/svg\"";

    private static string Clean(string svg)
    {
        var result = SvgSanitizer.Sanitize(svg);
        Assert.True(result.Accepted, $"refused: {result.Refusal}");
        return result.Svg!;
    }

    [Fact]
    public void Normal_badge_svg_survives_with_its_shapes_gradients_and_text()
    {
        var svg = $"""
            <svg {Ns} xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100" width="100" height="100">
              <defs><linearGradient id="g"><stop offset="0" stop-color="#1d6b4f"/><stop offset="1" stop-color="#fff"/></linearGradient></defs>
              <title>Badge</title>
              <circle cx="50" cy="50" r="40" fill="url(#g)" stroke="#000"/>
              <use xlink:href="#g"/>
              <text x="50" y="55" text-anchor="middle" font-size="12">Laurel &amp; co</text>
            </svg>
            """;
        var clean = Clean(svg);
        Assert.Contains("<circle cx=\"50\" cy=\"50\" r=\"40\" fill=\"url(#g)\" stroke=\"#000\"", clean);
        Assert.Contains("viewBox=\"0 0 100 100\"", clean);
        Assert.Contains("stop-color=\"#1d6b4f\"", clean);
        Assert.Contains(">Laurel &amp; co</text>", clean);
        Assert.Contains("href=\"#g\"", clean);
        Assert.Contains("<title>Badge</title>", clean);
    }

    [Fact]
    public void Script_elements_are_removed_with_their_content()
    {
        var clean = Clean($"<svg {Ns}><script>alert('x')</script><script><![CDATA[alert(1)]]></script><rect width=\"1\" height=\"1\"/></svg>");
        Assert.DoesNotContain("script", clean);
        Assert.DoesNotContain("alert", clean);
        Assert.Contains("<rect", clean);
    }

    [Fact]
    public void Event_handlers_are_removed()
    {
        var clean = Clean($"<svg {Ns} onload=\"alert(1)\"><circle r=\"1\" onclick=\"steal()\" onmouseover=\"x()\"/></svg>");
        Assert.DoesNotContain("onload", clean);
        Assert.DoesNotContain("onclick", clean);
        Assert.DoesNotContain("onmouseover", clean);
        Assert.Contains("<circle r=\"1\"", clean);
    }

    [Fact]
    public void Javascript_and_external_links_are_removed()
    {
        var clean = Clean($"""
            <svg {Ns} xmlns:xlink="http://www.w3.org/1999/xlink">
              <a href="javascript:alert(1)"><rect width="1" height="1"/></a>
              <use xlink:href="javascript:alert(2)"/>
              <use xlink:href="https://evil.example/sprite.svg#icon"/>
              <image href="http://evil.example/track.png" width="1" height="1"/>
              <rect fill="url(https://evil.example/x)" style="background:url('http://evil.example/y')" width="2" height="2"/>
            </svg>
            """);
        Assert.DoesNotContain("javascript", clean);
        Assert.DoesNotContain("evil.example", clean);
        Assert.DoesNotContain("<a", clean); // <a> is not on the whitelist, so its subtree goes too
        Assert.Contains("width=\"2\"", clean);
    }

    [Fact]
    public void Embedded_png_image_is_kept()
    {
        var clean = Clean($"<svg {Ns}><image href=\"data:image/png;base64,iVBORw0KGgo=\" width=\"1\" height=\"1\"/></svg>");
        Assert.Contains("data:image/png;base64,iVBORw0KGgo=", clean);
    }

    [Fact]
    public void ForeignObject_and_foreign_namespaces_are_removed()
    {
        var clean = Clean($"""<svg {Ns}><foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example"/></body></foreignObject><metadata>x</metadata><rect width="1" height="1"/></svg>""");
        Assert.DoesNotContain("foreignObject", clean);
        Assert.DoesNotContain("iframe", clean);
        Assert.DoesNotContain("evil", clean);
        Assert.Contains("<rect", clean);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&lol2;</svg>")]
    [InlineData("<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\"><svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    [InlineData("<!DOCTYPE svg [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&xxe;</text></svg>")]
    public void Doctype_and_entities_are_refused(string svg)
    {
        var result = SvgSanitizer.Sanitize(svg);
        Assert.False(result.Accepted);
        Assert.Equal(SvgRefusal.HasDoctype, result.Refusal);
    }

    [Theory]
    [InlineData("not xml at all", SvgRefusal.NotXml)]
    [InlineData("<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>", SvgRefusal.NotSvg)]
    [InlineData("<svg><rect/></svg>", SvgRefusal.NotSvg)] // no SVG namespace: browsers would not treat it as SVG either
    public void Non_svg_input_is_refused(string input, SvgRefusal expected) =>
        Assert.Equal(expected, SvgSanitizer.Sanitize(input).Refusal);
}
