using System.Diagnostics;

namespace EdgeLabel.EndToEnd.Tests.Support;

/// <summary><c>dotnet edgelabel.dll ARGS</c> (the operations tool) as an operator runs it: from the repository root
/// (nodes it starts find the shipped model there), with the given extra environment; returns its exit code and output.</summary>
internal static class CliProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = TestData.RepoRoot,
        };
        foreach (var arg in new[] { TestData.CliDll }.Concat(args)) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout, await stderr);
    }
}
