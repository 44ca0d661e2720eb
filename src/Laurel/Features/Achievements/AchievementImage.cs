using Laurel.Infrastructure.Web;

namespace Laurel.Features.Achievements;

/// <summary>Checks an uploaded badge image with the shared upload rules (PNG by content, SVG sanitized), at most 2 MB.</summary>
public static class AchievementImage
{
    public const int MaxBytes = UploadedImage.MaxBytes;

    /// <summary>The bytes and content type to store (SVG as rebuilt by the sanitizer), or the resource key of the problem.</summary>
    public static (byte[]? Bytes, string? ContentType, string? ErrorKey) Check(byte[] bytes)
    {
        var (image, problem) = UploadedImage.Check(bytes);
        if (image is not null) return (image.Bytes, image.ContentType, null);
        return (null, null, problem switch
        {
            "ImageEmpty" => "Image_Empty",
            "ImageTooLarge" => "Image_TooLarge",
            _ => "Image_WrongType",
        });
    }
}
