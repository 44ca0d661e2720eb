using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Laurel.Features.Institutions;

/// <summary>Every problem of one form submission, field → message, in the order the fields appear.</summary>
public sealed class FormErrors
{
    private readonly List<KeyValuePair<string, string>> _items = [];

    public IReadOnlyList<KeyValuePair<string, string>> Items => _items;
    public bool Any => _items.Count > 0;

    /// <summary>Adds the first problem for a field; later ones for the same field are less useful to the user.</summary>
    public void Add(string field, string message)
    {
        if (!Has(field)) _items.Add(new(field, message));
    }

    public bool Has(string field) => _items.Any(i => i.Key == field);

    public string? this[string field] => _items.FirstOrDefault(i => i.Key == field).Value;

    public string? DescribedBy(string field) => Has(field) ? field + "-error" : null;
    public string? Invalid(string field) => Has(field) ? "true" : null;
    public string? InputClass(string field) => Has(field) ? "input-error" : null;

    /// <summary>The message next to a field, referenced by the field's aria-describedby.</summary>
    public IHtmlContent Message(string field) => this[field] is { } message
        ? new HtmlString($"<span id=\"{field}-error\" class=\"field-error\">{HtmlEncoder.Default.Encode(message)}</span>")
        : HtmlString.Empty;
}
