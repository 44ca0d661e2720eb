using System.Globalization;
using System.Xml;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Publishing.Rendering;

/// <summary>
/// Copies an already sanitized SVG into another document as a nested svg element placed in a box. The copy
/// repeats SvgSanitizer's own rules (SVG namespace only, namespace declarations left to the writer), so the
/// combined document survives a second sanitizing pass byte for byte.
/// </summary>
internal static class NestedSvg
{
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    public static bool TryWrite(XmlWriter w, string sanitizedSvg, SkiaSharp.SKRect box)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        using var reader = XmlReader.Create(new StringReader(sanitizedSvg), settings);
        try
        {
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "svg" || reader.NamespaceURI != SvgSanitizer.SvgNamespace)
                return false;
        }
        catch (XmlException)
        {
            return false;
        }
        WriteRoot(w, reader, box);
        if (reader.IsEmptyElement) { w.WriteEndElement(); return true; }
        reader.Read();
        CopyContent(w, reader);
        w.WriteEndElement();
        return true;
    }

    // The outer svg keeps its viewBox (or gets one from a numeric width/height) and is placed in the box.
    private static void WriteRoot(XmlWriter w, XmlReader reader, SkiaSharp.SKRect box)
    {
        w.WriteStartElement("svg", SvgSanitizer.SvgNamespace);
        MarkedBadgeSvg.Box(w, box);
        var viewBox = reader.GetAttribute("viewBox");
        var width = Number(reader.GetAttribute("width"));
        var height = Number(reader.GetAttribute("height"));
        if (viewBox is null && width is > 0 && height is > 0)
            w.WriteAttributeString("viewBox", FormattableString.Invariant($"0 0 {width} {height}"));
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.NamespaceURI == "" && reader.LocalName is "x" or "y" or "width" or "height") continue;
                CopyAttribute(w, reader);
            } while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
    }

    private static void CopyContent(XmlWriter w, XmlReader reader)
    {
        var depth = 0;
        while (!reader.EOF)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    var empty = reader.IsEmptyElement;
                    w.WriteStartElement(reader.LocalName, SvgSanitizer.SvgNamespace);
                    if (reader.MoveToFirstAttribute())
                    {
                        do CopyAttribute(w, reader); while (reader.MoveToNextAttribute());
                        reader.MoveToElement();
                    }
                    if (empty) w.WriteEndElement();
                    else depth++;
                    break;
                case XmlNodeType.EndElement:
                    if (depth == 0) { reader.Read(); return; } // the source root's end: the caller closes it
                    w.WriteEndElement();
                    depth--;
                    break;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.SignificantWhitespace:
                case XmlNodeType.Whitespace:
                    w.WriteString(reader.Value);
                    break;
            }
            reader.Read();
        }
    }

    private static void CopyAttribute(XmlWriter w, XmlReader reader)
    {
        var ns = reader.NamespaceURI;
        if (ns == XmlnsNamespace) return;
        if (ns == XmlNamespace) w.WriteAttributeString("xml", reader.LocalName, XmlNamespace, reader.Value);
        else if (ns == "") w.WriteAttributeString(reader.LocalName, reader.Value);
        else w.WriteAttributeString(reader.LocalName, ns, reader.Value);
    }

    private static double? Number(string? value) =>
        double.TryParse(value?.Trim().Replace("px", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
}
