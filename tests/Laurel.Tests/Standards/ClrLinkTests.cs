using Laurel.Features.Pathways;
using Laurel.Tests.Completions;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Standards;

/// <summary>
/// Issue 18: a badge page asks the database about pathways only for an award of a definition that completes one (the CLR download
/// link); every other first view is answered from the node's remembered completion definitions. A pathway saved on this node
/// (published, withdrawn) shows on the next render.
/// </summary>
public abstract class ClrLinkTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_a_completion_badge_asks_about_pathways_and_a_saved_pathway_shows_on_the_next_render()
    {
        var done = await host.CompleteDemoPathwayAsync();
        using var learner = await host.SignInAsDemoAsync(done.Persona);
        var completionPage = $"/backpack/badges/{done.Completion}";
        // Withdrawn before any page asked: this node remembers "completes nothing"; published again on this node, the next render
        // has the link (not 30 s later).
        await SetStatusAsync(done.Pathway, PathwayStatus.Draft);
        Assert.DoesNotContain("clr-download", await learner.GetStringAsync(completionPage, Ct));
        await SetStatusAsync(done.Pathway, PathwayStatus.Published);
        Assert.Contains("clr-download", await learner.GetStringAsync(completionPage, Ct));

        // A first view of a component's public page (rendered, not a stored copy) does not ask which pathway items the learner holds
        // (the remembered set may be read again when another test in this process saved a pathway: that query reads no items).
        await host.SetAsync(done.DataLiteracy, a => a.IsPublic = true);
        using var counter = new SqlCommandCounter();
        await counter.ReadyAsync();
        using var anonymous = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/badges/{done.DataLiteracy}");
        request.Headers.Add("traceparent", counter.TraceParent);
        using var response = await anonymous.SendAsync(request, Ct);
        Assert.True(response.IsSuccessStatusCode, $"the badge page answered {(int)response.StatusCode}");
        Assert.DoesNotContain("clr-download", await response.Content.ReadAsStringAsync(Ct));
        Assert.NotEmpty(counter.Commands);
        Assert.DoesNotContain(counter.Commands, sql => sql.Contains("\"PathwayItems\"", StringComparison.Ordinal));
    }

    private Task SetStatusAsync(Guid pathwayId, PathwayStatus status) => host.DbAsync(async db =>
    {
        var pathway = await db.Pathways.SingleAsync(p => p.Id == pathwayId, Ct);
        pathway.Status = status;
        return await db.SaveChangesAsync(Ct);
    });
}

public sealed class ClrLinkTestsOnSqlite(SqliteHost host) : ClrLinkTests(host), IClassFixture<SqliteHost>;

public sealed class ClrLinkTestsOnPostgres(PostgresHost host) : ClrLinkTests(host), IClassFixture<PostgresHost>;
