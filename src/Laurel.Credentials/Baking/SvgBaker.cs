using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Laurel.Credentials.Limits;

namespace Laurel.Credentials.Baking;

/// <summary>Bakes badge payloads into SVG images and reads them back (BAKE-2.3/2.4, BAKE-3.3/3.4).</summary>
public static class SvgBaker
{
    /// <summary>Namespace of the OB 2.0 <c>openbadges:assertion</c> element.</summary>
    public const string Ob2Namespace = "http://openbadges.org";

    /// <summary>Namespace of the OB 3.0 <c>openbadges:credential</c> element.</summary>
    public const string Ob3Namespace = "https://purl.imsglobal.org/ob/v3p0";

    private const string Prefix = "openbadges";

    /// <summary>
    /// Returns the SVG with exactly one badge element as the first child of the root (existing ones are removed).
    /// JWS payloads go into <c>verify</c>; JSON goes into CDATA (OB 2.0 additionally gets <c>verify</c> = the
    /// hosted assertion URL, <paramref name="hostedUrl"/> or else the assertion's <c>id</c>).
    /// </summary>
    public static byte[] Bake(ReadOnlySpan<byte> svg, BadgeSpec spec, string content, string? hostedUrl = null, BakingLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(content);
        limits ??= BakingLimits.Default;
        var document = Load(svg, limits);
        var root = document.Root!;
        if (root.Name.LocalName != "svg") throw new BakingException("The image's root element is not <svg>.");

        var isBadge = BadgeElements(document);
        root.Descendants().Where(isBadge).ToList().ForEach(e => e.Remove());
        var ns = XNamespace.Get(spec == BadgeSpec.OpenBadges3 ? Ob3Namespace : Ob2Namespace);
        // Re-point the prefix: a re-bake may switch between the OB 2.0 and OB 3.0 namespaces.
        root.SetAttributeValue(XNamespace.Xmlns + Prefix, ns.NamespaceName);
        root.AddFirst(BuildElement(spec, ns, content, hostedUrl));

        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
            document.Save(writer);
        return output.ToArray();
    }

    /// <summary>String convenience overload of <see cref="Bake(ReadOnlySpan{byte}, BadgeSpec, string, string?, BakingLimits?)"/>.</summary>
    public static string Bake(string svg, BadgeSpec spec, string content, string? hostedUrl = null, BakingLimits? limits = null) =>
        Encoding.UTF8.GetString(Bake(Encoding.UTF8.GetBytes(svg), spec, content, hostedUrl, limits));

    /// <summary>
    /// Finds the first <c>openbadges:credential</c> (OB 3.0) or <c>openbadges:assertion</c> (OB 2.0) element.
    /// Returns null when there is none; throws <see cref="BakingException"/> for malformed or oversized XML.
    /// </summary>
    public static BakedBadge? Unbake(ReadOnlySpan<byte> svg, BakingLimits? limits = null)
    {
        limits ??= BakingLimits.Default;
        var document = Load(svg, limits);
        var element = document.Descendants().FirstOrDefault(BadgeElements(document));
        if (element is null) return null;
        var spec = element.Name.LocalName == "credential" ? BadgeSpec.OpenBadges3 : BadgeSpec.OpenBadges2;
        var verify = element.Attribute("verify")?.Value.Trim();
        var body = element.Value.Trim();
        if (body.Length > limits.MaxTextBytes) throw new BakingException($"The baked text is larger than {limits.MaxTextBytes} characters.");
        if (body.Length > 0) return new BakedBadge(spec, BakedBadge.Classify(body), body) { VerifyUrl = verify };
        if (string.IsNullOrEmpty(verify)) throw new BakingException("The SVG badge element has neither a verify attribute nor content.");
        return new BakedBadge(spec, BakedBadge.Classify(verify), verify);
    }

    /// <summary>String convenience overload of <see cref="Unbake(ReadOnlySpan{byte}, BakingLimits?)"/>.</summary>
    public static BakedBadge? Unbake(string svg, BakingLimits? limits = null) => Unbake(Encoding.UTF8.GetBytes(svg), limits);

    private static XElement BuildElement(BadgeSpec spec, XNamespace ns, string content, string? hostedUrl)
    {
        var element = new XElement(ns + (spec == BadgeSpec.OpenBadges3 ? "credential" : "assertion"));
        if (BakedBadge.Classify(content) != BakedContentKind.Json)
        {
            element.SetAttributeValue("verify", content);
            return element;
        }
        if (spec == BadgeSpec.OpenBadges2)
        {
            var url = hostedUrl ?? AssertionId(content)
                ?? throw new BakingException("An OB 2.0 JSON assertion needs its hosted URL for the verify attribute.");
            element.SetAttributeValue("verify", url);
        }
        // BAKE-P5: XmlWriter splits any "]]>" inside the JSON across CDATA sections.
        element.Add(new XCData(content));
        return element;
    }

    private static string? AssertionId(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The test for a badge element: <c>credential</c> or <c>assertion</c> in the OB 2.0/3.0 namespace, or in a namespace the
    /// document binds to the <c>openbadges</c> prefix (some bakers pair an element with the other spec's namespace). The
    /// prefixed namespaces are collected once: asking each element for its prefix walks every ancestor's attributes, which
    /// made 49,000 such elements under 20,000 namespace declarations cost seconds (issue 12 finding 3).
    /// </summary>
    private static Func<XElement, bool> BadgeElements(XDocument document)
    {
        var prefixed = document.Descendants().Attributes()
            .Where(a => a.IsNamespaceDeclaration && a.Name.LocalName == Prefix && a.Name.Namespace == XNamespace.Xmlns)
            .Select(a => a.Value).ToHashSet(StringComparer.Ordinal);
        return e =>
        {
            if (e.Name.LocalName is not ("credential" or "assertion")) return false;
            var ns = e.Name.NamespaceName;
            return ns is Ob2Namespace or Ob3Namespace || prefixed.Contains(ns);
        };
    }

    /// <summary>
    /// A streaming pass that refuses too many or too deeply nested elements before a tree is built: reading a deep
    /// document costs time quadratic in its depth (issue 12: 200,000 nested elements took minutes).
    /// </summary>
    private static void CheckShape(byte[] bytes, XmlReaderSettings settings, BakingLimits limits)
    {
        using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
        var elements = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element) continue;
            if (++elements > limits.MaxSvgElements)
                throw BakingLimits.Exceeded(nameof(ProcessingLimits.MaxSvgElements), limits.MaxSvgElements, $"the SVG has more than {limits.MaxSvgElements:N0} elements");
            if (reader.Depth >= limits.MaxSvgDepth)
                throw BakingLimits.Exceeded(nameof(ProcessingLimits.MaxSvgDepth), limits.MaxSvgDepth, $"the SVG nests elements more than {limits.MaxSvgDepth:N0} deep");
        }
    }

    private static XDocument Load(ReadOnlySpan<byte> svg, BakingLimits limits)
    {
        if (svg.Length > limits.MaxImageBytes) throw new BakingException($"The image is larger than {limits.MaxImageBytes} bytes.");
        // XXE-safe: the DTD is skipped, never fetched (no resolver), and no entity is expanded. Ignore rather
        // than Prohibit because real badge SVGs (incl. 1EdTech's fixtures) carry a public SVG 1.1 DOCTYPE.
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = limits.MaxImageBytes,
            IgnoreProcessingInstructions = false,
        };
        try
        {
            var bytes = svg.ToArray();
            CheckShape(bytes, settings, limits);
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
            return XDocument.Load(reader, LoadOptions.PreserveWhitespace);
        }
        catch (XmlException e)
        {
            throw new BakingException("The SVG is not well-formed XML: " + e.Message, e);
        }
    }
}
