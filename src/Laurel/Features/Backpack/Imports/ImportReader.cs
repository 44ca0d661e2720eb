using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Baking;
using Laurel.Credentials.Limits;
using Laurel.Features.Verification;
using Laurel.Infrastructure.Net;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Backpack.Imports;

/// <summary>What a learner handed in, reduced to the credential text to verify and store (images are unbaked).</summary>
public sealed record ImportCandidate(ImportSource Source, ImportFormat? Container, string Text, string? FileName, string? SourceUrl, string? ImageDataUri);

/// <summary>
/// Turns an uploaded file or an address into credential text: refuses what is empty, too large or of the wrong type with a
/// message that says which it is, unbakes PNG/SVG images (a baked URL is fetched through the verifier's SSRF guard) and
/// fetches addresses only through <see cref="SafeFetcher"/>. Verification itself is <see cref="ImportVerifier"/>'s job.
/// </summary>
public sealed class ImportReader(SafeFetcher fetcher, CredentialLocator locator, VerificationLimits limits, IStringLocalizer<ImportText> t)
{
    /// <summary>Largest file accepted (the page refuses bigger requests before reading them).</summary>
    public const int MaxFileBytes = 5 * 1024 * 1024;

    /// <summary>Baked PNGs up to this size are kept as the badge's picture (a data: URI, allowed by the CSP).</summary>
    private const int MaxPictureBytes = 256 * 1024;

    // Readable, not \u-escaped: the stored text is shown and downloaded; escaping changes no data.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task<(ImportCandidate? Candidate, string? Problem)> FromFileAsync(byte[] bytes, string? fileName, CancellationToken ct)
    {
        if (bytes.Length == 0) return (null, t["File_Empty"]);
        if (bytes.Length > MaxFileBytes) return (null, t["File_TooLarge", MaxFileBytes / 1024 / 1024]);
        return await ReadAsync(bytes, ImportSource.Upload, Path.GetFileName(fileName), null, ct);
    }

    public async Task<(ImportCandidate? Candidate, string? Problem)> FromUrlAsync(Uri url, CancellationToken ct)
    {
        byte[] bytes;
        try
        {
            // A badge page address works too: the locator follows the page to its credential (once, through the same guard).
            bytes = await locator.FetchAsync(url, ct);
        }
        catch (FetchRefusedException e)
        {
            // A private address gets a plain sentence in the learner's language; other refusals name what went wrong.
            return (null, e.PrivateAddress ? t["Url_Private"] : t["Url_Refused", e.Message]);
        }
        catch (NoCredentialOnPageException)
        {
            return (null, t["Url_PageWithoutCredential"]);
        }
        if (bytes.Length == 0) return (null, t["Url_Empty"]);
        return await ReadAsync(bytes, ImportSource.Url, null, url.AbsoluteUri, ct);
    }

    /// <summary>
    /// A credential another Open Badges host handed over (an OB 3.0 getCredentials entry: JSON or a compact JWS), with the
    /// address it was read from; null when it is neither.
    /// </summary>
    public (ImportCandidate? Candidate, string? Problem) FromHostEntry(string text, string sourceUrl)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0) return (null, t["Url_Empty"]);
        if (bytes.Length > MaxFileBytes) return (null, t["File_TooLarge", MaxFileBytes / 1024 / 1024]);
        return AsText(bytes) is { } credential ? (new(ImportSource.Url, null, credential, null, sourceUrl, null), null) : (null, t["File_Unrecognized"]);
    }

    private async Task<(ImportCandidate? Candidate, string? Problem)> ReadAsync(byte[] bytes, ImportSource source, string? fileName,
        string? url, CancellationToken ct)
    {
        if (WrongType(bytes) is { } wrongType) return (null, t[wrongType]);
        var image = BadgeImage.Detect(bytes);
        if (image == BadgeImageFormat.Unknown)
            return AsText(bytes) is { } text ? (new(source, null, text, fileName, url, null), null) : (null, t["File_Unrecognized"]);

        BakedBadge? baked;
        try
        {
            // The operator's image budgets (Laurel:Verification:Limits), as /verify applies them.
            var budget = limits.Processing;
            baked = BadgeImage.Unbake(bytes, new BakingLimits
            {
                MaxImageBytes = MaxFileBytes, MaxTextBytes = MaxFileBytes, MaxSvgElements = budget.MaxSvgElements,
                MaxSvgDepth = budget.MaxSvgDepth, MaxPngChunks = budget.MaxPngChunks,
            });
        }
        catch (BakingException e) when (e.InnerException is ProcessingLimitExceededException exceeded)
        {
            // Not damaged, just more than Laurel reads: say which limit, as /verify does.
            return (null, t["File_LimitExceeded", exceeded.Limit, exceeded.Max.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)]);
        }
        catch (Exception e) when (e is BakingException or FormatException or InvalidDataException or System.Xml.XmlException
            or IOException or ArgumentException or OverflowException)
        {
            return (null, t[image == BadgeImageFormat.Png ? "File_CorruptPng" : "File_CorruptSvg"]);
        }
        if (baked is null || string.IsNullOrWhiteSpace(baked.Content))
            return (null, t[image == BadgeImageFormat.Png ? "File_PngNotBaked" : "File_SvgNotBaked"]);

        var container = image == BadgeImageFormat.Png ? ImportFormat.BakedPng : ImportFormat.BakedSvg;
        var picture = image == BadgeImageFormat.Png && bytes.Length <= MaxPictureBytes ? "data:image/png;base64," + Convert.ToBase64String(bytes) : null;
        var content = baked.Content;
        if (baked.Kind == BakedContentKind.Url)
        {
            // Old OB 1.x/2.0 images carry only the address of the hosted assertion: fetch it as the verifier would.
            if (!Uri.TryCreate(content.Trim(), UriKind.Absolute, out var hosted)) return (null, t["File_Unrecognized"]);
            try
            {
                content = StrictUtf8.GetString(await fetcher.FetchAsync(hosted, ct));
            }
            catch (Exception e) when (e is FetchRefusedException or DecoderFallbackException)
            {
                return (null, t["Baked_UrlRefused", hosted.AbsoluteUri, e.Message]);
            }
        }
        return (new(source, container, Normalize(content), fileName, url, picture), null);
    }

    /// <summary>Well-known types that are certainly not a badge, so the message can name what was given.</summary>
    private static string? WrongType(ReadOnlySpan<byte> b) => b switch
    {
        [0x25, 0x50, 0x44, 0x46, ..] => "File_Pdf",                      // %PDF
        [0xFF, 0xD8, 0xFF, ..] => "File_Jpeg",
        [0x47, 0x49, 0x46, 0x38, ..] => "File_OtherImage",              // GIF8
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "File_OtherImage", // RIFF....WEBP
        [0x50, 0x4B, 0x03, 0x04, ..] => "File_Archive",                 // zip, docx, xlsx
        _ => null,
    };

    /// <summary>UTF-8 text that looks like JSON or a compact JWS; null for anything else.</summary>
    private static string? AsText(byte[] bytes)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        text = text.Trim().TrimStart('\uFEFF').Trim();
        if (text.StartsWith('{')) return Normalize(text);
        return LooksLikeCompactJws(text) ? text : null;
    }

    /// <summary>
    /// JSON is stored compact, so the same credential imported as a file, from a baked image or from an address has the same
    /// content hash; the proof covers the data, not the whitespace. Unparseable JSON is kept as it is for the verifier to report.
    /// </summary>
    private static string Normalize(string text)
    {
        text = text.Trim();
        if (!text.StartsWith('{')) return text;
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 })?.ToJsonString(Compact) ?? text;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static bool LooksLikeCompactJws(string text) =>
        text.Length > 4 && text.Count(c => c == '.') == 2
        && text.All(c => c is '.' or '-' or '_' or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9'));
}
