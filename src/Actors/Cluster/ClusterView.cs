using EdgeLabel.Actors.Hosting;

namespace EdgeLabel.Actors.Cluster;

/// <summary>What a node reports of its cluster membership (GET /status, /cluster): its own status, the members it
/// sees and which are unreachable, the leader, and how many incarnations it has started.</summary>
public sealed record ClusterView(
    string? SelfAddress, string SelfStatus, int Incarnations, string? Leader, IReadOnlyList<ClusterMemberView> Members,
    IReadOnlyList<string> Unreachable)
{
    public static ClusterView Of(ClusterIncarnations incarnations)
    {
        if (incarnations.Current is not { } system)
            return new ClusterView(null, "stopped", incarnations.Started, null, [], []);
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        return new ClusterView(cluster.SelfAddress.ToString(), cluster.SelfMember.Status.ToString().ToLowerInvariant(), incarnations.Started,
            state.Leader?.ToString(),
            state.Members.Select(m => new ClusterMemberView(m.Address.ToString(), m.Status.ToString().ToLowerInvariant(), m.Roles.Order().ToArray(),
                state.Unreachable.Contains(m))).ToArray(),
            state.Unreachable.Select(m => m.Address.ToString()).ToArray());
    }
}

public sealed record ClusterMemberView(string Address, string Status, IReadOnlyList<string> Roles, bool Unreachable);
