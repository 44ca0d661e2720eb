using System.Globalization;
using System.Text;
using System.Xml;
using Laurel.Infrastructure.Web;

namespace Laurel.Features.Publishing.Rendering;

/// <summary>
/// The credential image as SVG: a vector frame and label around the source. A PNG source is embedded as a
/// data: URI image; an SVG source is nested inline as an svg element (SvgSanitizer only lets raster data: URIs
/// through, and nesting keeps it one self-contained, script-free document). Written with the same XmlWriter
/// calls SvgSanitizer makes, so sanitizing the output gives it back unchanged.
/// </summary>
public static class MarkedBadgeSvg
{
    private const string Ns = SvgSanitizer.SvgNamespace;

    public static string Svg(BadgeArt art)
    {
        using var source = BadgeSource.Read(art.Image);
        var output = new StringBuilder();
        using (var w = XmlWriter.Create(output, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false }))
        {
            w.WriteStartElement("svg", Ns);
            Attr(w, "width", BadgeLayout.Size);
            Attr(w, "height", BadgeLayout.Size);
            w.WriteAttributeString("viewBox", "0 0 600 600");
            w.WriteStartElement("title", Ns);
            w.WriteString(art.IsMicroCredential ? $"{art.AchievementName} ({art.KindLine})" : art.AchievementName);
            w.WriteEndElement();
            if (art.IsMicroCredential)
            {
                Rect(w, new(0, 0, BadgeLayout.Size, BadgeLayout.Size), BadgeLayout.OuterRadius, BadgeArt.MarkColour);
                Rect(w, BadgeLayout.Panel, BadgeLayout.PanelRadius, "#FFFFFF");
                WriteImage(w, BadgeLayout.FramedImage, art, source);
                WriteBand(w, art);
            }
            else WriteImage(w, BadgeLayout.PlainImage, art, source);
            w.WriteEndElement();
        }
        return output.ToString();
    }

    private static void WriteBand(XmlWriter w, BadgeArt art)
    {
        var level = art.LevelAndLoad;
        var label = BadgeLayout.Label(art);
        Text(w, label.Lines[0], BadgeLayout.Size / 2, level.Length == 0 ? BadgeLayout.LabelAloneBaseline : BadgeLayout.LabelBaseline,
            label.Size, "bold", "#FFFFFF");
        if (level.Length == 0) return;
        var fitted = BadgeLayout.Level(art);
        Text(w, fitted.Lines[0], BadgeLayout.Size / 2, BadgeLayout.LevelBaseline, fitted.Size, "normal", "#FFFFFF");
    }

    private static void WriteImage(XmlWriter w, SkiaSharp.SKRect box, BadgeArt art, BadgeSource source)
    {
        if (source.Png is { } png && source.Raster is { } raster)
        {
            var target = BadgeLayout.Contain(box, raster.Width, raster.Height);
            w.WriteStartElement("image", Ns);
            Box(w, target);
            w.WriteAttributeString("preserveAspectRatio", "xMidYMid meet");
            w.WriteAttributeString("href", "data:image/png;base64," + Convert.ToBase64String(png));
            w.WriteEndElement();
        }
        else if (source.Svg is { } svg && NestedSvg.TryWrite(w, svg, box)) { }
        else WriteGeneric(w, box, art);
    }

    private static void WriteGeneric(XmlWriter w, SkiaSharp.SKRect box, BadgeArt art)
    {
        var layout = GenericBadge.Measure(box, art.AchievementName);
        var accent = BadgeLayout.Hex(BadgeLayout.Colour(art.AccentColour, BadgeArt.DefaultAccent));
        w.WriteStartElement("circle", Ns);
        Attr(w, "cx", layout.Centre.X);
        Attr(w, "cy", layout.Centre.Y);
        Attr(w, "r", layout.Radius);
        w.WriteAttributeString("fill", accent);
        w.WriteEndElement();
        w.WriteStartElement("circle", Ns);
        Attr(w, "cx", layout.Centre.X);
        Attr(w, "cy", layout.Centre.Y);
        Attr(w, "r", layout.Radius * 0.9f);
        w.WriteAttributeString("fill", "none");
        w.WriteAttributeString("stroke", "#FFFFFF");
        w.WriteAttributeString("stroke-opacity", "0.78");
        Attr(w, "stroke-width", layout.Radius * 0.025f);
        w.WriteEndElement();
        Text(w, layout.Initials.Lines[0], layout.Centre.X, layout.InitialsBaseline, layout.Initials.Size, "bold", "#FFFFFF");
        var y = layout.NameTop + layout.Name.Size;
        foreach (var line in layout.Name.Lines)
        {
            Text(w, line, layout.Centre.X, y, layout.Name.Size, "normal", "#FFFFFF");
            y += layout.Name.LineHeight;
        }
    }

    private static void Rect(XmlWriter w, SkiaSharp.SKRect r, float radius, string fill)
    {
        w.WriteStartElement("rect", Ns);
        Box(w, r);
        Attr(w, "rx", radius);
        w.WriteAttributeString("fill", fill);
        w.WriteEndElement();
    }

    private static void Text(XmlWriter w, string text, float x, float y, float size, string weight, string fill)
    {
        w.WriteStartElement("text", Ns);
        Attr(w, "x", x);
        Attr(w, "y", y);
        w.WriteAttributeString("text-anchor", "middle");
        w.WriteAttributeString("font-family", RenderFonts.SvgFontFamily);
        Attr(w, "font-size", size);
        w.WriteAttributeString("font-weight", weight);
        w.WriteAttributeString("fill", fill);
        w.WriteString(text);
        w.WriteEndElement();
    }

    internal static void Box(XmlWriter w, SkiaSharp.SKRect r)
    {
        Attr(w, "x", r.Left);
        Attr(w, "y", r.Top);
        Attr(w, "width", r.Width);
        Attr(w, "height", r.Height);
    }

    internal static void Attr(XmlWriter w, string name, float value) =>
        w.WriteAttributeString(name, Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture));
}
