using System.Collections.Concurrent;
using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Html;

namespace Laurel.Features.Achievements;

/// <summary>Renders staff-written Markdown as HTML that cannot run script: Markdig without raw HTML, then HtmlSanitizer.</summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UsePipeTables()
        .UseEmphasisExtras()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    // Rendered HTML by its Markdown source. The output depends on nothing but the source (the pipeline and the sanitizer are
    // fixed), so an entry never goes stale and needs no invalidation: an edited text is another key. The same criteria and
    // descriptions are rendered on every badge page and catalog view of a definition (13 % of a first badge view's CPU, issue
    // 18 round 3); bounded by entries and source size, emptied when full.
    private static readonly ConcurrentDictionary<string, string> Rendered = new(StringComparer.Ordinal);
    private const int MaxEntries = 4_096;
    private const int MaxCachedLength = 16 * 1024;

    public static IHtmlContent Render(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return new HtmlString("");
        if (markdown.Length > MaxCachedLength) return new HtmlString(RenderUncached(markdown));
        if (Rendered.TryGetValue(markdown, out var html)) return new HtmlString(html);
        html = RenderUncached(markdown);
        if (Rendered.Count >= MaxEntries) Rendered.Clear();
        Rendered.TryAdd(markdown, html);
        return new HtmlString(html);
    }

    /// <summary>Markdig without raw HTML, then HtmlSanitizer, every time (what <see cref="Render"/> stores).</summary>
    internal static string RenderUncached(string markdown) => Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        sanitizer.AllowedTags.ExceptWith(["img", "form", "input", "button", "textarea", "select", "style"]);
        sanitizer.AllowedAttributes.ExceptWith(["style", "class", "id"]);
        // Links written by staff open normally but never pass our origin to the target.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } a) a.SetAttribute("rel", "noopener noreferrer nofollow");
        };
        return sanitizer;
    }
}
