using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using EdgeLabel.Actors.Cluster;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Datasets;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.GroundTruth;
using EdgeLabel.Actors.Persistence;
using EdgeLabel.Storage;

namespace EdgeLabel.Actors.Hosting;

/// <summary>Akka.Hosting registration of what each kind of node runs in its cluster ActorSystem.</summary>
public static class ClusterHosting
{
    /// <summary>A cloud node: its journal, the project datasets as a shard region (DData coordinator state, hosted
    /// on cloud nodes only), the embedded Ground Truth service (a singleton, when a store is given) and the membership watchdog.</summary>
    public static AkkaConfigurationBuilder AddCloudNode(this AkkaConfigurationBuilder builder, CloudSettings settings, DatasetExports exports,
        IObjectStore? groundTruthStore = null, TimeProvider? clock = null)
    {
        var known = settings.Projects.Keys.ToArray();
        if (groundTruthStore is not null) builder.AddEmbeddedGroundTruth(settings.GroundTruth, groundTruthStore, clock);
        return builder
            .AddEdgeLabelSerialization()
            .AddJournal(settings.Journal)
            .WithShardRegion<DatasetRegion>(DatasetSharding.TypeName,
                project => settings.Projects.TryGetValue(project, out var p) ? ProjectDataset.Props(p, exports) : UnknownProjectDataset.Props(project, known),
                DatasetSharding.Extractor,
                new ShardOptions { Role = ClusterRoles.Cloud, StateStoreMode = StateStoreMode.DData, RememberEntities = false })
            .WithActors((system, _) => system.ActorOf(MembershipWatchdog.Props(), "membership-watchdog"));
    }

    /// <summary>An edge's cluster side: a proxy to the datasets, the link the delivery queue sends through, and the
    /// membership watchdog. Nothing of the site's own work lives here.</summary>
    public static AkkaConfigurationBuilder AddEdgeLink(this AkkaConfigurationBuilder builder, CloudGateway gateway) =>
        builder
            .AddEdgeLabelSerialization()
            .WithShardRegionProxy<DatasetRegion>(DatasetSharding.TypeName, ClusterRoles.Cloud, DatasetSharding.Extractor)
            .WithActors((system, registry) =>
            {
                system.ActorOf(MembershipWatchdog.Props(), "membership-watchdog");
                system.ActorOf(CloudLink.Props(registry.Get<DatasetRegion>(), gateway), "cloud-link");
            });
}
