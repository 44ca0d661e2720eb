namespace Laurel.Credentials.Tests.JsonLd;

/// <summary>
/// The ONE place listing official JSON-LD API tests that are not run, each with its reason. Keys are
/// "&lt;manifest&gt;#&lt;test id&gt;". Everything not listed here runs and must pass.
/// </summary>
internal static class Exclusions
{
    private const string Json10Only =
        "specVersion json-ld-1.0: checks JSON-LD 1.0 behaviour that JSON-LD 1.1 changed; not applicable to a 1.1 processor";

    public static readonly IReadOnlyDictionary<string, string> Tests = new Dictionary<string, string>
    {
        ["expand#t0026"] = Json10Only,
        ["expand#t0038"] = Json10Only,
        ["expand#t0071"] = Json10Only,
        ["expand#t0115"] = Json10Only,
        ["expand#t0116"] = Json10Only,
        ["expand#ter02"] = Json10Only,
        ["expand#ter03"] = Json10Only,
        ["expand#ter24"] = Json10Only,
        ["expand#ter32"] = Json10Only,
        ["toRdf#t0118"] = Json10Only,
        ["toRdf#te014"] = Json10Only,
        ["toRdf#te026"] = Json10Only,
        ["toRdf#te038"] = Json10Only,
        ["toRdf#te071"] = Json10Only,
        ["toRdf#te115"] = Json10Only,
        ["toRdf#te116"] = Json10Only,
        ["toRdf#ter02"] = Json10Only,
        ["toRdf#ter03"] = Json10Only,
        ["toRdf#ter24"] = Json10Only,
        ["toRdf#ter32"] = Json10Only,
    };
}
