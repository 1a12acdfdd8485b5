namespace EdgeLabel.GroundTruth.Tests.Support;

/// <summary>Locates the repository, the shared reference folder beside it and the npm packages in .cache/npm.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Requests the AWS JS SDK sent, captured on the wire (see shared/README.md).</summary>
    public static string SageMakerWire => Path.Combine(Root, "..", "shared", "reference", "sagemaker-wire");

    public static string NodeModules => Path.Combine(Root, ".cache", "npm", "node_modules");

    public static string Script(string name) => Path.Combine(Root, "tests", "EdgeLabel.GroundTruth.Tests", "Scripts", name);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !dir.EnumerateFiles("EdgeLabel.sln").Any()) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"no EdgeLabel.sln above {AppContext.BaseDirectory}");
    }
}
