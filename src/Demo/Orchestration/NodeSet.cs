using EdgeLabel.NodeProcesses;
namespace EdgeLabel.Demo.Orchestration;

/// <summary>The nodes of one demo run. Every node is recorded in the pid file as it starts; disposing stops them all
/// (edges first, so their last records are not sent to a cloud that is already gone), whatever ended the run. A
/// process exit that skips the dispose (a second Ctrl+C) still kills them.</summary>
public sealed class NodeSet : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);
    private readonly List<NodeProcess> _nodes = [];
    private readonly PidFile _pids;
    private readonly object _gate = new();

    public NodeSet(PidFile pids)
    {
        _pids = pids;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public IReadOnlyList<NodeProcess> Nodes
    {
        get { lock (_gate) return _nodes.ToList(); }
    }

    public NodeProcess Add(NodeProcess node)
    {
        lock (_gate)
        {
            _nodes.Add(node);
            _pids.Record(_nodes);
        }
        return node;
    }

    /// <summary>The first node that is no longer running, if any.</summary>
    public NodeProcess? FirstExited() => Nodes.FirstOrDefault(n => n.HasExited);

    public async Task StopAllAsync()
    {
        var nodes = Nodes;
        await Task.WhenAll(nodes.Where(n => n.Name != DemoRun.CloudNode).Select(n => n.StopAsync(StopGrace)));
        await Task.WhenAll(nodes.Where(n => n.Name == DemoRun.CloudNode).Select(n => n.StopAsync(StopGrace)));
        if (nodes.All(n => n.HasExited)) _pids.Clear();
    }

    /// <summary>SIGKILL of every node still running, at once (a second Ctrl+C: no more waiting).</summary>
    public void KillAll()
    {
        foreach (var node in Nodes) node.Kill();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAllAsync();
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => KillAll();
}
