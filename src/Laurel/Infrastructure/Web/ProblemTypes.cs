namespace Laurel.Infrastructure.Web;

/// <summary>
/// The <c>type</c> of every problem Laurel answers (RFC 9457 §3.1.1) is an absolute URL of one of Laurel's own pages,
/// <c>{PublicBaseUrl}/problems/{code}</c> (Features/ProblemDocs), which says in nl and en what the problem means and what to do —
/// never a placeholder domain. A problem without a code of its own gets its HTTP status's page (<c>http.404</c>, …).
/// </summary>
public static class ProblemTypes
{
    public const string PathPrefix = "/problems/";

    /// <summary>The statuses with a page of their own; other 4xx are described by http.400's page, 5xx by http.500's.</summary>
    private static readonly int[] DescribedStatuses = [400, 401, 403, 404, 409, 413, 415, 422, 429, 500];

    /// <summary><c>{PublicBaseUrl}/problems/</c>: a problem code appended gives its page.</summary>
    public static string Base(IServiceProvider services) => services.GetRequiredService<PublicOrigin>().Url(PathPrefix);

    public static string For(HttpContext context, string code) => Base(context.RequestServices) + code;

    /// <summary>The page code of an HTTP status (<c>http.404</c>).</summary>
    public static string StatusCode(int status) =>
        "http." + (DescribedStatuses.Contains(status) ? status : status >= 500 ? 500 : 400);

    public static string ForStatus(HttpContext context, int status) => For(context, StatusCode(status));

    public static string ForStatus(PublicOrigin origin, int status) => origin.Url(PathPrefix) + StatusCode(status);

    /// <summary>
    /// ProblemDetails written through the framework (Results.Problem, ValidationProblem, the rate limiter): a problem with a
    /// <c>code</c> extension gets that code's page, one left with the framework's default (an RFC link or none) gets its status's page.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        // The framework's English title of every validation problem follows the request's language like the errors it lists.
        if (problem.Title == FrameworkValidationTitle
            && context.HttpContext.RequestServices.GetService<Microsoft.Extensions.Localization.IStringLocalizer<Laurel.Features.ProblemDocs.ProblemText>>() is { } localizer)
            problem.Title = localizer["Title_Validation"].Value;
        if (problem.Extensions.TryGetValue("code", out var code) && code is string text && text.Length > 0 && IsFrameworkDefault(problem.Type))
            problem.Type = For(context.HttpContext, text);
        else if (IsFrameworkDefault(problem.Type))
            problem.Type = ForStatus(context.HttpContext, status);
    }

    /// <summary>The title ASP.NET Core gives every <c>ValidationProblem</c> (HttpValidationProblemDetails).</summary>
    private const string FrameworkValidationTitle = "One or more validation errors occurred.";

    private static bool IsFrameworkDefault(string? type) =>
        type is null or "about:blank" || type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal)
        || type.StartsWith("https://datatracker.ietf.org/", StringComparison.Ordinal);
}
