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

    public static IHtmlContent Render(string? markdown) =>
        new HtmlString(string.IsNullOrWhiteSpace(markdown) ? "" : Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline)));

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
