using System.Globalization;
using System.Resources;
using Laurel.Features.Identity;
using Laurel.Features.Recognition.Courses;
using Laurel.Infrastructure.Database;
using Laurel.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Recognition.Decisions;

/// <summary>
/// The decision letter (PDF) of a decided application — for its learner and for staff with View on a faculty of one of its
/// courses; anyone else gets 404, as for an application that does not exist — and the signed decision credential at its
/// unguessable address (public: whoever holds the letter may check it).
/// </summary>
public static class LetterEndpoints
{
    private static readonly ResourceManager Texts = new(typeof(RecognitionText));

    public static IEndpointRouteBuilder MapDecisionLetters(this IEndpointRouteBuilder app)
    {
        app.MapGet("/backpack/exemptions/{applicationId:guid}/letter.pdf", LetterAsync).WithTags(OpenApiDocs.LearnerFilesTag)
            .WithName("ExemptionDecisionLetter")
            .WithSummary("The decision letter of a decided exemption application (PDF, in the learner's language), for the learner and staff with the view right")
            .RequiresSession()
            .ProducesFile(StatusCodes.Status200OK, "The letter, sent as a download; never cached.", true, "application/pdf")
            .ProducesErrorPage(StatusCodes.Status404NotFound, "not signed in, no such decided application, or the caller is neither its learner nor staff who may view it.");
        app.MapGet("/recognition/decisions/{key}", CredentialAsync).WithTags(OpenApiDocs.PublicFilesTag)
            .WithName("ExemptionDecisionCredential")
            .WithSummary("The signed exemption decision (a verifiable credential) that a learner's decision letter links to")
            .WithDescription("key is the unguessable 16–64 character key printed in the letter; anyone holding it may fetch and verify the decision. "
                + "Not for search engines (X-Robots-Tag: noindex).")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json")
            .ProducesErrorPage(StatusCodes.Status404NotFound, "no decision with this key.");
        return app;
    }

    private static async Task<IResult> LetterAsync(Guid applicationId, HttpContext http, LaurelDb db, RecognitionStaff staff, PublicOrigin origin,
        CancellationToken ct)
    {
        if (StaffAccess.PersonId(http.User) is not { } personId) return Results.NotFound();
        var application = await db.Set<ExemptionApplication>().AsNoTracking().Include(a => a.Items)
            .FirstOrDefaultAsync(a => a.Id == applicationId && a.State == ExemptionApplicationState.Decided, ct);
        if (application?.DecisionCredentialKey is null || application.DecidedAt is null) return Results.NotFound();
        var isLearner = application.PersonId == personId;
        if (!isLearner)
        {
            var courseIds = application.Items.Select(i => i.CourseId).ToList();
            var faculties = await db.Set<RecognitionCourse>().Where(c => courseIds.Contains(c.Id)).Select(c => c.FacultyId).Distinct().ToListAsync(ct);
            var allowed = false;
            foreach (var facultyId in faculties) allowed = allowed || await staff.MayAsync(http.User, StaffRight.View, facultyId);
            if (!allowed) return Results.NotFound();
        }
        var institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == application.InstitutionId, ct);
        var learner = await db.Persons.AsNoTracking().SingleAsync(p => p.Id == application.PersonId, ct);
        // The learner's own choice of language, else the language they (or staff) see the site in.
        var language = (learner.Language ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName) is "en" ? "en" : "nl";
        var courses = await DecidedCourses.LoadAsync(db, application, language, ct);
        var culture = CultureInfo.GetCultureInfo(language);
        var pdf = DecisionLetter.Pdf(new LetterContent(language, institution.Name(language), learner.ValidatedName ?? learner.DisplayName,
            application.SubmittedAt ?? application.CreatedAt, application.DecidedAt.Value, courses,
            origin.Url(DecisionCredentials.Route(application.DecisionCredentialKey)),
            (key, args) => string.Format(culture, Texts.GetString(key, culture) ?? key, args)));
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(pdf, "application/pdf", (language == "en" ? "exemption-decision-" : "besluit-vrijstellingen-") + application.Id.ToString("N")[..8] + ".pdf");
    }

    private static async Task<IResult> CredentialAsync(string key, HttpContext http, LaurelDb db, CancellationToken ct)
    {
        if (key.Length is < 16 or > 64) return Results.NotFound();
        var json = await db.Set<ExemptionApplication>().AsNoTracking().Where(a => a.DecisionCredentialKey == key).Select(a => a.DecisionCredential)
            .FirstOrDefaultAsync(ct);
        if (json is null) return Results.NotFound();
        // Not for search engines: the address is shared only through the letter.
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        return Results.Text(json, "application/json");
    }
}
