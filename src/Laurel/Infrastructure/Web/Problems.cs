using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Laurel.Infrastructure.Web;

/// <summary>
/// Every problem of one request, field → messages, in the order the fields were found. The one validation representation:
/// an API answers it as a <see cref="HttpValidationProblemDetails"/> (<see cref="ToValidationProblem"/>), a page shows it with
/// <c>Features/Shared/_ErrorSummary.cshtml</c> and the field helpers below (or copies it into <c>ModelState</c>).
/// </summary>
public class Problems
{
    private readonly List<KeyValuePair<string, List<string>>> _fields = [];
    private readonly bool _firstPerField;

    public Problems() { }

    private Problems(bool firstPerField) => _firstPerField = firstPerField;

    /// <summary>Keeps only a field's first problem: the staff forms show one message per field, the one the user can act on first.</summary>
    public static Problems OnePerField() => new(firstPerField: true);

    public bool Any => _fields.Count > 0;

    /// <summary>Every (field, message) pair, in order; a field with two messages appears twice.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Items => [.. _fields.SelectMany(f => f.Value.Select(m => new KeyValuePair<string, string>(f.Key, m)))];

    public void Add(string field, string message)
    {
        var index = _fields.FindIndex(f => f.Key == field);
        if (index < 0) _fields.Add(new(field, [message]));
        else if (!_firstPerField) _fields[index].Value.Add(message);
    }

    public bool Has(string field) => _fields.Exists(f => f.Key == field);

    /// <summary>The field's first message, or null.</summary>
    public string? this[string field] => _fields.Find(f => f.Key == field).Value?[0];

    /// <summary>All of the field's messages, or null when it has none.</summary>
    public IReadOnlyList<string>? MessagesOf(string field) => _fields.Find(f => f.Key == field).Value;

    public string? DescribedBy(string field) => Has(field) ? field + "-error" : null;
    public string? Invalid(string field) => Has(field) ? "true" : null;
    public string? InputClass(string field) => Has(field) ? "input-error" : null;

    /// <summary>The message next to a field, referenced by the field's aria-describedby.</summary>
    public IHtmlContent Message(string field) => this[field] is { } message
        ? new HtmlString($"<span id=\"{field}-error\" class=\"field-error\">{HtmlEncoder.Default.Encode(message)}</span>")
        : HtmlString.Empty;

    public Dictionary<string, string[]> ToDictionary() => _fields.ToDictionary(f => f.Key, f => f.Value.ToArray());

    /// <summary>The 400 (or e.g. 422) answer of an API, naming every field with a problem.</summary>
    public HttpValidationProblemDetails ToValidationProblem(int status = StatusCodes.Status400BadRequest, string? title = null)
    {
        var problem = new HttpValidationProblemDetails(ToDictionary()) { Status = status };
        if (title is not null) problem.Title = title;
        return problem;
    }

    /// <summary>For pages that show errors through tag helpers (<c>asp-validation-for</c>).</summary>
    public void CopyTo(ModelStateDictionary modelState)
    {
        foreach (var (field, messages) in _fields)
            foreach (var message in messages) modelState.AddModelError(field, message);
    }
}
