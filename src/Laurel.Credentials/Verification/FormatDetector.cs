using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Baking;
using Laurel.Credentials.Limits;

namespace Laurel.Credentials.Verification;

/// <summary>What the detector found: the format, the JSON or JWT text, and a failed format check when unusable.</summary>
internal sealed record DetectedInput(CredentialFormat Format, BakedContainer Container, JsonObject? Json, string? Jwt, VerificationCheck Check)
{
    /// <summary>The <see cref="ProcessingLimits"/> property an image ran out of, if any.</summary>
    public string? ExceededLimit { get; init; }
}

/// <summary>Unbakes images, parses JSON under size/depth limits and tells OB 3.0 JSON, VC-JWT and OB 2.0 apart. Never throws.</summary>
internal static class FormatDetector
{
    private const string Ob2Context = "https://w3id.org/openbadges/v2";

    public static DetectedInput Detect(ReadOnlySpan<byte> input, VerifierOptions options)
    {
        if (input.Length > options.MaxInputBytes)
            return Fail("format.too_large", $"The input is {input.Length:N0} bytes; at most {options.MaxInputBytes:N0} are accepted.");
        if (input.IsEmpty) return Fail("format.empty", "The input is empty.");

        var container = BadgeImage.Detect(input) switch
        {
            BadgeImageFormat.Png => BakedContainer.Png,
            BadgeImageFormat.Svg => BakedContainer.Svg,
            _ => BakedContainer.None,
        };
        if (container == BakedContainer.None) return FromText(input, container, options);

        BakedBadge? baked;
        try
        {
            var limits = options.Limits;
            baked = BadgeImage.Unbake(input, new BakingLimits
            {
                MaxImageBytes = options.MaxInputBytes, MaxTextBytes = options.MaxInputBytes, MaxSvgElements = limits.MaxSvgElements,
                MaxSvgDepth = limits.MaxSvgDepth, MaxPngChunks = limits.MaxPngChunks,
            });
        }
        catch (BakingException e) when (e.InnerException is ProcessingLimitExceededException limit)
        {
            return Fail(ProofStage.LimitCode, "The image could not be read: " + limit.Message, container) with { ExceededLimit = limit.Limit };
        }
        catch (Exception e) when (e is BakingException or FormatException or InvalidDataException or System.Xml.XmlException or IOException)
        {
            return Fail("format.bad_image", "The image could not be read: " + e.Message, container);
        }
        if (baked is null) return Fail("format.not_baked", "The image does not contain a badge.", container);
        if (baked.Kind == BakedContentKind.Url)
            return Fail("format.hosted_url", $"The image only points to a hosted assertion ({baked.Content}); fetch it and verify the result.", container);
        return FromText(Encoding.UTF8.GetBytes(baked.Content), container, options);
    }

    private static DetectedInput FromText(ReadOnlySpan<byte> bytes, BakedContainer container, VerifierOptions options)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        var start = 0;
        while (start < bytes.Length && bytes[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') start++;
        bytes = bytes[start..];
        if (bytes.IsEmpty) return Fail("format.empty", "The input is empty.", container);
        if (bytes[0] is (byte)'{' or (byte)'[') return FromJson(bytes, container, options);
        if (LooksLikeCompactJws(bytes))
            return new(CredentialFormat.Ob3Jwt, container, null, Encoding.ASCII.GetString(bytes).TrimEnd(),
                Passed("format.vc_jwt", "A VC-JWT (compact JWS)."));
        return Fail("format.unrecognized", "The input is neither credential JSON, a VC-JWT nor a baked PNG/SVG.", container);
    }

    private static DetectedInput FromJson(ReadOnlySpan<byte> bytes, BakedContainer container, VerifierOptions options, bool enveloped = false)
    {
        JsonObject json;
        try
        {
            var node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = options.MaxJsonDepth });
            if (node is not JsonObject o) return Fail("format.not_an_object", "The JSON is not an object.", container);
            json = o;
        }
        catch (JsonException e)
        {
            return Fail("format.invalid_json", "The input is not valid JSON (or nests deeper than " + options.MaxJsonDepth + " levels): " + e.Message, container);
        }

        // VC 2.0 §4.13.1: an EnvelopedVerifiableCredential carries the credential in its data: URL id; what is verified is the
        // credential inside (once: an envelope in an envelope is not opened).
        if (Mentions(json["type"], "EnvelopedVerifiableCredential") && !Mentions(json["type"], "VerifiableCredential"))
            return enveloped
                ? Fail("format.not_a_credential", "An enveloped credential inside another envelope is not opened.", container)
                : FromEnvelope(json, container, options);
        if (Mentions(json["@context"], Ob2Context) || (json["@context"] is null && Mentions(json["type"], "Assertion")))
            return new(CredentialFormat.Ob2Assertion, container, json, null, Passed("format.ob2", "An Open Badges 2.0 assertion."));
        if (Mentions(json["type"], "VerifiableCredential") || json.ContainsKey("proof") || json.ContainsKey("credentialSubject"))
            return SchemaStage.IsOpenBadge(json)
                ? new(CredentialFormat.Ob3DataIntegrity, container, json, null, Passed("format.ob3", "An Open Badges 3.0 credential (JSON-LD)."))
                : new(CredentialFormat.VcDataIntegrity, container, json, null, Passed("format.vc", "A W3C verifiable credential (JSON-LD)."));
        return new(CredentialFormat.Unknown, container, json, null,
            new(CheckIds.Format, CheckOutcome.Failed, "format.not_a_credential", "The JSON is neither a verifiable credential nor an OB 2.0 assertion."));
    }

    // The enveloped credential's data: URL (RFC 2397): a VC-JWT (application/vc+jwt, …+jwt, application/jwt) is verified as a
    // VC-JWT, a JSON-LD credential (application/vc, application/vc+ld+json, application/ld+json, application/json) as JSON.
    private static DetectedInput FromEnvelope(JsonObject envelope, BakedContainer container, VerifierOptions options)
    {
        var id = envelope["id"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        if (id is null || !TryReadDataUrl(id, out var mediaType, out var content))
            return Fail("format.not_a_credential", "The enveloped credential's id is not a data: URL Laurel can read.", container);
        if (mediaType is "application/vc+jwt" or "application/vc+ld+json+jwt" or "application/jwt")
            return LooksLikeCompactJws(content)
                ? new(CredentialFormat.Ob3Jwt, container, null, Encoding.ASCII.GetString(content).Trim(), Passed("format.vc_jwt", "An enveloped VC-JWT (compact JWS)."))
                : Fail("format.not_a_credential", $"The enveloped credential says it is {mediaType} but holds no compact JWS.", container);
        if (mediaType is "application/vc" or "application/vc+ld+json" or "application/ld+json" or "application/json")
            return FromJson(content, container, options, enveloped: true);
        return Fail("format.not_a_credential", $"Laurel does not open enveloped credentials of type {mediaType}.", container);
    }

    private static bool TryReadDataUrl(string url, out string mediaType, out byte[] content)
    {
        (mediaType, content) = ("", []);
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) return false;
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0) return false;
        var header = url[5..comma].Split(';');
        mediaType = header[0].Trim().ToLowerInvariant();
        var data = url[(comma + 1)..];
        try
        {
            content = header.Skip(1).Any(p => p.Trim().Equals("base64", StringComparison.OrdinalIgnoreCase))
                ? Convert.FromBase64String(Uri.UnescapeDataString(data))
                : Encoding.UTF8.GetBytes(Uri.UnescapeDataString(data));
        }
        catch (FormatException)
        {
            return false;
        }
        return content.Length > 0;
    }

    /// <summary>Three base64url segments separated by dots, nothing else.</summary>
    private static bool LooksLikeCompactJws(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty && bytes[^1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') bytes = bytes[..^1];
        var dots = 0;
        foreach (var b in bytes)
        {
            if (b == (byte)'.') dots++;
            else if (!(b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_')) return false;
        }
        return dots == 2 && bytes.Length > 4;
    }

    internal static bool Mentions(JsonNode? node, string value) => node switch
    {
        JsonValue v => v.TryGetValue<string>(out var s) && s == value,
        JsonArray a => a.Any(n => n is JsonValue v && v.TryGetValue<string>(out var s) && s == value),
        _ => false,
    };

    private static VerificationCheck Passed(string code, string detail) => new(CheckIds.Format, CheckOutcome.Passed, code, detail);

    private static DetectedInput Fail(string code, string detail, BakedContainer container = BakedContainer.None) =>
        new(CredentialFormat.Unknown, container, null, null, new(CheckIds.Format, CheckOutcome.Failed, code, detail));
}
