using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Backpack.Collections;

/// <summary>The form fields and the localized errors shared by the new and edit pages of a collection.</summary>
public abstract class CollectionPageBase(IStringLocalizer<CollectionsText> text) : PageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty] public string? Name { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty] public string? Description { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty] public bool IsPublic { get; set; }

    /// <summary>Every problem by field id (the error summary links to the field), in the order found.</summary>
    public Problems Errors { get; } = new();

    protected CollectionForm Form => new(Name, Description, IsPublic);

    protected void Show(IEnumerable<FieldError> errors)
    {
        foreach (var error in errors) Errors.Add(error.Field, text[error.Key, error.Arguments].Value);
    }
}
