using System.Globalization;
using System.Text;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Features.Identity.ApiClients;
using Laurel.Features.Recognition.Decisions;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Recognition.Api;

/// <summary>One decided exemption (or refusal) as the student information system reads it.</summary>
public sealed record ExemptionRecord(Guid ApplicationId, Guid ItemId, string CourseCode, string? ProgrammeCode, string Programme, string Outcome,
    bool Refused, decimal? GrantedEc, string? Reason, DateTime DecidedAt, ExemptionLearner Learner, IReadOnlyList<ExemptionBadge> Badges);

/// <summary>Identifiers the SIS can match: the EPPN of the learner's linked account at this institution, and their verified e-mail address.</summary>
public sealed record ExemptionLearner(string? Eppn, string? Email);

/// <summary>A badge the application rested on: credential id, achievement and issuer.</summary>
public sealed record ExemptionBadge(string? CredentialId, string? AchievementId, string AchievementName, string? IssuerId, string IssuerName);

/// <summary>A page of exemptions; <c>next</c> is the cursor after its last item (null for an empty page), <c>more</c> whether another page is ready now.</summary>
public sealed record ExemptionPage(IReadOnlyList<ExemptionRecord> Items, string? Next, bool More);

/// <summary>
/// <c>GET /api/v1/recognition/exemptions</c>: decided exemptions of the API client's own institution, in (DecidedAt, Id) order,
/// by keyset cursor (<c>after</c>) and <c>limit</c>. Only finished applications (an item's decision may still change before).
/// Needs the <c>recognition:read</c> scope.
/// </summary>
public static class ExemptionsApi
{
    public const int DefaultLimit = 50, MaxLimit = 200;

    public static IEndpointRouteBuilder MapExemptionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(RecognitionRoutes.ExemptionsApi, ListAsync).WithTags("Recognition API").RequireAuthorization(ApiClientAuthentication.Policy)
            .WithName("ListExemptions")
            .WithSummary("Decided exemptions (granted, partly granted and refused) of your institution, oldest decision first")
            .WithDescription("Page with `limit` (1–200, default 50) and pass the `next` value of a page as `after` to get the following one; an empty `items` with `next` null means you are up to date (keep the last cursor and ask again later, or listen to the `recognition.decided` webhook). Each item is one course of an application: outcome grant, partial or refuse (refused=true), granted EC, the exam board's reason, the learner's EPPN at your institution and verified e-mail, and the badges the application rested on. Needs the recognition:read scope.")
            .Produces<ExemptionPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, LaurelDb db, IStringLocalizer<RecognitionText> t, string? after, string? limit,
        CancellationToken ct)
    {
        if (Awarder.Of(http.User) is not Awarder.ApiClient { InstitutionId: { } institutionId } client || !client.Scopes.Contains(ApiScopes.RecognitionRead))
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden, Title = t["Api_Scope"].Value, Type = ProblemTypes.ForStatus(http, StatusCodes.Status403Forbidden),
            });
        var errors = new Dictionary<string, string[]>();
        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
            errors["limit"] = [t["Api_Limit", MaxLimit].Value];
        (DateTime At, Guid Id)? cursor = null;
        if (after is not null && (cursor = Cursor(after)) is null) errors["after"] = [t["Api_Cursor"].Value];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, type: ProblemTypes.ForStatus(http, StatusCodes.Status400BadRequest));

        var query = from i in db.Set<ExemptionItem>().AsNoTracking()
                    join a in db.Set<ExemptionApplication>() on i.ApplicationId equals a.Id
                    join c in db.Set<RecognitionCourse>() on i.CourseId equals c.Id
                    where a.InstitutionId == institutionId && a.State == ExemptionApplicationState.Decided && i.DecidedAt != null && i.Decision != null
                    select new { Item = i, a.PersonId, c.Code, c.ProgrammeCode, c.Programme };
        if (cursor is var (at, id)) query = query.Where(x => x.Item.DecidedAt > at || (x.Item.DecidedAt == at && x.Item.Id.CompareTo(id) > 0));
        var rows = await query.OrderBy(x => x.Item.DecidedAt).ThenBy(x => x.Item.Id).Take(take + 1).ToListAsync(ct);
        var more = rows.Count > take;
        if (more) rows.RemoveAt(take);

        var institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == institutionId, ct);
        var personIds = rows.Select(r => r.PersonId).Distinct().ToList();
        var persons = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var learners = new Dictionary<Guid, ExemptionLearner>();
        foreach (var p in persons.Values)
            learners[p.Id] = new ExemptionLearner(await DecideModel.EppnAtAsync(db, p.Id, institution, ct), p.EmailVerification.IsVerified() ? p.Email : null);
        var applicationIds = rows.Select(r => r.Item.ApplicationId).Distinct().ToList();
        var badges = (await db.Set<ApplicationBadge>().AsNoTracking().Where(b => applicationIds.Contains(b.ApplicationId)).ToListAsync(ct))
            .GroupBy(b => b.ApplicationId).ToDictionary(g => g.Key, g => g.Select(b => new ExemptionBadge(b.Facts.CredentialId, b.Facts.AchievementId,
                b.Facts.AchievementName, b.Facts.IssuerId, b.Facts.IssuerName)).ToList());

        var items = rows.Select(r => new ExemptionRecord(r.Item.ApplicationId, r.Item.Id, r.Code, r.ProgrammeCode, r.Programme,
            r.Item.Decision!.Value.ToString().ToLowerInvariant(), r.Item.Decision == ExemptionOutcome.Refuse, r.Item.GrantedEc, r.Item.DecisionReason,
            DateTime.SpecifyKind(r.Item.DecidedAt!.Value, DateTimeKind.Utc), learners[r.PersonId], badges.GetValueOrDefault(r.Item.ApplicationId) ?? [])).ToList();
        // The cursor of the last item on every non-empty page: a SIS that is up to date keeps it and asks again later.
        var next = rows.LastOrDefault() is { } last ? Encode(last.Item.DecidedAt!.Value, last.Item.Id) : null;
        return TypedResults.Ok(new ExemptionPage(items, next, more));
    }

    private static string Encode(DateTime at, Guid id) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{at.Ticks.ToString(CultureInfo.InvariantCulture)}:{id:N}")).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private static (DateTime, Guid)? Cursor(string value)
    {
        if (value.Length is 0 or > 100) return null;
        try
        {
            var padded = value.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(padded));
            return text.Split(':') is [var ticks, var id] && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
                && t > 0 && t < DateTime.MaxValue.Ticks && Guid.TryParseExact(id, "N", out var g) ? (new DateTime(t, DateTimeKind.Utc), g) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
