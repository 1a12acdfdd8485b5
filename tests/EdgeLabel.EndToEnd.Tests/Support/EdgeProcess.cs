using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeLabel.EndToEnd.Tests.Support;

/// <summary>One <c>edgelabel-edge</c> process: started with <c>dotnet edgelabel-edge.dll ...</c> in a given working
/// folder, stdout and stderr captured line by line. Dispose kills it (whole tree) if it is still running.</summary>
internal sealed class EdgeProcess : IDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();

    private EdgeProcess(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
        Started = Stopwatch.StartNew();
    }

    public string CommandLine { get; }

    public Stopwatch Started { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout { get { lock (_gate) return _stdout.ToString(); } }

    public string Stderr { get { lock (_gate) return _stderr.ToString(); } }

    /// <summary>Both streams, for failure messages.</summary>
    public string Log => $"--- {CommandLine} (pid {Id})\n--- stdout:\n{Stdout}\n--- stderr:\n{Stderr}";

    public static EdgeProcess Start(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(TestData.EdgeDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var edge = new EdgeProcess(process, "edgelabel-edge " + string.Join(' ', args));
        process.OutputDataReceived += (_, e) => edge.Append(edge._stdout, edge._stdoutClosed, e.Data);
        process.ErrorDataReceived += (_, e) => edge.Append(edge._stderr, edge._stderrClosed, e.Data);
        if (!process.Start()) Assert.Fail($"could not start {psi.FileName} {edge.CommandLine}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return edge;
    }

    /// <summary>Runs a command that is expected to end by itself (export, a failing start) and returns the finished process.</summary>
    public static async Task<EdgeProcess> RunToEndAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var edge = Start(workingDirectory, args);
        if (!await edge.WaitForExitAsync(timeout))
        {
            edge.Kill();
            Assert.Fail($"{edge.CommandLine} did not exit within {timeout.TotalSeconds:0}s.\n{edge.Log}");
        }
        return edge;
    }

    /// <summary>SIGKILL, no chance to clean up: what a power cut or the OOM killer does.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // exited in between
        }
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM (a clean stop, as systemd or docker stop send it); true when the process exited within the timeout.</summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited && SendSignal(_process.Id, SigTerm) != 0)
            Assert.Fail($"kill({_process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}");
        return await WaitForExitAsync(timeout);
    }

    /// <summary>Waits for the exit and for both output streams to be drained.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return _process.HasExited;
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(StringBuilder target, TaskCompletionSource closed, string? line)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }
        lock (_gate) target.AppendLine(line);
    }

    // The muxer that runs the tests (dotnet test sets DOTNET_HOST_PATH), else the one on PATH.
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
        return "dotnet";
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
