using System.Globalization;
using Laurel.Features.Notifications;
using Laurel.Features.Notifications.Webhooks;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Recognition.Decisions;

/// <summary>
/// What a finished decision adds to the unit of work: the signed decision credential on the application, one e-mail to the
/// learner (outbox, learner's language) and a <c>recognition.decided</c> delivery per subscribed active webhook endpoint.
/// Nothing is saved here.
/// </summary>
public sealed class DecisionNotices(LaurelDb db, DecisionCredentials credentials, NotificationService notifications, TimeProvider clock,
    IStringLocalizer<RecognitionText> t)
{
    public async Task AddAsync(ExemptionApplication application, CancellationToken ct)
    {
        var institution = await db.Institutions.AsNoTracking().SingleAsync(i => i.Id == application.InstitutionId, ct);
        var learner = await db.Persons.AsNoTracking().SingleAsync(p => p.Id == application.PersonId, ct);
        var language = (learner.Language ?? institution.DefaultLanguage) is "en" ? "en" : "nl";
        var courses = await DecidedCourses.LoadAsync(db, application, language, ct);
        var decidedAt = application.DecidedAt!.Value;

        application.DecisionCredentialKey = DecisionCredentials.NewKey();
        application.DecisionCredential = await credentials.IssueAsync(institution, learner.ValidatedName ?? learner.DisplayName, language, application.Id,
            decidedAt, courses, application.DecisionCredentialKey, ct);

        if (learner.Email is { Length: > 0 } address)
        {
            var summary = InCulture(language, () => string.Join("\n", courses.Select(c =>
                $"- {c.Code} {c.Name}: {t["Outcome_" + c.Outcome].Value}" + (c.Outcome == ExemptionOutcome.Partial ? $" ({c.GrantedEc?.ToString("0.##", CultureInfo.CurrentCulture)} EC)" : "")
                + (c.Reason is null ? "" : $" — {c.Reason}"))));
            notifications.QueueRecognitionDecision(address, language, learner.GivenName ?? learner.DisplayName, institution.Name(language), institution.Id,
                application.Id, RecognitionRoutes.MyApplication(application.Id), summary);
        }

        var endpoints = (await db.Set<WebhookEndpoint>().AsNoTracking()
            .Where(e => e.InstitutionId == institution.Id && e.IsActive && e.ArchivedAt == null).Select(e => new { e.Id, e.Events }).ToListAsync(ct))
            .Where(e => e.Events.Contains(WebhookEventTypes.RecognitionDecided)).ToList();
        if (endpoints.Count == 0) return;
        var eventId = Guid.CreateVersion7();
        var data = WebhookData(application.Id, decidedAt, courses);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var endpoint in endpoints) db.Add(WebhookQueue.NewDelivery(endpoint.Id, institution.Id, WebhookEventTypes.RecognitionDecided, eventId, now, data));
    }

    /// <summary>
    /// The <c>recognition.decided</c> payload: what a student information system needs to record exemptions, and no more —
    /// no name, e-mail or EPPN (the SIS reads those, with its own credentials, from the exemptions API by application id).
    /// </summary>
    public static object WebhookData(Guid applicationId, DateTime decidedAt, IEnumerable<DecidedCourse> courses) => new
    {
        applicationId,
        decidedAt,
        exemptionsUrl = RecognitionRoutes.ExemptionsApi,
        items = courses.Select(c => new
        {
            itemId = c.ItemId, courseCode = c.Code, programmeCode = c.ProgrammeCode, outcome = c.Outcome.ToString().ToLowerInvariant(),
            grantedEc = c.GrantedEc, reason = c.Reason,
        }),
    };

    private static T InCulture<T>(string language, Func<T> render)
    {
        var previous = CultureInfo.CurrentUICulture;
        var previousCulture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(language);
        try
        {
            return render();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (previous, previousCulture);
        }
    }
}

/// <summary>The decided courses of an application in course-code order, names in one language.</summary>
public static class DecidedCourses
{
    public static async Task<List<DecidedCourse>> LoadAsync(LaurelDb db, ExemptionApplication application, string language, CancellationToken ct)
    {
        var ids = application.Items.Select(i => i.CourseId).ToList();
        var courses = await db.Set<RecognitionCourse>().AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        return [.. application.Items.Where(i => i.Decision is not null).Select(i => (Item: i, Course: courses[i.CourseId])).OrderBy(x => x.Course.Code)
            .Select(x => new DecidedCourse(x.Item.Id, x.Course.Code, x.Course.Name(language), x.Course.Programme, x.Course.ProgrammeCode, x.Course.Ec,
                x.Item.Decision!.Value, x.Item.GrantedEc, x.Item.DecisionReason))];
    }
}
