namespace EdgeLabel.Dataset.Tests.Support;

/// <summary>Locates the repository, and the shared reference folder beside it, from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The verbatim real Ground Truth job output lines (see SOURCES.md there), when ../shared is present.</summary>
    public static string RealGroundTruthLines =>
        Path.Combine(Root, "..", "shared", "reference", "ground-truth", "od_output_manifest_yolov5_sample.jsonl");

    /// <summary>The nearest folder above the test binaries that holds EdgeLabel.sln.</summary>
    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !dir.EnumerateFiles("EdgeLabel.sln").Any()) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"no EdgeLabel.sln above {AppContext.BaseDirectory}");
    }
}
