using System.Security.Cryptography;

namespace EdgeLabel.EndToEnd.Tests.Support;

/// <summary>The repository, its cached model and sample photos, and the edge binary under test. Missing data
/// fails the test (never skips it) with the command that fetches it.</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    public static string RepoRoot => Root.Value;

    public static string ModelPath => RequireFile(Path.Combine(RepoRoot, ".cache", "models", "blazeface-back-256.onnx"),
        "run ./build.sh models");

    /// <summary>The 12 dlib face photos (small real JPEGs).</summary>
    public static string DlibFaces => RequirePhotos(Path.Combine(RepoRoot, ".cache", "samples", "dlib-faces"), 12);

    public static IReadOnlyList<string> DlibPhotos =>
        Directory.EnumerateFiles(DlibFaces, "*.jpg").Order(StringComparer.Ordinal).ToList();

    /// <summary>edgelabel-edge.dll: copied next to the test assembly by the project reference, else the EdgeNode build output.</summary>
    public static string EdgeDll
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "edgelabel-edge.dll");
            if (File.Exists(beside) && Directory.Exists(Path.Combine(AppContext.BaseDirectory, "hocon"))) return beside;
            var built = Path.Combine(RepoRoot, "src", "EdgeNode", "bin", "Release", "net10.0", "linux-x64", "edgelabel-edge.dll");
            return RequireFile(built, "build it with: dotnet build tests/EdgeLabel.EndToEnd.Tests -c Release");
        }
    }

    /// <summary>edgelabel-cloud.dll: copied next to the test assembly by the project reference, else the CloudNode build output.</summary>
    public static string CloudDll
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "edgelabel-cloud.dll");
            if (File.Exists(beside) && Directory.Exists(Path.Combine(AppContext.BaseDirectory, "hocon"))) return beside;
            var built = Path.Combine(RepoRoot, "src", "CloudNode", "bin", "Release", "net10.0", "linux-x64", "edgelabel-cloud.dll");
            return RequireFile(built, "build it with: dotnet build tests/EdgeLabel.EndToEnd.Tests -c Release");
        }
    }

    /// <summary>edgelabel.dll (the operations tool): copied next to the test assembly by the project reference.</summary>
    public static string CliDll => RequireFile(Path.Combine(AppContext.BaseDirectory, "edgelabel.dll"), "build it with: dotnet build tests/EdgeLabel.EndToEnd.Tests -c Release");

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Sha256(string file) => Sha256(File.ReadAllBytes(file));

    private static string RequireFile(string path, string advice)
    {
        if (!File.Exists(path)) Assert.Fail($"{path} not found: {advice} first.");
        return path;
    }

    private static string RequirePhotos(string dir, int atLeast)
    {
        var count = Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*.jpg").Count() : 0;
        if (count < atLeast)
            Assert.Fail($"Sample photos missing: {dir} holds {count} JPEG(s), expected at least {atLeast}. Run ./build.sh samples first.");
        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EdgeLabel.sln")))
                return dir.FullName;
        Assert.Fail($"No EdgeLabel.sln above {AppContext.BaseDirectory}: run the tests from inside the repository.");
        return "";
    }
}
