using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeLabel.EndToEnd.Tests.Support;

/// <summary>One node process (<c>edgelabel-edge</c> or <c>edgelabel-cloud</c>): started with <c>dotnet &lt;dll&gt; ...</c>
/// in a given working folder, stdout and stderr captured line by line. Inherited <c>EDGELABEL_*</c> variables are
/// removed (they would override the test's HOCON); a test passes the ones it means. Dispose kills it (whole tree) if
/// it is still running.</summary>
internal sealed class NodeProcess : IDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();

    private NodeProcess(Process process, string commandLine)
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

    /// <summary>The last <paramref name="lines"/> lines of each stream: long runs log too much for a failure message.</summary>
    public string LogTail(int lines = 60) =>
        $"--- {CommandLine} (pid {Id}{(HasExited ? $", exited {ExitCode}" : "")})\n--- stdout (last {lines} lines):\n{Tail(Stdout, lines)}\n--- stderr (last {lines} lines):\n{Tail(Stderr, lines)}";

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return all.Length <= lines ? text : string.Join('\n', all[^lines..]);
    }

    /// <summary>Starts <c>edgelabel-edge.dll</c> with <paramref name="args"/>.</summary>
    public static NodeProcess StartEdge(string workingDirectory, params string[] args) =>
        Start(TestData.EdgeDll, workingDirectory, null, args);

    /// <summary>Starts <paramref name="dll"/> (e.g. <see cref="TestData.EdgeDll"/>, <see cref="TestData.CloudDll"/>)
    /// with <paramref name="args"/> and the extra <paramref name="environment"/> variables.</summary>
    public static NodeProcess Start(string dll, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var inherited in psi.Environment.Keys.Where(k => k.StartsWith("EDGELABEL_", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(inherited);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var edge = new NodeProcess(process, Path.GetFileNameWithoutExtension(dll) + " " + string.Join(' ', args));
        process.OutputDataReceived += (_, e) => edge.Append(edge._stdout, edge._stdoutClosed, e.Data);
        process.ErrorDataReceived += (_, e) => edge.Append(edge._stderr, edge._stderrClosed, e.Data);
        if (!process.Start()) Assert.Fail($"could not start {psi.FileName} {edge.CommandLine}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return edge;
    }

    /// <summary>Runs a command that is expected to end by itself (export, a failing start) and returns the finished process.</summary>
    public static async Task<NodeProcess> RunToEndAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var edge = StartEdge(workingDirectory, args);
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
