namespace Laurel.Testing;

/// <summary>Where the repository, its Node helpers and the shared test vectors are, found from the test binaries.</summary>
public static class TestPaths
{
    /// <summary>The folder holding <c>Laurel.slnx</c>.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>A test project's <c>node</c> folder (packages installed there by ./test.sh with npm ci).</summary>
    public static string NodeFolder(string project = "Laurel.Tests") => Path.Combine(RepositoryRoot, "tests", project, "node");

    /// <summary>A file in <c>../shared</c> beside the repository root (or in <c>LAUREL_SHARED</c>).</summary>
    public static string SharedFile(params string[] parts) =>
        Environment.GetEnvironmentVariable("LAUREL_SHARED") is { Length: > 0 } shared
            ? Path.Combine([shared, .. parts])
            : Path.Combine([RepositoryRoot, "..", "shared", .. parts]);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Laurel.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("Cannot find the repository root (Laurel.slnx) above " + AppContext.BaseDirectory);
    }
}

/// <summary>The shared test vectors beside the checkout (<c>../shared/spec/testvectors</c>).</summary>
public static class Fixtures
{
    private static readonly string Root = Locate();

    public static string Constructed(string name) => Path.Combine(Root, "constructed", name);

    public static string Official(params string[] parts) => Path.Combine([Root, "official", .. parts]);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "spec", "testvectors");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("Cannot find shared/spec/testvectors above the test binaries.");
    }
}
