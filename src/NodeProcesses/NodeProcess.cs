using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EdgeLabel.NodeProcesses;

/// <summary>One node started as a local process: <c>dotnet &lt;dll&gt; run --config FILE</c>, stdout and stderr written by the
/// process itself to its log file (so the log is complete even if the starter dies first). Inherited <c>EDGELABEL_*</c>
/// variables are dropped: they would override the node's HOCON; the starter passes the ones it means.</summary>
public sealed class NodeProcess
{
    private const int SigTerm = 15;
    private readonly Process _process;

    private NodeProcess(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        Pid = process.Id;
    }

    public string Name { get; }

    public int Pid { get; }

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <param name="detached">The node outlives the program that starts it (<c>edgelabel cluster up</c>): stdin from
    /// /dev/null and SIGHUP ignored (<c>nohup</c>), so closing the terminal does not stop it.</param>
    public static NodeProcess Start(string name, string dotnet, string dll, string configFile, string logPath, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, bool detached = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        // `exec` keeps the pid: the process the caller tracks and signals is the node itself, not a shell around it
        // (nohup execs too).
        var psi = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = !detached,
        };
        var script = detached ? "log=$1; shift; exec nohup \"$@\" </dev/null >\"$log\" 2>&1" : "log=$1; shift; exec \"$@\" >\"$log\" 2>&1";
        foreach (var a in new[] { "-c", script, "sh", logPath, dotnet, dll, "run", "--config", configFile })
            psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("EDGELABEL_", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(key);
        foreach (var (key, value) in environment) psi.Environment[key] = value;
        psi.Environment["DOTNET_NOLOGO"] = "1";
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {name}: {dotnet} {dll}");
        return new NodeProcess(name, process, logPath);
    }

    /// <summary>SIGTERM (the nodes stop cleanly on it), then SIGKILL of the whole tree after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (HasExited) return;
        _ = SendSignal(Pid, SigTerm);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>SIGKILL of the node and anything it started; returns when it is gone.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // exited in between
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of the node's log.</summary>
    public string LogTail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().TrimEnd().Split('\n');
            return string.Join('\n', all.Length <= lines ? all : all[^lines..]);
        }
        catch (IOException e)
        {
            return $"(log {LogPath} unreadable: {e.Message})";
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int SendSignal(int pid, int signal);
}
