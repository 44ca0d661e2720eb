using Laurel.Features.Identity.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Laurel.Features.Identity;

/// <summary>The server's answer to "may this user do this here?".</summary>
public enum StaffDecision { Allowed, SignInRequired, Forbidden, NotFound }

/// <summary>
/// The page filter and the endpoint filter in front of staff pages and APIs. Both ask <see cref="StaffAuthorizer"/> (ASP.NET Core
/// resource-based authorization, <see cref="StaffRightHandler"/>) and turn the answer into 302 (sign in), 403, 404 or "go ahead".
/// </summary>
public static class StaffAuthorization
{
    public static Task<StaffDecision> DecideAsync(HttpContext context, StaffRight right, ScopeLevel level, Guid scopeId) =>
        DecideAsync(context, new StaffRightRequirement(right), new StaffResource(level, scopeId));

    public static Task<StaffDecision> DecideAsync(HttpContext context, Microsoft.AspNetCore.Authorization.IAuthorizationRequirement requirement,
        StaffResource resource) =>
        context.RequestServices.GetRequiredService<StaffAuthorizer>().DecideAsync(context.User, requirement, resource, context.RequestAborted);

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

/// <summary>
/// Finds the node a page's resource hangs under, for <see cref="RequireStaffRightAttribute"/>: e.g. a badge request → its
/// achievement, an award → its achievement. Made per request from the request's services (no registration needed).
/// </summary>
public interface IStaffScopeResolver
{
    /// <summary>The level of the node the resource hangs under.</summary>
    ScopeLevel Level { get; }

    /// <summary>The node's id, or null when there is no such resource (the page answers 404).</summary>
    Task<Guid?> ScopeIdAsync(Guid resourceId, CancellationToken ct);
}

/// <summary>
/// Razor Pages filter on a PageModel whose every handler needs the same check on the node named by a route value:
/// <c>[RequireStaffRight(StaffRight.ManageStaff, ScopeLevel.Institution, "id")]</c>, or for institution-level roles
/// <c>[RequireStaffRight(ScopeLevel.Institution, "id", InstitutionAdministrator = true)]</c>, or on the node a resource hangs
/// under: <c>[RequireStaffRight(StaffRight.Award, typeof(BadgeRequestScope), "id")]</c> (not signed in → sign in, unknown
/// resource → 404, then as for a node). Handlers then only load what they show.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequireStaffRightAttribute : Attribute, IAsyncPageFilter
{
    private readonly StaffRight? right;
    private readonly ScopeLevel level;
    private readonly string idRouteValue;
    private readonly Type? resolver;

    public RequireStaffRightAttribute(StaffRight right, ScopeLevel level, string idRouteValue) : this(level, idRouteValue) => this.right = right;

    /// <param name="resolver">An <see cref="IStaffScopeResolver"/> that finds the node of the resource named by the route value.</param>
    public RequireStaffRightAttribute(StaffRight right, Type resolver, string idRouteValue)
    {
        if (!typeof(IStaffScopeResolver).IsAssignableFrom(resolver))
            throw new ArgumentException($"{resolver} is not an {nameof(IStaffScopeResolver)}.", nameof(resolver));
        this.right = right;
        this.resolver = resolver;
        this.idRouteValue = idRouteValue;
    }

    public RequireStaffRightAttribute(ScopeLevel level, string idRouteValue)
    {
        this.level = level;
        this.idRouteValue = idRouteValue;
    }

    /// <summary>Without a right: institution administrators only (true) or any active role inside the institution (false).</summary>
    public bool InstitutionAdministrator { get; init; }

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!Guid.TryParse(context.RouteData.Values[idRouteValue]?.ToString(), out var scopeId))
        {
            context.Result = new NotFoundResult();
            return;
        }
        var scopeLevel = level;
        if (resolver is not null)
        {
            // Who asks comes first: an anonymous visitor learns nothing about which resources exist.
            if (StaffAccess.PersonId(context.HttpContext.User) is null)
            {
                context.Result = new ChallengeResult();
                return;
            }
            var scope = (IStaffScopeResolver)ActivatorUtilities.CreateInstance(context.HttpContext.RequestServices, resolver);
            if (await scope.ScopeIdAsync(scopeId, context.HttpContext.RequestAborted) is not { } id)
            {
                context.Result = new NotFoundResult();
                return;
            }
            (scopeLevel, scopeId) = (scope.Level, id);
        }
        Microsoft.AspNetCore.Authorization.IAuthorizationRequirement requirement = right is { } r ? new StaffRightRequirement(r)
            : InstitutionAdministrator ? InstitutionRoleRequirement.Administrator : InstitutionRoleRequirement.Member;
        var refusal = await context.HttpContext.RequestServices.GetRequiredService<StaffAuthorizer>()
            .RequireAsync(context.HttpContext.User, requirement, new StaffResource(scopeLevel, scopeId), context.HttpContext.RequestAborted);
        if (refusal is null) await next();
        else context.Result = refusal;
    }
}
