using System.Diagnostics;
using System.Net.Http.Json;

namespace EdgeLabel.EndToEnd.Tests.Support;

/// <summary>An edge node under test: <c>run --config</c> on a fresh free port, with an HTTP client for /status and
/// the push cameras. Dispose SIGKILLs the process if it is still up.</summary>
internal sealed class RunningNode : IDisposable
{
    private RunningNode(NodeProcess process, int port, string configFile)
    {
        Process = process;
        Port = port;
        ConfigFile = configFile;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(90) };
    }

    public NodeProcess Process { get; }

    public int Port { get; }

    public string ConfigFile { get; }

    public HttpClient Http { get; }

    /// <summary>Writes <paramref name="config"/> with a free port to <paramref name="configFile"/> and starts the node.</summary>
    public static RunningNode Start(SiteConfig config, string configFile, string workingDirectory)
    {
        var port = FreePort.Next();
        config.Write(configFile, port);
        return new RunningNode(NodeProcess.StartEdge(workingDirectory, "run", "--config", configFile), port, configFile);
    }

    /// <summary>The current status, or null while the node is not (yet) answering.</summary>
    public async Task<NodeStatus?> TryGetStatusAsync(CancellationToken ct = default)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(5));
            return await Http.GetFromJsonAsync<NodeStatus>("/status", NodeStatus.Json, cts.Token);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Polls /status until <paramref name="done"/> holds; fails with the last status and the node's log
    /// when the timeout passes or the process exits.</summary>
    public async Task<NodeStatus> WaitForStatusAsync(Func<NodeStatus, bool> done, TimeSpan timeout, string what, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        NodeStatus? last = null;
        while (clock.Elapsed < timeout)
        {
            if (Process.HasExited)
                Assert.Fail($"edge node exited (code {Process.ExitCode}) while waiting for {what}. Last status: {last}\n{Process.Log}");
            var status = await TryGetStatusAsync(ct);
            if (status is not null)
            {
                last = status;
                if (done(status)) return status;
            }
            await Task.Delay(100, ct);
        }
        Assert.Fail($"timed out after {timeout.TotalSeconds:0}s waiting for {what}. Last status: {last?.ToString() ?? "(never answered)"}\n{Process.Log}");
        return null!;
    }

    public Task<NodeStatus> WaitUntilUpAsync(TimeSpan timeout, CancellationToken ct = default) =>
        WaitForStatusAsync(_ => true, timeout, "GET /status to answer", ct);

    /// <summary>SIGTERM and wait for a clean exit; fails if it takes longer than the timeout or the exit code is not 0.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (!await Process.TerminateAsync(timeout))
        {
            Process.Kill();
            Assert.Fail($"edge node did not stop within {timeout.TotalSeconds:0}s of SIGTERM.\n{Process.Log}");
        }
        Assert.True(Process.ExitCode == 0, $"edge node exited with code {Process.ExitCode} after SIGTERM.\n{Process.Log}");
    }

    public void Dispose()
    {
        Http.Dispose();
        Process.Dispose();
    }
}
