using System.Net;
using System.Net.Http.Headers;
using Laurel.Features.Achievements;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Laurel.Tests.Completions;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Pages;

/// <summary>
/// The catalog's and the profiles' tag is the publication version (one primary-key read): every kind of change of what those pages
/// show — publishing, editing, a translation, an image, a new version, archiving a definition; renaming an issuer, faculty or
/// institution; an issuer image or institution logo — changes every one of their tags and shows on the next view, also to a browser
/// presenting the old tag; an award (which freezes its definition) changes none; and a current view costs that single statement,
/// however many definitions there are.
/// </summary>
public abstract class PublicationVersionTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? etag = null, string? traceParent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (etag is not null) request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        if (traceParent is not null) request.Headers.Add("traceparent", traceParent);
        return await client.SendAsync(request, Ct);
    }

    private sealed record View(string Url, string ETag);

    private async Task<(Guid Issuer, Guid Faculty)> UnitsAsync() => await host.DbAsync(async db =>
        await db.Issuers.Where(i => i.NameEn == "Computing Science").Select(i => new ValueTuple<Guid, Guid>(i.Id, i.FacultyId)).SingleAsync(Ct));

    private string[]? _pages;

    // Found once per test (by the issuer's name, which a test then changes).
    private async Task<string[]> PagesAsync()
    {
        if (_pages is not null) return _pages;
        var (issuer, faculty) = await UnitsAsync();
        return _pages = ["/catalog?culture=en", "/institutions/uu?culture=en", $"/institutions/uu/faculties/{faculty}?culture=en", $"/issuers/{issuer}?culture=en"];
    }

    /// <summary>Views every page twice (the second from the browser's copy: 304) and returns the tags.</summary>
    private async Task<List<View>> CurrentAsync(HttpClient client)
    {
        var views = new List<View>();
        foreach (var url in await PagesAsync())
        {
            using var first = await GetAsync(client, url);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var etag = first.Headers.ETag!.ToString();
            using (var again = await GetAsync(client, url, etag)) Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            views.Add(new View(url, etag));
        }
        return views;
    }

    /// <summary>Every page answers the old tag with a new page (a new tag); <paramref name="shows"/> says which page must show what.</summary>
    private async Task AllChangedAsync(HttpClient client, List<View> before, string what, params (int Page, string Text, bool Present)[] shows)
    {
        for (var p = 0; p < before.Count; p++)
        {
            using var after = await GetAsync(client, before[p].Url, before[p].ETag);
            Assert.True(after.StatusCode == HttpStatusCode.OK, $"{what}: {before[p].Url} answered {after.StatusCode} to the old tag");
            Assert.NotEqual(before[p].ETag, after.Headers.ETag!.ToString());
            var html = WebUtility.HtmlDecode(await after.Content.ReadAsStringAsync(Ct));
            foreach (var (page, text, present) in shows.Where(s => s.Page == p))
                Assert.True(html.Contains(text, StringComparison.Ordinal) == present, $"{what}: {before[p].Url} {(present ? "lacks" : "still shows")} {text}");
        }
    }

    private async Task NoneChangedAsync(HttpClient client, List<View> before, string what)
    {
        foreach (var view in before)
        {
            using var after = await GetAsync(client, view.Url, view.ETag);
            Assert.True(after.StatusCode == HttpStatusCode.NotModified, $"{what} changed the tag of {view.Url}");
        }
    }

    private Task ChangeAsync<T>(Guid id, Action<T> change) where T : class => host.DbAsync(async db =>
    {
        change((await db.Set<T>().FindAsync([id], Ct))!);
        await db.SaveChangesAsync(Ct);
        return 0;
    });

    private async Task<T> WithServiceAsync<T>(Func<AchievementService, Achievement, Task<T>> work, Guid id)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<AchievementService>();
        return await work(service, (await service.FindAsync(id, Ct))!);
    }

    [Fact]
    public async Task Every_kind_of_published_change_changes_every_tag_and_shows_on_the_next_view()
    {
        using var client = host.CreateClient();
        var staff = await host.StaffAsync("a.bakker@uu.example");
        await PagesAsync();
        var (issuerId, facultyId) = await UnitsAsync();
        var key = TestData.Key(6);
        // Sorted first by name, so it is on the catalog's first page whatever else the host holds.
        var name = "AAA Publication " + key;
        var id = await host.DbAsync(async db =>
        {
            var issuer = await db.Issuers.Include(i => i.Faculty).SingleAsync(i => i.Id == issuerId, Ct);
            var draft = TestData.Achievement(issuer, name: name, status: AchievementStatus.Draft);
            db.Achievements.Add(draft);
            await db.SaveChangesAsync(Ct);
            return draft.Id;
        });

        var views = await CurrentAsync(client);
        Assert.Empty(await WithServiceAsync((s, a) => s.PublishAsync(staff, a, Ct), id));
        await AllChangedAsync(client, views, "publish", (0, name, true));

        views = await CurrentAsync(client);
        var edited = "AAA Publication edited " + key;
        var outcome = await WithServiceAsync((s, a) =>
        {
            var draft = AchievementDraft.From(a);
            draft.Name = edited;
            return s.UpdateAsync(staff, a, draft, null, "web", Ct);
        }, id);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.SelectMany(e => e.Value)));
        await AllChangedAsync(client, views, "edit", (0, edited, true), (0, name + "<", false));

        // A translation is stored as JSON inside the definition's row (an owned value): it counts as the definition's change.
        views = await CurrentAsync(client);
        var english = "AAA Publication in English " + key;
        await ChangeAsync<Achievement>(id, a => a.Translations =
            [new AchievementTranslation { Language = "en", Name = english, Description = "In English.", CriteriaMarkdown = "Pass.", LearningOutcomes = "- One" }]);
        await AllChangedAsync(client, views, "translation", (0, english, true));

        views = await CurrentAsync(client);
        await ChangeAsync<Achievement>(id, a => { a.Image = ForeignIssuer.PlainPng; a.ImageContentType = "image/png"; });
        await AllChangedAsync(client, views, "definition image", (0, $"/catalog/{id}/image", true));

        // An award freezes the definition (an ExecuteUpdate of FrozenAt, which no page shows): no tag changes.
        views = await CurrentAsync(client);
        var learner = await host.OtherLearnerIdAsync();
        await host.InScopeAsync(async services =>
        {
            var email = await services.GetRequiredService<LaurelDb>().Persons.Where(p => p.Id == learner).Select(p => p.Email!).SingleAsync(Ct);
            var award = await services.GetRequiredService<Laurel.Features.Awards.AwardService>().AwardAsync(staff, new Laurel.Features.Awards.AwardRequest
            {
                AchievementId = id, RecipientPersonId = learner, RecipientIdentity = email, CompletedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)),
            }, Ct);
            Assert.True(award.Succeeded, string.Join("; ", award.Errors.SelectMany(e => e.Value)));
            return 0;
        });
        Assert.NotNull(await host.DbAsync(db => db.Achievements.Where(a => a.Id == id).Select(a => a.FrozenAt).SingleAsync(Ct)));
        await NoneChangedAsync(client, views, "an award");
        // Nor does a tracked change of what no page shows (a wallet card's hue).
        await ChangeAsync<Achievement>(id, a => a.CardHue = (a.CardHue ?? 0) + 1);
        await NoneChangedAsync(client, views, "a card hue");

        // A frozen definition's edit is a new version (a draft: the catalog still shows the published one), then published.
        var versioned = "AAA Publication version two " + key;
        var next = await WithServiceAsync((s, a) =>
        {
            var draft = AchievementDraft.From(a);
            draft.Name = versioned;
            draft.Translations = [];
            return s.UpdateAsync(staff, a, draft, null, "web", Ct);
        }, id);
        Assert.True(next.Succeeded && next.Saved!.Id != id, string.Join("; ", next.Errors.SelectMany(e => e.Value)));
        views = await CurrentAsync(client);
        Assert.Empty(await WithServiceAsync((s, a) => s.PublishAsync(staff, a, Ct), next.Saved!.Id));
        await AllChangedAsync(client, views, "new version", (0, versioned, true), (0, english, false));

        views = await CurrentAsync(client);
        await WithServiceAsync(async (s, a) => { await s.ArchiveAsync(staff, a, Ct); return 0; }, next.Saved.Id);
        await AllChangedAsync(client, views, "archive", (0, versioned, false));

        // The organisational units: names on the catalog's cards and filter lists and on every profile that names them.
        var (issuerEn, facultyEn, institutionEn) = await host.DbAsync(async db => (
            (await db.Issuers.FindAsync([issuerId], Ct))!.NameEn, (await db.Faculties.FindAsync([facultyId], Ct))!.NameEn,
            (await db.Institutions.SingleAsync(i => i.Slug == "uu", Ct)).NameEn));
        var institutionId = await host.DbAsync(db => db.Institutions.Where(i => i.Slug == "uu").Select(i => i.Id).SingleAsync(Ct));
        try
        {
            // A published definition of the issuer on the catalog's first page, so its card names the issuer and institution.
            var card = "AAA Publication card " + key;
            await host.DbAsync(async db =>
            {
                var issuer = await db.Issuers.Include(i => i.Faculty).SingleAsync(i => i.Id == issuerId, Ct);
                db.Achievements.Add(TestData.Achievement(issuer, name: card));
                await db.SaveChangesAsync(Ct);
                return 0;
            });

            views = await CurrentAsync(client);
            await ChangeAsync<Issuer>(issuerId, i => i.NameEn = "Issuer renamed " + key);
            await AllChangedAsync(client, views, "issuer rename", (0, "Issuer renamed " + key, true), (1, "Issuer renamed " + key, true),
                (2, "Issuer renamed " + key, true), (3, "Issuer renamed " + key, true));

            views = await CurrentAsync(client);
            await ChangeAsync<Faculty>(facultyId, f => f.NameEn = "Faculty renamed " + key);
            await AllChangedAsync(client, views, "faculty rename", (0, "Faculty renamed " + key, true), (1, "Faculty renamed " + key, true),
                (2, "Faculty renamed " + key, true), (3, "Faculty renamed " + key, true));

            views = await CurrentAsync(client);
            await ChangeAsync<Institution>(institutionId, i => i.NameEn = "Institution renamed " + key);
            await AllChangedAsync(client, views, "institution rename", (0, "Institution renamed " + key, true), (1, "Institution renamed " + key, true),
                (2, "Institution renamed " + key, true), (3, "Institution renamed " + key, true));

            views = await CurrentAsync(client);
            await ChangeAsync<Issuer>(issuerId, i => { i.Image = ForeignIssuer.PlainPng; i.ImageContentType = "image/png"; });
            await AllChangedAsync(client, views, "issuer image", (3, $"/issuers/{issuerId}/image", true));

            views = await CurrentAsync(client);
            await ChangeAsync<Institution>(institutionId, i => { i.Logo = ForeignIssuer.PlainPng; i.LogoContentType = "image/png"; });
            await AllChangedAsync(client, views, "institution logo", (1, "/institutions/uu/logo", true));
        }
        finally
        {
            // Other tests of this host name the units.
            await ChangeAsync<Issuer>(issuerId, i => { i.NameEn = issuerEn; i.Image = null; i.ImageContentType = null; });
            await ChangeAsync<Faculty>(facultyId, f => f.NameEn = facultyEn);
            await ChangeAsync<Institution>(institutionId, i => { i.NameEn = institutionEn; i.Logo = null; i.LogoContentType = null; });
        }
    }

    [Fact]
    public async Task A_current_view_costs_one_primary_key_read_however_many_definitions_there_are()
    {
        using var counter = new SqlCommandCounter();
        using var client = host.CreateClient();
        var pages = await PagesAsync();

        async Task OneStatementEachAsync(string when)
        {
            foreach (var url in pages)
            {
                // The first view renders and stores this node's copy; the second is answered from it, the third with a 304.
                using (var render = await GetAsync(client, url)) Assert.Equal(HttpStatusCode.OK, render.StatusCode);
                foreach (var withTag in new[] { false, true })
                {
                    using var first = await GetAsync(client, url);
                    await counter.ReadyAsync();
                    counter.Reset();
                    using var view = await GetAsync(client, url, withTag ? first.Headers.ETag!.ToString() : null, counter.TraceParent);
                    Assert.Equal(withTag ? HttpStatusCode.NotModified : HttpStatusCode.OK, view.StatusCode);
                    var sql = counter.Commands;
                    var described = $"{when}: {url} ran {sql.Count} statements:\n" + string.Join("\n---\n", sql);
                    Assert.True(sql.Count == 1, described);
                    Assert.Contains("PublicationVersions", sql[0]);
                    Assert.DoesNotContain("Achievements", sql[0]);
                }
            }
        }

        await OneStatementEachAsync("before");
        // Many more published definitions: the current view still reads the one row, nothing that grows with them.
        await host.DbAsync(async db =>
        {
            var issuer = await db.Issuers.Include(i => i.Faculty).FirstAsync(i => i.Faculty!.Institution!.Slug == "uu", Ct);
            for (var n = 0; n < 200; n++) db.Achievements.Add(TestData.Achievement(issuer, name: $"ZZZ Flat {n:D3} {TestData.Key(4)}"));
            await db.SaveChangesAsync(Ct);
            return 0;
        });
        await OneStatementEachAsync("after 200 more definitions");
    }

    [Fact]
    public async Task A_signed_in_visitor_never_gets_the_public_copy_of_a_profile()
    {
        using var anonymous = host.CreateClient();
        using var first = await GetAsync(anonymous, "/institutions/uu?culture=en");
        using (var stored = await GetAsync(anonymous, "/institutions/uu?culture=en")) Assert.DoesNotContain("/account/sign-out", await stored.Content.ReadAsStringAsync(Ct));
        using var staff = await host.SignInAsDemoAsync("institution-admin");
        using var own = await GetAsync(staff, "/institutions/uu?culture=en", first.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("/account/sign-out", await own.Content.ReadAsStringAsync(Ct));
        Assert.NotEqual(first.Headers.ETag, own.Headers.ETag);
        // Private to this viewer, or not stored at all (a signed-in page carries the sign-out form's antiforgery token: no-store).
        var cacheControl = own.Headers.CacheControl!.ToString();
        Assert.True(cacheControl.Contains("private") || cacheControl.Contains("no-store"), cacheControl);
    }
}

public sealed class PublicationVersionTestsOnSqlite(SqliteHost host) : PublicationVersionTests(host), IClassFixture<SqliteHost>;

public sealed class PublicationVersionTestsOnPostgres(PostgresHost host) : PublicationVersionTests(host), IClassFixture<PostgresHost>;
