namespace Laurel.Credentials.Tests;

/// <summary>Locates <c>../shared</c> (spec digest and official suites) beside the checkout.</summary>
public static class SharedData
{
    public static string Root { get; } = Locate();

    public static string TestSuites => Path.Combine(Root, "testsuites");

    public static string Spec => Path.Combine(Root, "spec");

    public static string TestSuite(params string[] parts) => Path.Combine([TestSuites, .. parts]);

    public static string SpecFile(params string[] parts) => Path.Combine([Spec, .. parts]);

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("LAUREL_SHARED");
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Laurel.slnx")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
        }
        throw new DirectoryNotFoundException("Cannot find the repository root (Laurel.slnx); set LAUREL_SHARED.");
    }
}
