using System.Text;
using Laurel.Infrastructure.Web;

namespace Laurel.Tests.Institutions;

/// <summary>Issuer images are judged by their content: a PNG with a sound header, or an SVG that survives sanitizing.</summary>
public sealed class IssuerImageTests
{
    private static byte[] Png => Convert.FromBase64String(StructureTests.OnePixelPng);

    [Fact]
    public void Valid_png_is_kept_as_uploaded()
    {
        var (image, problem) = UploadedImage.Check(Png);
        Assert.Null(problem);
        Assert.Equal("image/png", image!.ContentType);
        Assert.Equal(Png, image.Bytes);
    }

    [Fact]
    public void Png_with_a_corrupted_header_is_refused()
    {
        var png = Png;
        png[16 + 3] ^= 0xFF; // width changes, so the IHDR checksum no longer matches
        Assert.Equal("ImageBadPng", UploadedImage.Check(png).ProblemKey);
        Assert.Equal("ImageBadPng", UploadedImage.Check(Png[..20]).ProblemKey);
    }

    [Fact]
    public void Svg_is_stored_sanitized_and_other_content_refused()
    {
        var (svg, _) = UploadedImage.Check(Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x()</script><rect width=\"1\" height=\"1\"/></svg>"));
        Assert.Equal("image/svg+xml", svg!.ContentType);
        Assert.DoesNotContain("script", Encoding.UTF8.GetString(svg.Bytes));
        Assert.Equal("ImageWrongType", UploadedImage.Check("GIF89a"u8.ToArray()).ProblemKey);
        Assert.Equal("ImageEmpty", UploadedImage.Check([]).ProblemKey);
        Assert.Equal("ImageTooLarge", UploadedImage.Check(new byte[UploadedImage.MaxBytes + 1]).ProblemKey);
    }
}
