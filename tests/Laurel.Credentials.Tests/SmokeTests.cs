using Laurel.Credentials.Rdf;

namespace Laurel.Credentials.Tests;

public class SharedDataTests
{
    [Fact]
    public void Official_suites_are_found_beside_the_checkout()
    {
        Assert.True(File.Exists(SharedData.TestSuite("rdf-canon", "tests", "manifest.jsonld")));
        Assert.Equal(RdfTermKind.Literal, RdfTerm.Literal("x", language: "nl").Kind);
    }
}
