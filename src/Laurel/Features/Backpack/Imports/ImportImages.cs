using Laurel.Infrastructure.Net;

namespace Laurel.Features.Backpack.Imports;

/// <summary>
/// Keeps an imported badge's picture in Laurel. Laurel's CSP allows images only from itself and <c>data:</c>, and a badge page
/// that loaded the picture from the issuer's host would tell that host who looks at the learner's backpack. So instead of
/// widening <c>img-src</c> to arbitrary hosts, the picture an imported credential names by https URL is fetched once, at
/// import, through the SSRF-guarded <see cref="SafeFetcher"/>, checked to be a raster image by its bytes (PNG, JPEG, GIF or
/// WebP; SVG is refused because it would need sanitising before it could be shown) and at most <see cref="MaxBytes"/>, and
/// stored with the import as a <c>data:</c> URI that Laurel serves inside its own pages. A picture that cannot be fetched
/// or is not an image is left out: the import still succeeds and the backpack shows its placeholder.
/// </summary>
public sealed class ImportImages(SafeFetcher fetcher, ILogger<ImportImages> logger)
{
    public const int MaxBytes = 256 * 1024;

    /// <summary>The picture to store for <paramref name="image"/> (a data: URI or URL from the credential), or null.</summary>
    public async Task<string?> StoreAsync(string? image, CancellationToken ct)
    {
        if (image is null || image.StartsWith("data:image/", StringComparison.Ordinal)) return image; // ImportFacts checked its type and size
        if (!Uri.TryCreate(image, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")) return null;
        byte[] bytes;
        try
        {
            bytes = await fetcher.FetchAsync(url, ct);
        }
        catch (FetchRefusedException e)
        {
            logger.LogInformation("The picture of an imported badge was not fetched: {Reason}", e.Message);
            return null;
        }
        return bytes.Length is > 0 and <= MaxBytes && MediaType(bytes) is { } type ? $"data:{type};base64,{Convert.ToBase64String(bytes)}" : null;
    }

    /// <summary>The raster type the bytes start with; whatever the server said the type was does not count.</summary>
    private static string? MediaType(ReadOnlySpan<byte> b) => b switch
    {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x47, 0x49, 0x46, 0x38, ..] => "image/gif",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
        _ => null,
    };
}
