using Laurel.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Home;

/// <summary>Friendly error pages (404, 403, 400, 429, 500) in the user's language.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IStringLocalizer<SharedText> text) : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        var status = code ?? 500;
        (Title, Message) = status switch
        {
            404 => (text["NotFoundTitle"].Value, text["NotFoundText"].Value),
            403 => (text["ForbiddenTitle"].Value, text["ForbiddenText"].Value),
            400 => (text["BadRequestTitle"].Value, text["BadRequestText"].Value),
            // The rate limiter set Retry-After on this very response before the page was re-executed.
            429 => (text["TooManyRequestsTitle"].Value, text["TooManyRequestsText", Response.Headers.RetryAfter.ToString() is { Length: > 0 } s ? s : "60"].Value),
            _ => (text["ErrorTitle"].Value, text["ErrorText"].Value),
        };
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null && code is not null)
            Response.StatusCode = status;
    }
}
