namespace Laurel.Infrastructure.Web;

/// <summary>
/// A list setting written either way operators write lists: one value "a,b" (also ";" or spaces; handy in one environment
/// variable) or an ASP.NET list (a JSON array in appsettings, or <c>Section__0</c>, <c>Section__1</c> environment variables).
/// Both forms may be mixed; entries are trimmed and empty ones dropped.
/// </summary>
public static class ConfigurationList
{
    public static List<string> Read(IConfigurationSection section) =>
        [.. new[] { section.Value }.Concat(section.GetChildren().Select(c => c.Value))
            .SelectMany(v => (v ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
