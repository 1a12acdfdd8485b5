using System.Diagnostics;

namespace EdgeLabel.EndToEnd.Tests.Support;

/// <summary>Runs the generator scripts in Scripts/ with a python3 that has PIL, numpy and onnx:
/// $EDGELABEL_PYTHON, else Debian's /usr/bin/python3 (the PATH python may be a pyenv without them).</summary>
internal static class Python
{
    private static readonly Lazy<string> Interpreter = new(Find);

    public static void RunScript(string script, params string[] args)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Scripts", script);
        if (!File.Exists(path)) Assert.Fail($"Test script {path} was not copied to the output folder.");
        var (code, output) = Exec(Interpreter.Value, [path, .. args]);
        if (code != 0) Assert.Fail($"{Interpreter.Value} {script} {string.Join(' ', args)} failed with exit code {code}:\n{output}");
    }

    private static string Find()
    {
        var tried = new List<string>();
        var configured = Environment.GetEnvironmentVariable("EDGELABEL_PYTHON");
        foreach (var candidate in new[] { configured, "/usr/bin/python3", "python3" })
        {
            if (string.IsNullOrWhiteSpace(candidate)) continue;
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
        Assert.Fail("No python3 with onnx, numpy and PIL found (set EDGELABEL_PYTHON, or apt-get install -y python3-onnx python3-numpy python3-pil). Tried: " +
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
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            return (-1, "timed out after 60s\n" + stderr);
        }
        return (p.ExitCode, stdout.Result + stderr);
    }
}
