using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.ProblemDocs;

/// <summary>
/// <c>/problems/{code}</c>: the page a problem's <c>type</c> names (Infrastructure/Web/ProblemTypes), saying what the problem
/// means and what to do. A code is known exactly when ProblemText.resx has its <c>Code_{code}</c> text; any other is a 404.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ProblemModel(IStringLocalizer<ProblemText> text) : PageModel
{
    public string Code { get; private set; } = "";
    public string Meaning { get; private set; } = "";
    public string Family { get; private set; } = "";

    public IActionResult OnGet(string code)
    {
        var meaning = text["Code_" + code];
        if (meaning.ResourceNotFound) return NotFound();
        Code = code;
        Meaning = meaning.Value;
        var family = text["Family_" + code.Split('.')[0]];
        Family = family.ResourceNotFound ? "" : family.Value;
        return Page();
    }
}
