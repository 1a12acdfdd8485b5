namespace EdgeLabel.Tests.Support;

public static class RepoPaths
{
    /// <summary>The repository root: the first folder above the test binary holding EdgeLabel.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Hocon(string relative) => Path.Combine(Root, "hocon", relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EdgeLabel.sln"))) return dir.FullName;
        throw new InvalidOperationException($"EdgeLabel.sln not found above {AppContext.BaseDirectory}");
    }
}
