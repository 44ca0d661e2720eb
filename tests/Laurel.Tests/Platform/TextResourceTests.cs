using System.Xml.Linq;

namespace Laurel.Tests.Platform;

/// <summary>
/// Issue 13: the <c>.resx</c> files are the one source of truth for user-visible texts. Every text exists in
/// English (<c>X.resx</c>) and Dutch (<c>X.nl.resx</c>), so a user never falls back to the other language, and
/// no second copy (the old <c>.tsv</c> files) can drift from them.
/// </summary>
public sealed class TextResourceTests
{
    private static string SourceRoot => Path.Combine(OidcProviderProcess.RepositoryRoot(), "src");

    public static TheoryData<string> EnglishResources()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(SourceRoot, "*.resx", SearchOption.AllDirectories)
                     .Where(p => !IsBuildOutput(p) && !p.EndsWith(".nl.resx", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(SourceRoot, path));
        return data;
    }

    [Fact]
    public void There_are_text_resources_to_check()
        => Assert.True(EnglishResources().Count >= 20, $"only {EnglishResources().Count} .resx files found under {SourceRoot}");

    [Theory]
    [MemberData(nameof(EnglishResources))]
    public void Every_text_exists_in_english_and_dutch_with_a_value(string englishFile)
    {
        var english = Texts(Path.Combine(SourceRoot, englishFile));
        var dutchFile = englishFile[..^".resx".Length] + ".nl.resx";
        var dutchPath = Path.Combine(SourceRoot, dutchFile);
        Assert.True(File.Exists(dutchPath), $"{dutchFile} is missing");
        var dutch = Texts(dutchPath);

        var problems = new List<string>();
        problems.AddRange(english.Keys.Except(dutch.Keys).Select(k => $"{k}: only in {englishFile}"));
        problems.AddRange(dutch.Keys.Except(english.Keys).Select(k => $"{k}: only in {dutchFile}"));
        problems.AddRange(english.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => $"{t.Key}: empty in {englishFile}"));
        problems.AddRange(dutch.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => $"{t.Key}: empty in {dutchFile}"));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void No_second_copy_of_the_texts_exists_beside_the_resx_files()
    {
        var copies = Directory.EnumerateFiles(SourceRoot, "*Text.tsv", SearchOption.AllDirectories)
            .Where(p => !IsBuildOutput(p))
            .Select(p => Path.GetRelativePath(SourceRoot, p))
            .ToList();
        Assert.True(copies.Count == 0, "texts live only in .resx: " + string.Join(", ", copies));
    }

    private static Dictionary<string, string> Texts(string path)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var data in XDocument.Load(path).Root!.Elements("data"))
        {
            // Non-string resources (files, images) carry a type; they are not texts.
            if (data.Attribute("type") is not null) continue;
            var name = (string)data.Attribute("name")!;
            Assert.False(texts.ContainsKey(name), $"{name} appears twice in {path}");
            texts[name] = data.Element("value")?.Value ?? "";
        }
        return texts;
    }

    private static bool IsBuildOutput(string path)
    {
        var separator = Path.DirectorySeparatorChar;
        return path.Contains($"{separator}obj{separator}", StringComparison.Ordinal)
            || path.Contains($"{separator}bin{separator}", StringComparison.Ordinal);
    }
}
