using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Laurel.Tests.Platform;

/// <summary>
/// Issue 14: one Dutch vocabulary in every Dutch resource: "lerende" for the person who receives a badge (Laurel also serves
/// continuing-education professionals, who are no students), "rugzak" (never "backpack"), and "je/jouw" (never formal "u/uw").
/// </summary>
public sealed partial class DutchVocabularyTests
{
    /// <summary>
    /// Where "student" really is about being a student of an institution, not about the learner: the award rule that refuses
    /// micro-credentials to learners registered in initial (regular) education names that registration.
    /// </summary>
    private static readonly Dictionary<string, string> AllowedStudentPhrases = new()
    {
        ["PolicyText.nl.resx:Check_InitialStudent"] = "initiële (reguliere) student",
    };

    public static TheoryData<string> DutchResources() =>
        [.. Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "src"), "*.nl.resx", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(p => Path.GetRelativePath(TestPaths.RepositoryRoot, p))];

    [Theory]
    [MemberData(nameof(DutchResources))]
    public void Dutch_texts_say_lerende_rugzak_and_je(string file)
    {
        var problems = new List<string>();
        foreach (var data in XDocument.Load(Path.Combine(TestPaths.RepositoryRoot, file)).Root!.Elements("data"))
        {
            var key = data.Attribute("name")!.Value;
            var value = data.Element("value")?.Value ?? "";
            if (AllowedStudentPhrases.TryGetValue($"{Path.GetFileName(file)}:{key}", out var allowed)) value = value.Replace(allowed, "", StringComparison.Ordinal);
            foreach (var (pattern, rule) in Rules)
                if (pattern.Match(value) is { Success: true } hit) problems.Add($"{key}: \"{hit.Value}\" ({rule})");
        }
        Assert.True(problems.Count == 0, $"{file}:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_rules_catch_what_they_are_for()
    {
        Assert.Matches(Student(), "Kies de student die hem ontvangt.");
        Assert.Matches(Student(), "Studenten krijgen bericht.");
        Assert.DoesNotMatch(Student(), "het studentnummer en het studentinformatiesysteem");
        Assert.Matches(Backpack(), "in je backpack");
        Assert.DoesNotMatch(Backpack(), "zie /backpack/claims");
        Assert.Matches(Formal(), "die u opgaf");
        Assert.Matches(Formal(), "Uw badge");
        Assert.DoesNotMatch(Formal(), "uur, uit, u-bocht-vrij: geen aanspreekvorm");
    }

    private static readonly (Regex Pattern, string Rule)[] Rules =
    [
        (Student(), "say \"lerende\" for the person receiving a badge"),
        (Backpack(), "say \"rugzak\" in Dutch"),
        (Formal(), "address the reader as \"je\", not \"u\""),
    ];

    [GeneratedRegex(@"\bstudent(en)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Student();

    // A path such as /backpack/claims is an address, not a word.
    [GeneratedRegex(@"(?<![/\w])backpack\b", RegexOptions.IgnoreCase)]
    private static partial Regex Backpack();

    // "u" and "uw" as whole words ("u-bocht" would be a word too; no resource uses one).
    [GeneratedRegex(@"\b(u|uw)\b(?!-)", RegexOptions.IgnoreCase)]
    private static partial Regex Formal();
}
