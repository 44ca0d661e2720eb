using System.Security.Claims;
using System.Text.Json;
using Laurel.Features.Identity;
using Laurel.Features.Identity.Authorization;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Achievements;

/// <summary>JSON API for integrators and the catalog: public reads, staff creation (cookie-authenticated).</summary>
public static class AchievementsApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").WithTags("Achievements");

        api.MapGet("/achievements", SearchAsync)
            .WithName("ListAchievements")
            .WithSummary("Published definitions of all institutions (the public catalog)")
            .WithDescription("Filters: institution (slug), faculty (id), kind (micro_credential, regular, extra_curricular), eqf (1-8), minEc/maxEc (EC, decimal point), language (ISO 639-1), q (free text), page (20 per page).");

        api.MapGet("/achievements/{id:guid}", GetAsync)
            .WithName("GetAchievement")
            .WithSummary("One definition: published ones for anyone, drafts only for staff who may view them")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/issuers/{issuerId:guid}/achievements", CreateAsync)
            .WithName("CreateAchievement")
            .WithSummary("Create a draft definition for an issuer (staff with ManageAchievements, signed-in session)")
            .WithDescription("Returns 201 with a Location header, or a ValidationProblem naming every field with a problem (messages in the request culture, e.g. ?culture=en).")
            .Accepts<AchievementDraft>("application/json")
            .Produces<AchievementDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<CatalogResponse>> SearchAsync(AchievementCatalog catalog, string? institution, Guid? faculty, string? kind,
        int? eqf, decimal? minEc, decimal? maxEc, string? language, string? q, int? page, CancellationToken ct)
    {
        var result = await catalog.SearchAsync(new CatalogFilter
        {
            Institution = institution, Faculty = faculty, Kind = kind, Eqf = eqf, MinEc = minEc, MaxEc = maxEc,
            Language = language, Q = q, Page = page ?? 1,
        }, ct);
        return TypedResults.Ok(new CatalogResponse(result.Total, result.Page, result.PageSize, [.. result.Items.Select(AchievementDto.From)]));
    }

    private static async Task<Results<Ok<AchievementDto>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user,
        AchievementCatalog catalog, AchievementService service, StaffAuthorizer access, IStringLocalizer<AchievementText> t, CancellationToken ct)
    {
        if (await catalog.FindPublishedAsync(id, ct) is { } published) return TypedResults.Ok(AchievementDto.From(published));
        // Drafts and archived definitions exist only for staff who may see them; everyone else gets the same 404.
        if (await service.FindAsync(id, ct) is { } any && await access.AllowsAsync(user, StaffRight.View, new StaffResource(ScopeLevel.Achievement, id)))
            return TypedResults.Ok(AchievementDto.From(any));
        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: t["Api_NotFound"].Value);
    }

    // A draft is a few kB of text; the server-wide limit is the only one it ever had. A non-JSON body has always been a 400 here,
    // naming the body as the field to fix.
    private static readonly JsonBodyRules BodyRules = new()
    {
        MaxBytes = (int)WebSetup.MaxRequestBodyBytes, UnsupportedMediaTypeStatus = StatusCodes.Status400BadRequest,
    };

    private static async Task<IResult> CreateAsync(Guid issuerId, HttpContext context, AchievementService service, StaffAuthorizer access,
        IStringLocalizer<AchievementText> t, CancellationToken ct)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: t["Api_SignInFirst"].Value);
        if (await service.IssuerAsync(issuerId, ct) is not { } issuer)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: t["Api_UnknownIssuer"].Value);
        if (!await access.AllowsAsync(user, StaffRight.ManageAchievements, new StaffResource(ScopeLevel.Issuer, issuerId)))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: t["Api_NoRight"].Value);

        var read = await JsonBody.ReadAsync<AchievementDraft>(context, BodyRules, e => e.Fault switch
        {
            JsonBodyFault.Malformed => new(null, t["Api_UnreadableValue", e.Exception?.Message ?? ""].Value,
                e.Exception is { Path: { Length: > 2 } path } ? path.TrimStart('$', '.') : "body"),
            _ => new(null, t["Api_JsonRequired"].Value, "body"),
        });
        if (read.Problem is not null) return read.ProblemResult();
        var draft = read.Value;
        if (draft is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [t["Api_JsonRequired"].Value] });

        var outcome = await service.CreateAsync(user, issuer, draft, null, "api", ct);
        if (!outcome.Succeeded)
            return TypedResults.ValidationProblem(outcome.Errors.ToDictionary(e => CamelCase(e.Key), e => e.Value.ToArray()));
        var created = await service.FindAsync(outcome.Saved!.Id, ct);
        return TypedResults.Created($"/api/v1/achievements/{created!.Id}", AchievementDto.From(created));
    }

    // Field keys follow the JSON property names integrators send ("alignments[0].targetUrl").
    private static string CamelCase(string key) =>
        string.Join('.', key.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
