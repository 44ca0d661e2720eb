using System.Text.Json;

namespace Laurel.Tests.Conformance;

/// <summary>A suite test the suite gets wrong by the spec (<c>w3c-suite-exceptions.json</c>).</summary>
public sealed record W3cSuiteException(string Suite, string Title, string SpecSection, string Reason);

/// <summary>The one file of accepted suite failures; every entry must say which spec section shows the suite is wrong.</summary>
public static class W3cSuiteExceptions
{
    public static string FilePath => Path.Combine(TestPaths.RepositoryRoot, "tests", "Laurel.Tests", "Conformance", "w3c-suite-exceptions.json");

    public static IReadOnlyList<W3cSuiteException> Load()
    {
        using var file = File.OpenRead(FilePath);
        var root = JsonDocument.Parse(file).RootElement;
        var list = new List<W3cSuiteException>();
        foreach (var entry in root.GetProperty("exceptions").EnumerateArray())
        {
            string Field(string name) => entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : "";
            var exception = new W3cSuiteException(Field("suite"), W3cSuiteRun.OneLine(Field("title")), Field("specSection"), Field("reason"));
            Assert.False(exception.Suite.Length == 0 || exception.Title.Length == 0 || exception.SpecSection.Length == 0 || exception.Reason.Length == 0,
                $"{FilePath}: every exception needs suite, title, specSection and reason: {entry}");
            list.Add(exception);
        }
        return list;
    }
}
