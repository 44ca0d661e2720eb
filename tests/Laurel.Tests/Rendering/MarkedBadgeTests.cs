using Laurel.Features.Publishing.Rendering;
using SkiaSharp;

namespace Laurel.Tests.Rendering;

/// <summary>The credential image PNG: the mark for micro-credentials only, and never a failure on bad input.</summary>
public sealed class MarkedBadgeTests
{
    // The frame's left strip, clear of the rounded corners, and a corner of the label band below the image panel.
    private static readonly SKRectI LeftFrame = new(2, 80, 14, 420);
    private static readonly SKRectI BandCorner = new(40, 462, 70, 480);

    [Fact]
    public void Micro_credential_png_is_600_square_with_the_mark_colour_in_frame_and_band()
    {
        var png = MarkedBadge.Png(RenderKit.MicroCredential(RenderKit.IssuerPng()));
        RenderKit.Save("mc-en.png", png);
        using var bitmap = RenderKit.Decode(png);
        Assert.Equal((600, 600), (bitmap.Width, bitmap.Height));
        Assert.Equal(LeftFrame.Width * LeftFrame.Height, RenderKit.Count(bitmap, LeftFrame, RenderKit.Mark));
        Assert.Equal(BandCorner.Width * BandCorner.Height, RenderKit.Count(bitmap, BandCorner, RenderKit.Mark));
        Assert.True(RenderKit.Near(bitmap.GetPixel(300, 236), new SKColor(0x2E, 0x9E, 0x4F)), "the issuer's image is drawn inside the frame");
    }

    [Fact]
    public void Regular_badge_png_has_no_mark_only_the_issuers_image()
    {
        var png = MarkedBadge.Png(RenderKit.Regular(RenderKit.IssuerPng(400, 200)));
        RenderKit.Save("regular.png", png);
        using var bitmap = RenderKit.Decode(png);
        Assert.Equal((600, 600), (bitmap.Width, bitmap.Height));
        Assert.Equal(0, RenderKit.Count(bitmap, new SKRectI(0, 0, 600, 600), RenderKit.Mark));
        Assert.True(RenderKit.Near(bitmap.GetPixel(300, 300), new SKColor(0x2E, 0x9E, 0x4F)));
        Assert.True(RenderKit.Near(bitmap.GetPixel(300, 200), RenderKit.IssuerOrange), "a 2:1 image is scaled to the full width");
        Assert.Equal(0, bitmap.GetPixel(300, 60).Alpha); // letterboxed, transparent above a wide image
    }

    [Theory]
    [InlineData(128)]
    [InlineData(1024)]
    public void Requested_size_is_honoured(int size)
    {
        using var bitmap = RenderKit.Decode(MarkedBadge.Png(RenderKit.MicroCredential(RenderKit.IssuerPng()), size));
        Assert.Equal((size, size), (bitmap.Width, bitmap.Height));
    }

    public static TheoryData<string, byte[]> BrokenImages => new()
    {
        { "truncated png", RenderKit.IssuerPng()[..200] },
        { "png signature then garbage", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Repeat((byte)0x41, 500)] },
        { "random bytes", Enumerable.Range(0, 1000).Select(i => (byte)(i * 37 % 251)).ToArray() },
        { "svg with doctype", "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x \"y\">]><svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray() },
        { "not svg markup", "<html><script>alert(1)</script></html>"u8.ToArray() },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(BrokenImages))]
    public void Broken_or_absent_images_give_the_generic_badge_in_the_frame(string why, byte[] image)
    {
        var png = MarkedBadge.Png(RenderKit.MicroCredential(image));
        using var bitmap = RenderKit.Decode(png);
        Assert.True(RenderKit.Near(bitmap.GetPixel(150, 236), SKColor.Parse(RenderKit.Accent)), $"{why}: generic disc in the institution colour");
        Assert.Equal(LeftFrame.Width * LeftFrame.Height, RenderKit.Count(bitmap, LeftFrame, RenderKit.Mark));

        var svg = MarkedBadgeSvg.Svg(RenderKit.MicroCredential(image));
        Assert.Contains(">DS</text>", svg); // the initials, in the SVG too
    }

    [Fact]
    public void Svg_source_is_drawn_as_generic_badge_when_a_png_is_needed()
    {
        var svg = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#00FF00"/></svg>"""u8.ToArray();
        var png = MarkedBadge.Png(RenderKit.MicroCredential(svg));
        RenderKit.Save("mc-svg-source.png", png);
        using var bitmap = RenderKit.Decode(png);
        Assert.True(RenderKit.Near(bitmap.GetPixel(150, 236), SKColor.Parse(RenderKit.Accent)));
        Assert.Equal(0, RenderKit.Count(bitmap, new SKRectI(0, 0, 600, 600), new SKColor(0, 0xFF, 0)));
    }

    [Fact]
    public void Regular_badge_without_image_is_a_generic_badge_without_mark()
    {
        using var bitmap = RenderKit.Decode(MarkedBadge.Png(RenderKit.Regular()));
        Assert.Equal(0, RenderKit.Count(bitmap, new SKRectI(0, 0, 600, 600), RenderKit.Mark));
        Assert.True(RenderKit.Near(bitmap.GetPixel(100, 300), SKColor.Parse(RenderKit.Accent)));
    }

    [Fact]
    public void A_very_long_name_stays_inside_the_disc_and_never_touches_the_frame()
    {
        var name = string.Join(' ', Enumerable.Repeat("Interdisciplinaire duurzaamheidsvraagstukken", 12));
        var png = MarkedBadge.Png(RenderKit.MicroCredential(null, "nl", name));
        RenderKit.Save("mc-long-name-nl.png", png);
        using var bitmap = RenderKit.Decode(png);
        Assert.Equal(LeftFrame.Width * LeftFrame.Height, RenderKit.Count(bitmap, LeftFrame, RenderKit.Mark));
        var bottomFrame = new SKRectI(80, 586, 520, 597);
        Assert.Equal(bottomFrame.Width * bottomFrame.Height, RenderKit.Count(bitmap, bottomFrame, RenderKit.Mark));

        // The name is shrunk, wrapped to two lines and cut with an ellipsis: every line fits the disc's text width.
        var layout = GenericBadge.Measure(BadgeLayout.FramedImage, name);
        Assert.Equal(2, layout.Name.Lines.Count);
        Assert.EndsWith("…", layout.Name.Lines[^1]);
        Assert.All(layout.Name.Lines, line =>
            Assert.True(TextFit.Measure(line, RenderFonts.Regular, layout.Name.Size) <= layout.Radius * 2 * 0.66f, line));
    }
}
