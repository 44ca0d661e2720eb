using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Features.Identity;

/// <summary>The server's answer to "may this user do this here?".</summary>
public enum StaffDecision { Allowed, SignInRequired, Forbidden, NotFound }

/// <summary>One place that turns StaffAccess into 302 (sign in), 403, 404 or "go ahead", for pages and endpoints alike.</summary>
public static class StaffAuthorization
{
    public static async Task<StaffDecision> DecideAsync(HttpContext context, StaffRight right, ScopeLevel level, Guid scopeId)
    {
        if (context.User.Identity?.IsAuthenticated != true || StaffAccess.PersonId(context.User) is null) return StaffDecision.SignInRequired;
        var access = context.RequestServices.GetRequiredService<StaffAccess>();
        if ((await access.ScopeChainAsync(level, scopeId, context.RequestAborted)).Count == 0) return StaffDecision.NotFound;
        return await access.HasRightAsync(context.User, right, level, scopeId, context.RequestAborted) ? StaffDecision.Allowed : StaffDecision.Forbidden;
    }

    /// <summary>Minimal API filter: <c>.RequireStaffRight(StaffRight.Award, ScopeLevel.Issuer, "issuerId")</c>.</summary>
    public static TBuilder RequireStaffRight<TBuilder>(this TBuilder builder, StaffRight right, ScopeLevel level, string idRouteValue)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!Guid.TryParse(http.GetRouteValue(idRouteValue)?.ToString(), out var scopeId)) return Results.NotFound();
            return await DecideAsync(http, right, level, scopeId) switch
            {
                StaffDecision.Allowed => await next(context),
                StaffDecision.SignInRequired => Results.Challenge(),
                StaffDecision.Forbidden => Results.Problem(statusCode: StatusCodes.Status403Forbidden),
                _ => Results.NotFound(),
            };
        });
}

/// <summary>Razor Pages filter: <c>[RequireStaffRight(StaffRight.ManageStaff, ScopeLevel.Institution, "id")]</c> on a PageModel.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequireStaffRightAttribute(StaffRight right, ScopeLevel level, string idRouteValue) : Attribute, IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!Guid.TryParse(context.RouteData.Values[idRouteValue]?.ToString(), out var scopeId))
        {
            context.Result = new NotFoundResult();
            return;
        }
        IActionResult? refusal = await StaffAuthorization.DecideAsync(context.HttpContext, right, level, scopeId) switch
        {
            StaffDecision.Allowed => null,
            StaffDecision.SignInRequired => new ChallengeResult(),
            // A plain 403 (not the cookie handler's redirect) so the status is what the user and tests see.
            StaffDecision.Forbidden => new StatusCodeResult(StatusCodes.Status403Forbidden),
            _ => new NotFoundResult(),
        };
        if (refusal is null) await next();
        else context.Result = refusal;
    }
}
