namespace EdgeLabel.Storage.Tests.Support;

/// <summary>Locates the repository and the npm packages that scripts/install-test-deps.sh puts in .cache/npm.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The s3rver CLI script; fails the test (never skips it) when s3rver is not installed.</summary>
    public static string S3rverScript
    {
        get
        {
            var script = Path.Combine(Root, ".cache", "npm", "node_modules", "s3rver", "bin", "s3rver.js");
            if (!File.Exists(script))
                Assert.Fail($"s3rver is missing at {script}: run ./build.sh test to install s3rver (or scripts/install-test-deps.sh)");
            return script;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EdgeLabel.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no EdgeLabel.sln above {AppContext.BaseDirectory}");
    }
}
