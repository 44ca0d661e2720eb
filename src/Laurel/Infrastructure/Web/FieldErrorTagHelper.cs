using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Laurel.Infrastructure.Web;

/// <summary>
/// <c>&lt;field-error for="Name" problems="Model.Errors" /&gt;</c>: the field's messages next to it, as
/// <c>&lt;span id="Name-error" class="field-error"&gt;</c> — the id the field's <c>aria-describedby</c> names
/// (<see cref="Problems.DescribedBy"/>) and the error summary's link lands beside. Renders nothing for a field without problems.
/// </summary>
[HtmlTargetElement("field-error", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    public string For { get; set; } = "";
    public Problems Problems { get; set; } = new();

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (Problems.MessagesOf(For) is not { Count: > 0 } messages)
        {
            output.SuppressOutput();
            return;
        }
        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("id", For + "-error");
        output.Attributes.SetAttribute("class", "field-error");
        output.Content.SetContent(string.Join(" ", messages));
    }
}
