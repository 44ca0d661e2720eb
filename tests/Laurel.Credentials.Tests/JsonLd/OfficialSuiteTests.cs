using System.Text.Json.Nodes;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Limits;

namespace Laurel.Credentials.Tests.JsonLd;

/// <summary>Runs the official JSON-LD 1.1 API expand and toRdf manifests (one theory case per test id).</summary>
public class OfficialSuiteTests
{
    public static IEnumerable<TheoryDataRow<string>> ExpandTests() => Ids("expand");

    public static IEnumerable<TheoryDataRow<string>> ToRdfTests() => Ids("toRdf");

    [Theory]
    [MemberData(nameof(ExpandTests))]
    public void Expansion_matches_the_official_expand_test(string id)
    {
        var test = Manifest.Get("expand", id);
        Run(test, () => JsonLdProcessor.Expand(test.Input(), test.Options()), actual =>
        {
            var expected = JsonNode.Parse(File.ReadAllText(test.ExpectPath!));
            var expectedArray = expected as JsonArray ?? new JsonArray(expected);
            Assert.True(ExpandedJsonComparer.AreEqual(actual, expectedArray),
                $"{test.Name}\nexpected: {expectedArray.ToJsonString()}\nactual:   {actual.ToJsonString()}");
        });
    }

    [Theory]
    [MemberData(nameof(ToRdfTests))]
    public void ToRdf_matches_the_official_toRdf_test(string id)
    {
        var test = Manifest.Get("toRdf", id);
        Run(test, () => JsonLdProcessor.ToRdf(test.Input(), test.Options()), actual =>
        {
            if (test.ExpectPath is null) return; // positive syntax test: processing without error is the test
            var expected = TestNQuads.Parse(File.ReadAllText(test.ExpectPath));
            Assert.True(DatasetIsomorphism.AreIsomorphic(actual, expected),
                $"{test.Name}\nexpected:\n{string.Join('\n', expected.Select(TestNQuads.Format).Order())}\n"
                + $"actual:\n{string.Join('\n', actual.Select(TestNQuads.Format).Order())}");
        });
    }

    [Theory]
    [MemberData(nameof(ToRdfTests))]
    public void ToRdf_matches_the_official_toRdf_test_within_the_default_verification_limits(string id)
    {
        // The budgets that refuse hostile input (issue 12) must leave every conformance test alone.
        var test = Manifest.Get("toRdf", id);
        Run(test, () => JsonLdProcessor.ToRdf(test.Input(), test.Options(), new WorkBudget(ProcessingLimits.Default)), actual =>
        {
            if (test.ExpectPath is null) return;
            Assert.True(DatasetIsomorphism.AreIsomorphic(actual, TestNQuads.Parse(File.ReadAllText(test.ExpectPath))), test.Name);
        });
    }

    [Fact]
    public void Every_exclusion_names_an_existing_official_test()
    {
        foreach (var key in Exclusions.Tests.Keys)
        {
            var (manifest, id) = (key[..key.IndexOf('#')], key[key.IndexOf('#')..]);
            Assert.Contains(Manifest.All(manifest), t => t.Id == id);
        }
    }

    private static void Run<T>(ManifestTest test, Func<T> action, Action<T> check)
    {
        if (test.ExpectErrorCode is { } code)
        {
            var error = Assert.Throws<JsonLdException>(() => action());
            Assert.Equal(code, error.Code);
            return;
        }

        check(action());
    }

    private static IEnumerable<TheoryDataRow<string>> Ids(string manifest) =>
        Manifest.All(manifest)
            .Where(t => !Exclusions.Tests.ContainsKey(manifest + t.Id))
            .Select(t => new TheoryDataRow<string>(t.Id));
}
