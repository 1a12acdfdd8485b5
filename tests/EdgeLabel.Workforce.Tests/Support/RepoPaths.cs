namespace EdgeLabel.Workforce.Tests.Support;

/// <summary>Locates the repository and its fetched sample data from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The dlib face set fetched by `./build.sh samples`; fails the test (never skips it) when absent.</summary>
    public static string DlibFaces
    {
        get
        {
            var dir = Path.Combine(Root, ".cache", "samples", "dlib-faces");
            if (!File.Exists(Path.Combine(dir, "training.xml")) || !File.Exists(Path.Combine(dir, "testing.xml")))
                Assert.Fail($"sample data missing at {dir}: run ./build.sh samples");
            return dir;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EdgeLabel.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no EdgeLabel.sln above {AppContext.BaseDirectory}");
    }
}
