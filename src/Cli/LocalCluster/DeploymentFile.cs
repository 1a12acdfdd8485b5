using EdgeLabel.Actors.Configuration;

namespace EdgeLabel.Cli.LocalCluster;

/// <summary>One node of a local deployment: its name, kind and node file.</summary>
public sealed record DeploymentNodeSpec(string Name, NodeKind Kind, string Config);

/// <summary>A deployment file (<c>hocon/deployments/*.conf</c>): <c>deployment { name, out-dir, nodes { NAME { kind,
/// config } } }</c>. Every problem names its key; keys nothing reads are refused like in node files.</summary>
public sealed record DeploymentFile(string Name, string OutDir, IReadOnlyList<DeploymentNodeSpec> Nodes)
{
    public static DeploymentFile Read(string file)
    {
        var hocon = ConfigLoader.Parse(file);
        var (deployment, consumed) = ConfigKeyUsage.Track(() =>
        {
            var root = new HoconReader(hocon, "deployment");
            var nodes = root.Keys("nodes").Select(name =>
            {
                var node = root.At("nodes").At(name);
                var config = node.String("config");
                return new DeploymentNodeSpec(name, node.Enum("kind", NodeKind.Edge), Path.GetFullPath(config));
            }).ToList();
            if (nodes.Count == 0) throw new ConfigurationException(root.Path("nodes"), "no nodes: name at least one cloud node");
            if (nodes.All(n => n.Kind != NodeKind.Cloud)) throw new ConfigurationException(root.Path("nodes"), "no cloud node (kind = cloud)");
            return new DeploymentFile(root.String("name", Path.GetFileNameWithoutExtension(file)), Path.GetFullPath(root.String("out-dir", "out/cluster")), nodes);
        });
        if (ConfigKeyUsage.Unread(hocon, "deployment", consumed).FirstOrDefault() is { } unknown)
            throw new ConfigurationException(unknown, $"unknown key in {file}");
        return deployment;
    }
}
