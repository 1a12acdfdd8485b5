using System.Text.Json;

namespace EdgeLabel.Cli.LocalCluster;

/// <summary>A node <c>cluster up</c> started: enough for <c>status</c> and <c>down</c> to find it again.</summary>
public sealed record StartedNode(string Name, string Kind, int Pid, string Config, string HttpUrl, string Log);

/// <summary>The running deployment, <c>&lt;out-dir&gt;/state.json</c>. A pid counts as one of ours only while its
/// command line still names the node's file (pids are reused after a reboot or a crash).</summary>
public sealed record ClusterState(string Deployment, DateTimeOffset StartedAt, IReadOnlyList<StartedNode> Nodes)
{
    public static string PathIn(string outDir) => System.IO.Path.Combine(outDir, "state.json");

    public static ClusterState? Load(string outDir) =>
        File.Exists(PathIn(outDir)) ? JsonSerializer.Deserialize<ClusterState>(File.ReadAllText(PathIn(outDir)), JsonSerializerOptions.Web) : null;

    public void Save(string outDir)
    {
        Directory.CreateDirectory(outDir);
        File.WriteAllText(PathIn(outDir), JsonSerializer.Serialize(this, new JsonSerializerOptions(JsonSerializerOptions.Web) { WriteIndented = true }));
    }

    public static bool IsRunning(StartedNode node)
    {
        try
        {
            return File.ReadAllText($"/proc/{node.Pid}/cmdline").Contains(node.Config, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
