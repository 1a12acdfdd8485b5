namespace EdgeLabel.Actors.Cluster;

/// <summary>Where a node listens and whom it joins (<c>edgelabel.cluster</c>). <see cref="PublicHost"/> and
/// <see cref="PublicPort"/> are what other nodes dial (a container's or NAT's address, or a fault proxy in tests).</summary>
public sealed record ClusterSettings(
    bool Enabled, string SystemName, string Host, int Port, string PublicHost, int PublicPort,
    IReadOnlyList<ClusterSeed> Seeds, IReadOnlyList<string> Roles)
{
    public static readonly ClusterSettings Standalone = new(false, "edgelabel", "127.0.0.1", 0, "127.0.0.1", 0, [], []);

    public string SelfAddress => $"akka.tcp://{SystemName}@{PublicHost}:{PublicPort}";
}

public sealed record ClusterSeed(string Host, int Port)
{
    public string Address(string systemName) => $"akka.tcp://{systemName}@{Host}:{Port}";

    public override string ToString() => $"{Host}:{Port}";
}

/// <summary>Role names every node carries: its kind, and for an edge its site (<c>site-&lt;name&gt;</c>).</summary>
public static class ClusterRoles
{
    public const string Cloud = "cloud";
    public const string Edge = "edge";
    public const string SitePrefix = "site-";

    public static string Site(string site) => SitePrefix + site;
}
