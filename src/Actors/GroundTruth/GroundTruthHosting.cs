using Akka.Cluster.Hosting;
using Akka.Hosting;
using EdgeLabel.Actors.Cluster;
using EdgeLabel.Storage;

namespace EdgeLabel.Actors.GroundTruth;

/// <summary>Akka.Hosting registration of the embedded Ground Truth service.</summary>
public static class GroundTruthHosting
{
    /// <summary>The service as a cluster singleton on the cloud role (one writer of its journal), with a proxy
    /// registered as <see cref="EmbeddedGroundTruth"/> for the HTTP endpoints of every cloud node.</summary>
    public static AkkaConfigurationBuilder AddEmbeddedGroundTruth(this AkkaConfigurationBuilder builder, GroundTruthSettings settings,
        IObjectStore store, TimeProvider? clock = null) =>
        !settings.Enabled
            ? builder
            : builder.WithSingleton<EmbeddedGroundTruth>(EmbeddedGroundTruth.Name, EmbeddedGroundTruth.Props(settings, store, clock),
                new ClusterSingletonOptions { Role = ClusterRoles.Cloud }, createProxyToo: true);
}
