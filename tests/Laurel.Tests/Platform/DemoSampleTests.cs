using System.Net;
using Laurel.Tests.Pathways;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Platform;

/// <summary>The app as <c>dotnet run</c> starts it (sample awards on): the demo learner opens a backpack with real credentials.</summary>
public sealed class DemoSampleTests(DemoSampleTests.SampleHost host) : IClassFixture<DemoSampleTests.SampleHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A SQLite host with the sample awards the README's run command has.</summary>
    public sealed class SampleHost : SqliteHost
    {
        protected override void Configure(Dictionary<string, string?> settings) => settings["Laurel:Demo:SampleAwards"] = "true";
    }

    [Fact]
    public async Task The_demo_learner_has_two_valid_credentials_from_two_institutions_and_pathway_progress()
    {
        using var learner = await host.SignInAsDemoAsync("learner");
        var backpack = WebUtility.HtmlDecode(await learner.GetStringAsync("/backpack", Ct));
        Assert.Contains("Data Literacy for Professionals", backpack);
        Assert.Contains("Solar Energy Systems", backpack);

        var awards = await host.DbAsync(db => db.Awards.AsNoTracking().Include(a => a.Achievement)
            .Where(a => db.LinkedIdentities.Any(i => i.PersonId == a.RecipientPersonId && i.Subject == "learner")).ToListAsync(Ct));
        Assert.Equal(2, awards.Count);
        Assert.Equal(2, awards.Select(a => a.InstitutionId).Distinct().Count());
        foreach (var award in awards)
            Assert.Equal(Laurel.Credentials.Verification.Verdict.Valid, (await host.VerifyAsync(award.CredentialJson)).Verdict);

        var progress = WebUtility.HtmlDecode(await learner.GetStringAsync("/backpack/pathways", Ct));
        Assert.Contains("Data & AI voor professionals", progress);
        var publicList = WebUtility.HtmlDecode(await host.CreateClient().GetStringAsync("/pathways", Ct));
        Assert.Contains("Data & AI voor professionals", publicList);
        Assert.Contains("verificationMethod", await host.CreateClient().GetStringAsync("/institutions/uu/did.json", Ct));
    }

    [Fact]
    public async Task The_demo_graduate_holds_the_pathway_completion_and_downloads_it_as_a_CLR_that_verifies_with_every_component()
    {
        await host.AwardEventsProcessedAsync();
        using var graduate = await host.SignInAsDemoAsync("graduate");

        // By clicking's worth of pages: backpack → the completion badge → its CLR link.
        var backpack = WebUtility.HtmlDecode(await graduate.GetStringAsync("/backpack?culture=en", Ct));
        Assert.Contains("Data & AI for Professionals (pathway)", backpack);
        var completion = await host.DbAsync(db => db.Awards.AsNoTracking()
            .Where(a => db.LinkedIdentities.Any(i => i.PersonId == a.RecipientPersonId && i.Subject == "graduate")
                && a.Achievement!.Name == "Data & AI for Professionals (pathway)")
            .SingleAsync(Ct));
        Assert.Equal(Laurel.Features.Awards.AwardState.Issued, completion.State);
        var page = await graduate.GetStringAsync($"/backpack/badges/{completion.Id}?culture=en", Ct);
        Assert.Contains($"href=\"/badges/{completion.Id}/clr.json\"", page);
        Assert.Contains("Download as CLR 2.0", page);
        // Lotte is only halfway: no completion in her backpack.
        using var learner = await host.SignInAsDemoAsync("learner");
        Assert.DoesNotContain("Data & AI for Professionals (pathway)", WebUtility.HtmlDecode(await learner.GetStringAsync("/backpack?culture=en", Ct)));

        using var response = await graduate.GetAsync($"/badges/{completion.Id}/clr.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await host.VerifyAsync(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(Laurel.Credentials.Verification.Verdict.Valid, report.Verdict);
        Assert.Equal(2, report.Components.Count);
        Assert.All(report.Components, c => Assert.Equal(Laurel.Credentials.Verification.Verdict.Valid, c.Verdict));
    }
}
