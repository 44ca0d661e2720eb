using Laurel.Infrastructure.Web;
using Microsoft.Extensions.Configuration;

namespace Laurel.Tests.Platform;

/// <summary>Issue 14: list settings (fetch allow-list, known proxies) accept a JSON list or __0 variables as well as "a,b".</summary>
public sealed class ConfigurationListTests
{
    private static List<string> Read(Dictionary<string, string?> values) =>
        ConfigurationList.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Laurel:Verification:AllowedFetchHosts"));

    [Fact]
    public void A_comma_string_is_a_list() =>
        Assert.Equal(["a.example", "b.example"], Read(new() { ["Laurel:Verification:AllowedFetchHosts"] = " a.example, b.example" }));

    [Fact]
    public void A_json_list_is_a_list()
    {
        var json = """{ "Laurel": { "Verification": { "AllowedFetchHosts": [ "a.example", "b.example" ] } } }""";
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
        Assert.Equal(["a.example", "b.example"], ConfigurationList.Read(configuration.GetSection("Laurel:Verification:AllowedFetchHosts")));
    }

    [Fact]
    public void Indexed_environment_variables_are_a_list()
    {
        var key = "LAUREL_TEST_" + Guid.NewGuid().ToString("N")[..8] + "_";
        Environment.SetEnvironmentVariable(key + "Laurel__Verification__AllowedFetchHosts__0", "a.example");
        Environment.SetEnvironmentVariable(key + "Laurel__Verification__AllowedFetchHosts__1", "b.example");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(key).Build();
            Assert.Equal(["a.example", "b.example"], ConfigurationList.Read(configuration.GetSection("Laurel:Verification:AllowedFetchHosts")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(key + "Laurel__Verification__AllowedFetchHosts__0", null);
            Environment.SetEnvironmentVariable(key + "Laurel__Verification__AllowedFetchHosts__1", null);
        }
    }
}
