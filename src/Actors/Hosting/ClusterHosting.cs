using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using EdgeLabel.Actors.Cluster;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Datasets;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.GroundTruth;
using EdgeLabel.Actors.Labeling;
using EdgeLabel.Actors.Metrics;
using EdgeLabel.Actors.Persistence;
using EdgeLabel.Actors.Rollout;
using EdgeLabel.Actors.Sites;
using EdgeLabel.GroundTruth.Client;
using EdgeLabel.Storage;

namespace EdgeLabel.Actors.Hosting;

/// <summary>Akka.Hosting registration of what each kind of node runs in its cluster ActorSystem.</summary>
public static class ClusterHosting
{
    /// <summary>A cloud node: its journal, the project datasets as a shard region (DData coordinator state, hosted
    /// on cloud nodes only), the embedded Ground Truth service (a singleton, when a store is given), the membership watchdog,
    /// the peer check edges ask about other cloud nodes and the directory of the sites' latest reports.</summary>
    public static AkkaConfigurationBuilder AddCloudNode(this AkkaConfigurationBuilder builder, CloudSettings settings, DatasetExports exports,
        IObjectStore? groundTruthStore = null, TimeProvider? clock = null, ILabelingJobClient? labeling = null, IObjectStore? labelingStore = null,
        CloudMetrics? metrics = null)
    {
        var known = settings.Projects.Keys.ToArray();
        if (groundTruthStore is not null) builder.AddEmbeddedGroundTruth(settings.GroundTruth, groundTruthStore, clock);
        builder.AddEdgeLabelSerialization().AddJournal(settings.Journal);
        // One writer of the rollout journal; every cloud node's admin endpoints reach it through the proxy.
        builder.WithSingleton<RolloutRegistry>(RolloutRegistry.Name, RolloutRegistry.Props(clock),
            new ClusterSingletonOptions { Role = ClusterRoles.Cloud }, createProxyToo: true);
        if (labeling is not null && labelingStore is not null) builder.AddLabeling(settings, labeling, labelingStore, clock ?? TimeProvider.System);
        return builder
            .WithShardRegion<DatasetRegion>(DatasetSharding.TypeName,
                (_, registry) => project => settings.Projects.TryGetValue(project, out var p)
                    ? ProjectDataset.Props(p, exports, labeling is null ? null : registry.Get<LabelingCoordinatorRegion>())
                    : UnknownProjectDataset.Props(project, known),
                DatasetSharding.Extractor,
                new ShardOptions { Role = ClusterRoles.Cloud, StateStoreMode = StateStoreMode.DData, RememberEntities = false })
            .WithActors((system, registry) =>
            {
                system.ActorOf(MembershipWatchdog.Props(), "membership-watchdog");
                system.ActorOf(PeerCheck.Props(), PeerCheck.Name);
                var directory = system.ActorOf(SiteDirectory.Props(clock ?? TimeProvider.System), SiteDirectory.Name);
                registry.Register<SiteDirectory>(directory);
                if (metrics is null) return;
                var coordinators = registry.TryGet<LabelingCoordinatorRegion>(out var c) ? c : null;
                var jobs = registry.TryGet<LabelingJobRegion>(out var j) ? j : null;
                system.ActorOf(CloudMetricsSampler.Props(metrics, settings.Projects.Keys.Order(StringComparer.Ordinal).ToArray(), directory,
                    coordinators, jobs, clock ?? TimeProvider.System), "metrics-sampler");
            });
    }

    /// <summary>The labeling jobs and their coordinators as shard regions on the cloud role. Entities resolve the other
    /// regions when they start (after every region is registered: entities start only once the node is in the cluster);
    /// both regions remember their entities (in the journal), so jobs under way resume after a restart.</summary>
    public static AkkaConfigurationBuilder AddLabeling(this AkkaConfigurationBuilder builder, CloudSettings settings, ILabelingJobClient client,
        IObjectStore store, TimeProvider clock)
    {
        var options = new ShardOptions
        {
            Role = ClusterRoles.Cloud, StateStoreMode = StateStoreMode.DData, RememberEntities = true,
            RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
        };
        return builder
            .WithShardRegion<LabelingJobRegion>(LabelingSharding.JobTypeName,
                (_, registry) => job => LabelingJob.Props(job, settings.Labeling, client, store, clock,
                    registry.Get<DatasetRegion>(), registry.Get<LabelingCoordinatorRegion>()),
                LabelingSharding.JobExtractor, options)
            .WithShardRegion<LabelingCoordinatorRegion>(LabelingSharding.CoordinatorTypeName,
                (_, registry) => project => settings.Projects.TryGetValue(project, out var p)
                    ? LabelingCoordinator.Props(p, settings.Labeling, clock, registry.Get<LabelingJobRegion>())
                    : UnknownProjectDataset.Props(project, settings.Projects.Keys.ToArray()),
                LabelingSharding.CoordinatorExtractor, options);
    }

    /// <summary>An edge's cluster side: a proxy to the datasets and one to the rollout registry, the link the delivery
    /// queue sends through (and the installer asks through), the membership watchdog and the partial-link guard. Nothing of the site's own work lives here.</summary>
    public static AkkaConfigurationBuilder AddEdgeLink(this AkkaConfigurationBuilder builder, CloudGateway gateway) =>
        builder
            .AddEdgeLabelSerialization()
            .WithShardRegionProxy<DatasetRegion>(DatasetSharding.TypeName, ClusterRoles.Cloud, DatasetSharding.Extractor)
            .WithSingletonProxy<RolloutRegistry>(RolloutRegistry.Name, new ClusterSingletonOptions { Role = ClusterRoles.Cloud })
            .WithActors((system, registry) =>
            {
                system.ActorOf(MembershipWatchdog.Props(), "membership-watchdog");
                system.ActorOf(PartialLinkGuard.Props(), "partial-link-guard");
                system.ActorOf(CloudLink.Props(registry.Get<DatasetRegion>(), gateway, registry.Get<RolloutRegistry>()), "cloud-link");
            });

    /// <summary>The edge's <see cref="SiteReporter"/>, in the cluster ActorSystem next to the link. The sources are
    /// resolved when each incarnation starts: they are the site's actors in the local ActorSystem, which outlives it.</summary>
    public static AkkaConfigurationBuilder AddSiteReporter(this AkkaConfigurationBuilder builder, string site, SiteReportSettings settings,
        Func<SiteSources> sources, TimeProvider clock) =>
        builder.WithActors((system, _) => system.ActorOf(SiteReporter.Props(site, settings, sources(), clock), "site-reporter"));
}
