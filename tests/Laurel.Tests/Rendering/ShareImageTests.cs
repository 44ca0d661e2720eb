using Laurel.Features.Publishing.Rendering;
using SkiaSharp;

namespace Laurel.Tests.Rendering;

/// <summary>The wide OpenGraph/LinkedIn preview.</summary>
public sealed class ShareImageTests
{
    [Fact]
    public void Micro_credential_share_image_is_1200_by_627_with_the_marked_badge_on_the_left()
    {
        var png = ShareImage.Png(RenderKit.MicroCredential(RenderKit.IssuerPng()), "Universiteit Utrecht");
        RenderKit.Save("share-mc.png", png);
        using var bitmap = RenderKit.Decode(png);
        Assert.Equal((1200, 627), (bitmap.Width, bitmap.Height));
        // The badge occupies x 60..560: its frame is there, in the mark colour.
        var frame = new SKRectI(62, 130, 70, 400);
        Assert.Equal(frame.Width * frame.Height, RenderKit.Count(bitmap, frame, RenderKit.Mark));
        // The kind line is drawn in the mark colour on the right-hand side.
        Assert.True(RenderKit.Count(bitmap, new SKRectI(600, 0, 1200, 600), RenderKit.Mark) > 500);
    }

    [Fact]
    public void Regular_share_image_has_no_mark_colour_anywhere()
    {
        var png = ShareImage.Png(RenderKit.Regular(RenderKit.IssuerPng()), "TU Delft");
        RenderKit.Save("share-regular.png", png);
        using var bitmap = RenderKit.Decode(png);
        Assert.Equal((1200, 627), (bitmap.Width, bitmap.Height));
        Assert.Equal(0, RenderKit.Count(bitmap, new SKRectI(0, 0, 1200, 627), RenderKit.Mark));
    }

    [Fact]
    public void Very_long_names_keep_the_right_margin_clear()
    {
        var art = RenderKit.MicroCredential(null, "nl",
            string.Join(' ', Enumerable.Repeat("Circulaire bouweconomie en duurzame gebiedsontwikkeling", 10)));
        var png = ShareImage.Png(art, string.Join(' ', Enumerable.Repeat("Hogeschool van Arnhem en Nijmegen", 4)));
        RenderKit.Save("share-long-nl.png", png);
        using var bitmap = RenderKit.Decode(png);
        var background = bitmap.GetPixel(1199, 5);
        var margin = new SKRectI(1152, 0, 1200, 600); // text is at most 530 wide from x 620
        Assert.Equal(margin.Width * margin.Height, RenderKit.Count(bitmap, margin, background, 0));
    }

    [Fact]
    public void Broken_image_still_gives_a_share_image_with_the_generic_badge()
    {
        using var bitmap = RenderKit.Decode(ShareImage.Png(RenderKit.MicroCredential([0x89, 0x50, 0x4E, 0x47, 9, 9]), "UU"));
        Assert.Equal((1200, 627), (bitmap.Width, bitmap.Height));
        Assert.True(RenderKit.Count(bitmap, new SKRectI(60, 56, 560, 556), SKColor.Parse(RenderKit.Accent)) > 10_000);
    }
}
