using System.Net;
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

        var awards = await host.DbAsync(db => db.Awards.AsNoTracking().Include(a => a.Achievement).ToListAsync(Ct));
        Assert.Equal(2, awards.Select(a => a.InstitutionId).Distinct().Count());
        foreach (var award in awards)
            Assert.Equal(Laurel.Credentials.Verification.Verdict.Valid, (await host.VerifyAsync(award.CredentialJson)).Verdict);

        var progress = WebUtility.HtmlDecode(await learner.GetStringAsync("/backpack/pathways", Ct));
        Assert.Contains("Data & AI voor professionals", progress);
        var publicList = WebUtility.HtmlDecode(await host.CreateClient().GetStringAsync("/pathways", Ct));
        Assert.Contains("Data & AI voor professionals", publicList);
        Assert.Contains("verificationMethod", await host.CreateClient().GetStringAsync("/institutions/uu/did.json", Ct));
    }
}
