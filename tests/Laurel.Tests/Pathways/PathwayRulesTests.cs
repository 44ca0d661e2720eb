using System.Globalization;
using Laurel.Features.Achievements;
using Laurel.Features.Pathways;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Laurel.Tests.Pathways;

/// <summary>The definition rules alone: every problem at once, named per field, in Dutch and English.</summary>
public sealed class PathwayRulesTests
{
    private static readonly IStringLocalizer<PathwaysText> Text = new StringLocalizer<PathwaysText>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));
    private static readonly Guid Institution = Guid.NewGuid();
    private static readonly ReferencedAchievement Own = new(Guid.NewGuid(), Guid.NewGuid(), Institution, AchievementStatus.Published, false, false);
    private static readonly ReferencedAchievement Other = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), AchievementStatus.Published, false, true);
    private static readonly ReferencedAchievement Draft = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), AchievementStatus.Draft, false, false);
    private static readonly Dictionary<Guid, ReferencedAchievement> Known = new[] { Own, Other, Draft }.ToDictionary(a => a.Id);

    private static (Dictionary<string, List<string>> Errors, PathwayValues? Values) Check(PathwayInput input, string culture, bool mayAward = true)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try { return PathwayRules.Check(input, Institution, Known, mayAward, Text); }
        finally { CultureInfo.CurrentUICulture = previous; }
    }

    private static PathwayInput Valid() => new()
    {
        NameNl = "Datagedreven werken", NameEn = "Data-driven work", Status = "published", MinItems = "1", MinCredits = "7,5",
        Items = [new() { AchievementId = Other.Id }, new(), new() { ExternalUrl = "https://other.example/a/1", Label = "AI ethics" }],
        CompletionAchievementId = Own.Id,
    };

    [Fact]
    public void A_complete_definition_is_accepted_and_blank_rows_are_skipped()
    {
        var (errors, values) = Check(Valid(), "nl");
        Assert.Empty(errors);
        Assert.Equal(2, values!.Items.Count);
        Assert.Equal(Other.LineageId, values.Items[0].LineageId);
        Assert.Equal(7.5m, values.MinCredits);
        Assert.Equal(PathwayStatus.Published, values.Status);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_per_field()
    {
        var input = new PathwayInput
        {
            NameNl = " ", NameEn = new string('x', 201), Status = "live", MinItems = "abc", MinCredits = "2000", MinEqfCount = "1",
            Items =
            [
                new() { AchievementId = Draft.Id, ExternalUrl = "https://other.example/a/1" },
                new() { ExternalUrl = "not a url" },
                new() { AchievementId = Guid.NewGuid() },
            ],
            CompletionAchievementId = Other.Id,
        };
        var (errors, values) = Check(input, "en");
        Assert.Null(values);
        Assert.Equal("Fill this in.", Assert.Single(errors["NameNl"]));
        Assert.Equal("Use at most 200 characters.", Assert.Single(errors["NameEn"]));
        Assert.Contains("Status", errors.Keys);
        Assert.Equal("Give a whole number.", Assert.Single(errors["MinItems"]));
        Assert.Equal("Give a value from 0.5 to 999.", Assert.Single(errors["MinCredits"]));
        Assert.Contains("EQF level", Assert.Single(errors["MinEqfLevel"]));
        Assert.Contains("not both", Assert.Single(errors["Items[0].ExternalUrl"]));
        Assert.Equal("This achievement is not published.", Assert.Single(errors["Items[0].AchievementId"]));
        Assert.Equal("Give an absolute URL (https://…) or a URN.", Assert.Single(errors["Items[1].ExternalUrl"]));
        Assert.Equal("Give a label for the external achievement.", Assert.Single(errors["Items[1].Label"]));
        Assert.Equal("This achievement does not exist.", Assert.Single(errors["Items[2].AchievementId"]));
        Assert.Equal("Choose an achievement of your own institution.", Assert.Single(errors["CompletionAchievementId"]));
    }

    [Fact]
    public void Messages_are_Dutch_by_default()
    {
        var (errors, _) = Check(new PathwayInput(), "nl");
        Assert.Equal("Vul dit in.", errors["NameNl"][0]);
        Assert.Equal("Voeg minstens één onderdeel toe.", errors["Items"][0]);
        Assert.StartsWith("Geef minstens één eis", errors["MinItems"][0]);
    }

    [Fact]
    public void At_least_one_requirement_is_needed_and_a_required_item_is_enough()
    {
        var input = Valid();
        input.MinItems = input.MinCredits = null;
        Assert.Contains("MinItems", Check(input, "en").Errors.Keys);
        input.Items[0].Required = true;
        Assert.Empty(Check(input, "en").Errors);
    }

    [Fact]
    public void Minimum_items_cannot_exceed_the_number_of_items_and_duplicates_are_refused()
    {
        var input = Valid();
        input.MinItems = "4";
        input.Items.Add(new() { ExternalUrl = "https://other.example/a/1", Label = "again" });
        var errors = Check(input, "en").Errors;
        Assert.Equal("Give a value from 1 to 3.", Assert.Single(errors["MinItems"]));
        Assert.Equal("This item is already part of the pathway.", Assert.Single(errors["Items[3].ExternalUrl"]));
        input.Items.RemoveAt(3);
        Assert.Equal("Give a value from 1 to 2.", Assert.Single(Check(input, "en").Errors["MinItems"]));
    }

    [Fact]
    public void The_completion_achievement_must_be_awardable_by_the_staff_member_without_a_grade_and_not_an_item()
    {
        Assert.Equal("You may not award this achievement yourself.", Assert.Single(Check(Valid(), "en", mayAward: false).Errors["CompletionAchievementId"]));
        var input = Valid();
        input.Items.Add(new() { AchievementId = Own.Id });
        Assert.Contains("cannot also be an item", Assert.Single(Check(input, "en").Errors["CompletionAchievementId"]));
    }

    [Theory]
    [InlineData("https://badges.example/achievements/1", true)]
    [InlineData("urn:uuid:7f1c1c3e-3b9a-4f7e-9d38-0a4f2e8b1c11", true)]
    [InlineData("did:web:badges.example", true)]
    [InlineData("ftp://badges.example/a", false)]
    [InlineData("/achievements/1", false)]
    [InlineData("https://badges.example/a b", false)]
    public void External_items_are_absolute_achievement_identifiers(string value, bool accepted) =>
        Assert.Equal(accepted, PathwayRules.IsAchievementUri(value));

    [Fact]
    public void Accepted_issuers_are_parsed_per_line_and_every_bad_line_is_named()
    {
        var input = Valid();
        input.Items[2].AcceptedIssuers = "did:web:badges.other.example\r\n\r\n https://issuer.other.example/profile , Other.Example";
        var (errors, values) = Check(input, "en");
        Assert.Empty(errors);
        Assert.Equal(["did:web:badges.other.example", "https://issuer.other.example/profile", "other.example"], values!.Items[1].AcceptedIssuers);
        Assert.Empty(values.Items[0].AcceptedIssuers);

        input.Items[0].AcceptedIssuers = "other.example";
        input.Items[2].AcceptedIssuers = string.Join('\n', ["urn:uuid:1", "ftp://x.example", "did:web:", "localhost", .. Enumerable.Range(0, 20).Select(i => $"d{i}.example")]);
        (errors, values) = Check(input, "en");
        Assert.Null(values);
        Assert.Equal(["Accepted issuers apply only to an external achievement: a catalog achievement counts only when its own institution awarded it."],
            errors["Items[0].AcceptedIssuers"]);
        var lines = errors["Items[2].AcceptedIssuers"];
        Assert.Equal(5, lines.Count);
        Assert.Contains("Give at most 20 accepted issuers.", lines);
        Assert.Contains(lines, l => l.StartsWith("Line 1 (\"urn:uuid:1\") is a URN", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Line 2 (\"ftp://x.example\")", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Line 3 (\"did:web:\")", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Line 4 (\"localhost\")", StringComparison.Ordinal));
        Assert.Contains(Check(input, "nl").Errors["Items[2].AcceptedIssuers"], l => l.StartsWith("Regel 1 (\"urn:uuid:1\") is een URN", StringComparison.Ordinal));
    }
}
