namespace EdgeLabel.Actors.Configuration;

/// <summary>What only shows when the files of a deployment are read together: two sites with one name (their records
/// would merge into one site's sequence), two nodes on one address or data folder (on one host), an edge whose seeds are no cloud
/// node of the deployment, and cloud nodes that disagree on the cluster's name.</summary>
public static class DeploymentChecks
{
    public static IEnumerable<ConfigProblem> Find(IReadOnlyList<ValidatedConfig> nodes, bool oneHost = true)
    {
        var edges = nodes.Where(n => n.Edge is not null).ToList();
        foreach (var group in edges.GroupBy(e => e.Edge!.Site, StringComparer.Ordinal).Where(g => g.Count() > 1))
            yield return new ConfigProblem(group.Last().File, "edgelabel.site",
                $"duplicate site name '{group.Key}' (also in {string.Join(", ", group.SkipLast(1).Select(e => e.File))})");

        var endpoints = oneHost ? nodes.SelectMany(n => Endpoints(n)).ToList() : [];
        foreach (var group in endpoints.GroupBy(e => e.Endpoint, StringComparer.OrdinalIgnoreCase).Where(g => g.Select(e => e.File).Distinct().Count() > 1))
            yield return new ConfigProblem(group.Last().File, group.Last().Key,
                $"'{group.Key}' is also used by {string.Join(", ", group.SkipLast(1).Select(e => e.File).Distinct())}");

        var clouds = nodes.Where(n => n.Cloud is { Cluster.Enabled: true }).ToList();
        if (clouds.Count == 0) yield break;
        var cloudAddresses = clouds.Select(c => $"{c.Cloud!.Cluster.PublicHost}:{c.Cloud.Cluster.PublicPort}").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var systems = clouds.Select(c => c.Cloud!.Cluster.SystemName).Distinct(StringComparer.Ordinal).ToList();
        if (systems.Count > 1)
            yield return new ConfigProblem(clouds[^1].File, "edgelabel.cluster.system-name", $"cloud nodes name different clusters: {string.Join(", ", systems)}");
        foreach (var node in nodes.Where(n => (n.Edge?.Cluster ?? n.Cloud?.Cluster) is { Enabled: true }))
        {
            var cluster = node.Edge?.Cluster ?? node.Cloud!.Cluster;
            var strangers = cluster.Seeds.Where(s => !cloudAddresses.Contains($"{s.Host}:{s.Port}")).ToList();
            if (strangers.Count > 0)
                yield return new ConfigProblem(node.File, "edgelabel.cluster.seeds",
                    $"{string.Join(", ", strangers.Select(s => $"{s.Host}:{s.Port}"))} is no cloud node of this deployment (cloud nodes: {string.Join(", ", cloudAddresses.Order())})");
            if (node.Edge is not null && cluster.SystemName != systems[0])
                yield return new ConfigProblem(node.File, "edgelabel.cluster.system-name", $"'{cluster.SystemName}' but the cloud nodes form '{systems[0]}'");
        }
    }

    private static IEnumerable<(string File, string Key, string Endpoint)> Endpoints(ValidatedConfig node)
    {
        var (http, cluster, data) = node.Edge is { } e ? (e.HttpUrl, e.Cluster, e.DataDirectory) : (node.Cloud!.HttpUrl, node.Cloud.Cluster, node.Cloud.DataDirectory);
        var httpKey = node.Kind == NodeKind.Edge ? "edgelabel.http.url" : "edgelabel.cloud.http.url";
        if (Uri.TryCreate(http, UriKind.Absolute, out var uri)) yield return (node.File, httpKey, $"{uri.Host}:{uri.Port}");
        if (cluster.Enabled) yield return (node.File, "edgelabel.cluster.port", $"{cluster.Host}:{cluster.Port}");
        yield return (node.File, node.Kind == NodeKind.Edge ? "edgelabel.data-dir" : "edgelabel.cloud.data-dir", Path.GetFullPath(data));
    }
}
