using EdgeLabel.NodeProcesses;
namespace EdgeLabel.Demo.Orchestration;

/// <summary>The demo cannot go on; when a node is to blame, its log tail is printed with the message.</summary>
public sealed class DemoFailure(string message, NodeProcess? node = null) : Exception(message)
{
    public NodeProcess? Node { get; } = node;
}
