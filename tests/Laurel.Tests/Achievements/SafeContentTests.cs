using System.Text;
using Laurel.Features.Achievements;

namespace Laurel.Tests.Achievements;

/// <summary>Staff-written Markdown and uploaded images cannot carry active content.</summary>
public sealed class SafeContentTests
{
    [Fact]
    public void Markdown_renders_formatting_but_never_script_or_event_handlers()
    {
        var html = SafeMarkdown.Render("**Pass** the exam <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) [npuls](https://npuls.nl/)").ToString()!;
        Assert.Contains("<strong>Pass</strong>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.Contains("href=\"https://npuls.nl/\"", html);
        Assert.Contains("&lt;script&gt;", html); // shown as text, so the reader sees what was typed
    }

    [Fact]
    public void A_remembered_rendering_is_the_same_as_a_fresh_one_and_an_edited_text_renders_anew()
    {
        var source = $"**Criteria** {Guid.NewGuid()} <script>alert(1)</script> [npuls](https://npuls.nl/)";
        var first = SafeMarkdown.Render(source).ToString()!;
        Assert.Equal(SafeMarkdown.RenderUncached(source), first);
        Assert.Equal(first, SafeMarkdown.Render(source).ToString());
        Assert.DoesNotContain("<script", SafeMarkdown.Render(source).ToString());
        var edited = SafeMarkdown.Render(source.Replace("**Criteria**", "*Edited*", StringComparison.Ordinal)).ToString()!;
        Assert.Contains("<em>Edited</em>", edited);
        Assert.DoesNotContain("<strong>Criteria</strong>", edited);
    }

    [Fact]
    public void A_PNG_is_recognised_by_its_signature_not_its_name()
    {
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
        Assert.Equal("image/png", AchievementImage.Check(png).ContentType);
        Assert.Equal("Image_WrongType", AchievementImage.Check(Encoding.ASCII.GetBytes("GIF89a....")).ErrorKey);
    }

    [Fact]
    public void Images_over_two_megabytes_are_refused()
    {
        var big = new byte[AchievementImage.MaxBytes + 1];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(big, 0);
        Assert.Equal("Image_TooLarge", AchievementImage.Check(big).ErrorKey);
    }

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script><circle r=\"4\"/></svg>", "alert")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><circle r=\"4\"/></svg>", "onload")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:x=\"http://www.w3.org/1999/xlink\"><a x:href=\"javascript:alert(1)\"><text>x</text></a><circle r=\"4\"/></svg>", "javascript:")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject><circle r=\"4\"/></svg>", "foreignObject")]
    public void SVG_active_content_is_removed_before_storing(string svg, string removed)
    {
        var (bytes, contentType, error) = AchievementImage.Check(Encoding.UTF8.GetBytes(svg));
        Assert.Null(error);
        Assert.Equal("image/svg+xml", contentType);
        var stored = Encoding.UTF8.GetString(bytes!);
        Assert.DoesNotContain(removed, stored);
        Assert.Contains("circle", stored);
    }

    [Theory]
    [InlineData("<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>")]
    [InlineData("<html><body>not an svg</body></html>")]
    public void SVG_with_entities_or_no_svg_root_is_refused(string svg) =>
        Assert.Equal("Image_WrongType", AchievementImage.Check(Encoding.UTF8.GetBytes(svg)).ErrorKey);

    [Fact]
    public void A_plain_SVG_is_accepted() =>
        Assert.Equal("image/svg+xml", AchievementImage.Check(Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"#1d6b4f\"/></svg>")).ContentType);
}
