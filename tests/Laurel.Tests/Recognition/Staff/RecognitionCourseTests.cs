using System.Net;
using Laurel.Features.Recognition;
using Laurel.Features.Recognition.Courses;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Recognition.Staff;

/// <summary>Courses and their rules: validated all at once, unique codes, audited; only ManageAchievements on the faculty edits them.</summary>
public abstract class RecognitionCourseTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<KeyValuePair<string, string>> Form(Guid faculty, string code, params (string Name, string Value)[] rule0) =>
    [
        new("Input.FacultyId", faculty.ToString()), new("Input.Code", code), new("Input.NameNl", "Datawetenschap 1"), new("Input.NameEn", "Data Science 1"),
        new("Input.Programme", "BSc Informatica"), new("Input.ProgrammeCode", "56981"), new("Input.Ec", "5"),
        .. rule0.Select(f => new KeyValuePair<string, string>("Input.Rules[0]." + f.Name, f.Value)),
    ];

    [Fact]
    public async Task Faculty_admin_defines_a_course_with_rules_and_it_is_listed_and_audited()
    {
        var uu = await host.InstitutionIdAsync("uu");
        var science = await host.ScienceFacultyAsync();
        var code = "INFOB1DS-" + TestData.Key(4);
        using var admin = await host.SignInAsDemoAsync("faculty-admin");
        var edit = CourseRoutes.Edit(uu, null) + "?culture=en";
        var response = await admin.PostFormAsync(edit, Form(science, code, ("MicroCredentialOnly", "true"), ("MinEqfLevel", "6"), ("MinCreditsEc", "4,5"),
            ("IssuerCountry", "nl"), ("AnyAlignments", "http://data.europa.eu/esco/skill/abc\n\n"), ("IssuedOnOrAfter", "2024-01-01"),
            ("Partial", "true"), ("PartialEc", "3"), ("NoteEn", "Practical part only")), postUrl: CourseRoutes.Edit(uu, null));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var course = await host.DbAsync(db => db.Set<RecognitionCourse>().AsNoTracking().SingleAsync(c => c.Code == code, Ct));
        var rule = Assert.Single(course.Rules);
        Assert.Equal((true, 6, 4.5m, "NL", true, 3m), (rule.Criteria.MicroCredentialOnly, rule.Criteria.MinEqfLevel!.Value, rule.Criteria.MinCreditsEc!.Value,
            rule.Criteria.IssuerCountry, rule.Partial, rule.PartialEc!.Value));
        Assert.Equal(["http://data.europa.eu/esco/skill/abc"], rule.Criteria.AnyAlignments);
        Assert.True(await host.DbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityId == course.Id && e.Action == "recognition.course.created", Ct)));
        var list = await admin.PageAsync(RecognitionRoutes.Courses(uu) + "?culture=en");
        Assert.Contains(code, list);
        Assert.Contains("EQF level 6 or higher", list);

        // Add a second rule, remove the first: one save.
        var page = CourseRoutes.Edit(uu, course.Id);
        var change = await admin.PostFormAsync(page, Form(science, code, ("MinEqfLevel", "6"), ("Remove", "true"))
            .Append(new("Input.Rules[1].AchievementIds", "https://laurel.example/catalog/x")).ToList());
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        var changed = await host.DbAsync(db => db.Set<RecognitionCourse>().AsNoTracking().SingleAsync(c => c.Id == course.Id, Ct));
        Assert.Equal(["https://laurel.example/catalog/x"], Assert.Single(changed.Rules).Criteria.AchievementIds);

        // The same code again is refused by name.
        var twice = await admin.PostFormAsync(edit, Form(science, code, ("MinEqfLevel", "5")), postUrl: CourseRoutes.Edit(uu, null) + "?culture=en");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Contains($"Course code {code} is already used", WebUtility.HtmlDecode(await twice.Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task Every_bad_field_of_the_course_and_its_rules_is_named_at_once_and_nothing_is_stored()
    {
        var uu = await host.InstitutionIdAsync("uu");
        var science = await host.ScienceFacultyAsync();
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.FacultyId", Guid.NewGuid().ToString()), new("Input.Code", ""), new("Input.NameNl", "Naam"), new("Input.NameEn", ""),
            new("Input.Programme", ""), new("Input.Ec", "veel"),
            new("Input.Rules[0].MinEqfLevel", "9"), new("Input.Rules[0].MinCreditsEc", "-1"), new("Input.Rules[0].IssuerCountry", "Netherlands"),
            new("Input.Rules[0].IssuerIds", "not a uri"), new("Input.Rules[0].IssuedOnOrAfter", "1999-12-31"), new("Input.Rules[0].Partial", "true"),
            new("Input.Rules[1].NoteEn", "A rule with only a note"),
            new("Input.Rules[2].MinEqfLevel", "six"), new("Input.Rules[2].PartialEc", "2"),
        };
        var response = await admin.PostFormAsync(CourseRoutes.Edit(uu, null) + "?culture=en", fields, postUrl: CourseRoutes.Edit(uu, null) + "?culture=en");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        foreach (var field in new[]
        {
            "FacultyId", "Code", "NameEn", "Programme", "Ec", "Rules[0].Criteria.MinEqfLevel", "Rules[0].Criteria.MinCreditsEc", "Rules[0].Criteria.IssuerCountry",
            "Rules[0].Criteria.IssuerIds", "Rules[0].Criteria.IssuedOnOrAfter", "Rules[0].PartialEc", "Rules[1].Criteria.MicroCredentialOnly",
            "Rules[2].Criteria.MinEqfLevel", "Rules[2].PartialEc",
        })
            Assert.Contains($"data-field=\"{field}\"", html);
        Assert.Contains("href=\"#f-Rules-0-Criteria-MinEqfLevel\"", html);
        Assert.Contains("id=\"f-Rules-0-Criteria-MinEqfLevel\"", html);
        Assert.DoesNotContain("data-field=\"NameNl\"", html);
        Assert.Contains("value=\"Naam\"", html);
        Assert.False(await host.DbAsync(db => db.Set<RecognitionCourse>().AnyAsync(c => c.NameNl == "Naam", Ct)));
        _ = science;
    }

    [Fact]
    public async Task Only_staff_who_manage_definitions_of_the_faculty_edit_courses_and_a_refused_change_changes_nothing()
    {
        var uu = await host.InstitutionIdAsync("uu");
        var science = await host.ScienceFacultyAsync();
        var course = await host.NewCourseAsync(science, "ROLE-" + TestData.Key(4));
        var page = CourseRoutes.Edit(uu, course.Id);
        using var admin = await host.SignInAsDemoAsync("faculty-admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(page, Ct)).StatusCode);
        var token = LaurelHost.AntiforgeryToken(await admin.GetStringAsync(page, Ct));

        foreach (var persona in new[] { "exam-board", "viewer", "learner" })
        {
            using var client = await host.SignInAsDemoAsync(persona);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(page, Ct)).StatusCode);
            var listToken = LaurelHost.AntiforgeryToken(await client.GetStringAsync("/account/sign-in", Ct));
            var post = await client.PostAsync(page, new FormUrlEncodedContent([.. Form(science, course.Code, ("MinEqfLevel", "8")), new("__RequestVerificationToken", listToken)]), Ct);
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }
        using var board = await host.SignInAsDemoAsync("exam-board");
        Assert.Contains(course.Code, await board.PageAsync(RecognitionRoutes.Courses(uu)));
        using var learner = await host.SignInAsDemoAsync("learner");
        Assert.Equal(HttpStatusCode.Forbidden, (await learner.GetAsync(RecognitionRoutes.Courses(uu), Ct)).StatusCode);
        await host.EnsureOtherInstitutionAdminAsync();
        using var tud = await host.SignInAsDemoAsync("tud-admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await tud.GetAsync(page, Ct)).StatusCode);
        Assert.DoesNotContain(course.Code, await tud.GetStringAsync(RecognitionRoutes.Courses(await host.InstitutionIdAsync("tudelft")), Ct));
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(page, Ct)).StatusCode);

        var stored = await host.DbAsync(db => db.Set<RecognitionCourse>().AsNoTracking().SingleAsync(c => c.Id == course.Id, Ct));
        Assert.Equal(1, stored.Rules.Single().Criteria.MinEqfLevel);
        Assert.False(await host.DbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityId == course.Id, Ct)));
        _ = token;
    }
}

public sealed class RecognitionCourseTestsOnSqlite(SqliteHost host) : RecognitionCourseTests(host), IClassFixture<SqliteHost>;

public sealed class RecognitionCourseTestsOnPostgres(PostgresHost host) : RecognitionCourseTests(host), IClassFixture<PostgresHost>;
