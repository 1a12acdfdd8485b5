using System.Text;
using Akka.Configuration;
using EdgeLabel.Actors.Configuration;

namespace EdgeLabel.Actors.Cluster;

/// <summary>The Akka configuration of a cluster node: remoting and membership generated from the typed
/// <see cref="ClusterSettings"/> (so a bad value fails with our key path, not Akka's), over the shipped
/// <c>hocon/cluster.conf</c> (split brain resolver, failure detection, frame sizes, shutdown phases). The node's own
/// HOCON sits between the two, so a deployment can tune anything in cluster.conf.</summary>
public static class ClusterHocon
{
    public static Config Build(ClusterSettings settings, IEnumerable<string> roles, Config nodeHocon)
    {
        var allRoles = settings.Roles.Concat(roles).Distinct().ToArray();
        var text = new StringBuilder()
            .AppendLine("akka.actor.provider = cluster")
            .AppendLine($"akka.remote.dot-netty.tcp.hostname = {Quote(settings.Host)}")
            .AppendLine($"akka.remote.dot-netty.tcp.port = {settings.Port}")
            .AppendLine($"akka.remote.dot-netty.tcp.public-hostname = {Quote(settings.PublicHost)}")
            .AppendLine($"akka.remote.dot-netty.tcp.public-port = {settings.PublicPort}")
            .AppendLine($"akka.cluster.seed-nodes = [{string.Join(", ", settings.Seeds.Select(s => Quote(s.Address(settings.SystemName))))}]")
            .AppendLine($"akka.cluster.roles = [{string.Join(", ", allRoles.Select(Quote))}]")
            .ToString();
        var generated = ConfigurationFactory.ParseString(text);
        var shipped = ConfigLoader.Parse(System.IO.Path.Combine(ConfigLoader.HoconDirectory(), "cluster.conf"));
        return generated.WithFallback(nodeHocon).WithFallback(shipped);
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
