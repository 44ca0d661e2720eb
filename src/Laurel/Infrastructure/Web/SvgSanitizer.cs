using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace Laurel.Infrastructure.Web;

/// <summary>Outcome of sanitizing an uploaded SVG: the cleaned document, or why it was refused.</summary>
public sealed record SvgSanitizeResult(string? Svg, SvgRefusal? Refusal)
{
    public bool Accepted => Svg is not null;
}

/// <summary>Why an SVG cannot be used at all (as opposed to parts being removed from it).</summary>
public enum SvgRefusal { NotXml, HasDoctype, NotSvg, TooLarge }

/// <summary>
/// Rebuilds an uploaded SVG from a whitelist of elements and attributes, so that it can be shown and baked
/// without running script or fetching anything: no script, no event handlers, no foreignObject, no external
/// references. A DOCTYPE (and with it every entity trick) refuses the file outright.
/// </summary>
public static partial class SvgSanitizer
{
    public const string SvgNamespace = "http://www.w3.org/2000/svg";
    public const string XlinkNamespace = "http://www.w3.org/1999/xlink";
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";
    public const int MaxBytes = 2 * 1024 * 1024;

    private static readonly HashSet<string> Elements = new(StringComparer.Ordinal)
    {
        "svg", "g", "defs", "symbol", "use", "title", "desc", "path", "rect", "circle", "ellipse", "line",
        "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop",
        "clipPath", "mask", "pattern", "marker", "image", "filter", "feGaussianBlur", "feOffset", "feBlend",
        "feColorMatrix", "feComposite", "feFlood", "feMerge", "feMergeNode", "feMorphology", "feDropShadow",
    };

    private static readonly HashSet<string> Attributes = new(StringComparer.Ordinal)
    {
        "id", "class", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "width", "height",
        "d", "points", "viewBox", "preserveAspectRatio", "transform", "fill", "fill-opacity", "fill-rule", "stroke",
        "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset",
        "stroke-miterlimit", "opacity", "color", "clip-path", "clip-rule", "mask", "filter", "font-family", "font-size",
        "font-weight", "font-style", "text-anchor", "dominant-baseline", "alignment-baseline", "letter-spacing",
        "dx", "dy", "rotate", "textLength", "lengthAdjust", "offset", "stop-color", "stop-opacity", "gradientUnits",
        "gradientTransform", "spreadMethod", "patternUnits", "patternContentUnits", "patternTransform",
        "clipPathUnits", "maskUnits", "maskContentUnits", "markerWidth", "markerHeight", "refX", "refY", "orient",
        "markerUnits", "marker-start", "marker-mid", "marker-end", "visibility", "display", "href", "version",
        "stdDeviation", "in", "in2", "result", "mode", "values", "type", "operator", "k1", "k2", "k3", "k4",
        "flood-color", "flood-opacity", "radius", "filterUnits", "primitiveUnits", "startOffset", "vector-effect",
        "shape-rendering", "text-rendering", "style",
    };

    /// <summary>Sanitizes SVG bytes (UTF-8); refuses non-XML, DOCTYPEs and documents whose root is not an SVG element.</summary>
    public static SvgSanitizeResult Sanitize(byte[] svg)
    {
        if (svg.Length > MaxBytes) return new(null, SvgRefusal.TooLarge);
        using var stream = new MemoryStream(svg, writable: false);
        return Sanitize(stream);
    }

    public static SvgSanitizeResult Sanitize(string svg) => Sanitize(Encoding.UTF8.GetBytes(svg));

    private static SvgSanitizeResult Sanitize(Stream input)
    {
        var settings = new XmlReaderSettings
        {
            // Prohibit makes any DOCTYPE an error: no entity expansion, no external DTD, no billion laughs.
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersInDocument = MaxBytes * 2L,
        };
        var output = new StringBuilder();
        try
        {
            using var reader = XmlReader.Create(input, settings);
            using var writer = XmlWriter.Create(output, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false });
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "svg" || reader.NamespaceURI != SvgNamespace)
                return new(null, SvgRefusal.NotSvg);
            Copy(reader, writer);
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            return new(null, SvgRefusal.HasDoctype);
        }
        catch (XmlException)
        {
            return new(null, SvgRefusal.NotXml);
        }
        return new(output.ToString(), null);
    }

    private static void Copy(XmlReader reader, XmlWriter writer)
    {
        do
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (reader.NamespaceURI != SvgNamespace || !Elements.Contains(reader.LocalName))
                    {
                        reader.Skip(); // drops the whole subtree (script, foreignObject, editor metadata)
                        continue;
                    }
                    var empty = reader.IsEmptyElement;
                    writer.WriteStartElement(reader.LocalName, SvgNamespace);
                    CopyAttributes(reader, writer);
                    if (empty) writer.WriteEndElement();
                    break;
                case XmlNodeType.EndElement:
                    writer.WriteEndElement();
                    break;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.SignificantWhitespace:
                case XmlNodeType.Whitespace:
                    writer.WriteString(reader.Value);
                    break;
            }
            reader.Read();
        } while (!reader.EOF);
    }

    private static void CopyAttributes(XmlReader reader, XmlWriter writer)
    {
        if (!reader.MoveToFirstAttribute()) return;
        do
        {
            var name = reader.LocalName;
            var ns = reader.NamespaceURI;
            var value = reader.Value;
            if (ns == "http://www.w3.org/2000/xmlns/") continue; // the writer declares what it uses
            if (ns == XmlNamespace && name is ("space" or "lang"))
            {
                writer.WriteAttributeString("xml", name, XmlNamespace, value);
                continue;
            }
            if (name == "href" && (ns == XlinkNamespace || ns == ""))
            {
                if (IsSafeReference(value)) writer.WriteAttributeString(name, ns == "" ? null : XlinkNamespace, value);
                continue;
            }
            if (ns != "" || !Attributes.Contains(name)) continue; // also drops every on* event handler
            if (!IsSafeValue(value)) continue;
            writer.WriteAttributeString(name, value);
        } while (reader.MoveToNextAttribute());
        reader.MoveToElement();
    }

    // Only references inside the document, or embedded raster images: nothing is ever fetched.
    private static bool IsSafeReference(string value)
    {
        var v = value.Trim();
        return v.StartsWith('#') || EmbeddedRaster().IsMatch(v);
    }

    // url(...) may only point inside the document; no CSS imports, expressions or script URLs.
    private static bool IsSafeValue(string value)
    {
        var lower = value.ToLowerInvariant();
        if (lower.Contains("javascript:") || lower.Contains("@import") || lower.Contains("expression(") || lower.Contains('\\')) return false;
        foreach (Match m in UrlFunction().Matches(value))
            if (!m.Groups[1].Value.Trim().Trim('"', '\'').StartsWith('#')) return false;
        return true;
    }

    [GeneratedRegex(@"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$", RegexOptions.IgnoreCase)]
    private static partial Regex EmbeddedRaster();

    [GeneratedRegex(@"url\s*\(([^)]*)\)", RegexOptions.IgnoreCase)]
    private static partial Regex UrlFunction();
}
