using System.Diagnostics;

namespace EdgeLabel.Inference.Tests.Support;

/// <summary>Locates the repository, its cached model and sample photos, and a python3 that has onnx/numpy/PIL.</summary>
internal static class TestEnvironment
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);
    private static readonly Lazy<string> Python = new(FindPython);

    public static string RepoRoot => Root.Value;

    public static string ModelPath
    {
        get
        {
            var path = Path.Combine(RepoRoot, ".cache", "models", "blazeface-back-256.onnx");
            if (!File.Exists(path))
                Assert.Fail($"Default model missing at {path}: run ./build.sh models (scripts/fetch-model.sh) first.");
            return path;
        }
    }

    /// <summary>The dlib face photos and their XML annotations; fails (never skips) when absent.</summary>
    public static string DlibFaces
    {
        get
        {
            var dir = Path.Combine(RepoRoot, ".cache", "samples", "dlib-faces");
            foreach (var required in new[] { "training.xml", "testing.xml", "2008_002506.jpg", "bald_guys.jpg" })
                if (!File.Exists(Path.Combine(dir, required)))
                    Assert.Fail($"Sample data missing: {Path.Combine(dir, required)} not found. Run ./build.sh samples (scripts/fetch-samples.sh) first.");
            return dir;
        }
    }

    /// <summary>Runs a python script from the test output folder; fails with install advice when python3 lacks the modules.</summary>
    public static void RunPython(string scriptRelativePath, params string[] args)
    {
        var script = Path.Combine(AppContext.BaseDirectory, scriptRelativePath);
        if (!File.Exists(script)) Assert.Fail($"Test script {script} was not copied to the output folder.");
        var (code, output) = Exec(Python.Value, [script, .. args]);
        if (code != 0) Assert.Fail($"{Python.Value} {scriptRelativePath} failed with exit code {code}:\n{output}");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EdgeLabel.sln")))
                return dir.FullName;
        Assert.Fail($"No EdgeLabel.sln above {AppContext.BaseDirectory}: run the tests from inside the repository.");
        return "";
    }

    // The PATH python may be a pyenv/venv without Debian's python3-onnx; the system interpreter usually has it.
    private static string FindPython()
    {
        var tried = new List<string>();
        foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                var (code, output) = Exec(candidate, ["-c", "import onnx, numpy, PIL"]);
                if (code == 0) return candidate;
                tried.Add($"{candidate}: {output.Trim().Split('\n').LastOrDefault()}");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                tried.Add($"{candidate}: {e.Message}");
            }
        }
        Assert.Fail("No python3 with onnx, numpy and PIL found (needed to build the test models and images). " +
            "Install with: apt-get install -y python3-onnx python3-numpy python3-pil (./build.sh test-deps). Tried: " +
            string.Join("; ", tried));
        return "";
    }

    private static (int Code, string Output) Exec(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr);
    }
}
