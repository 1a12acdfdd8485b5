using Akka.Actor;
using Akka.Hosting;
using Akka.Pattern;
using Akka.Persistence.Sql.Hosting;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Inference;
using EdgeLabel.Actors.Metrics;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Pipeline;
using EdgeLabel.Actors.Rollout;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Actors.Serialization;
using EdgeLabel.Actors.Spool;
using EdgeLabel.Actors.Upload;
using EdgeLabel.Storage;
using LinqToDB;
using Microsoft.Data.Sqlite;

namespace EdgeLabel.Actors.Hosting;

/// <summary>Akka.Hosting registration of an edge site: serializer, SQLite journal, decision journal, review
/// outbox and the pipeline with its cameras. Reads like the table of contents of an edge node.</summary>
public static class EdgeSiteHosting
{
    public static AkkaConfigurationBuilder AddEdgeLabelSerialization(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer("edgelabel", [typeof(IEdgeLabelMessage)], system => new EdgeLabelSerializer(system));

    /// <summary>SQLite journal and snapshot store in WAL mode (readers such as the outbox projection don't block the writer).</summary>
    public static AkkaConfigurationBuilder AddSqliteJournal(this AkkaConfigurationBuilder builder, string journalPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(journalPath)!);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = journalPath, DefaultTimeout = 30 }.ToString();
        EnableWriteAheadLog(connectionString);
        return builder.WithSqlPersistence(connectionString, ProviderName.SQLiteMS);
    }

    /// <summary>A site over a fixed detector and the configured thresholds (benchmarks, tools).</summary>
    public static AkkaConfigurationBuilder AddEdgeSite(this AkkaConfigurationBuilder builder, EdgeSettings settings,
        IImageDetector detector, TimeProvider clock, IObjectStore? objectStore = null, EdgeMetrics? metrics = null) =>
        builder.AddEdgeSite(settings, new DetectorSlot(detector), new RoutingPolicySlot(settings.Router), clock, objectStore, metrics);

    /// <param name="detectors">The site's active detector, which a rollout swaps.</param>
    /// <param name="thresholds">The router's current thresholds, which a rollout replaces.</param>
    /// <param name="gateway">The cluster link, when the site delivers its records to a cloud (<c>edgelabel.cluster.enabled</c>);
    /// the site then also follows the cloud's model and threshold rollouts.</param>
    public static AkkaConfigurationBuilder AddEdgeSite(this AkkaConfigurationBuilder builder, EdgeSettings settings,
        DetectorSlot detectors, RoutingPolicySlot thresholds, TimeProvider clock, IObjectStore? objectStore = null, EdgeMetrics? metrics = null,
        CloudGateway? gateway = null)
    {
        // One set of instruments per node: the host passes the one it exports; otherwise the site keeps its own.
        metrics ??= new EdgeMetrics();
        objectStore ??= settings.Upload.Enabled ? ObjectStoreFactory.Create(settings.Store) : null;
        var spool = new ImageSpool(settings.SpoolPath, settings.SpoolFsync, settings.SpoolQuotaBytes, settings.SpoolOnFull, settings.SpoolSyncInBatches);
        spool.RemoveOrphanedTempFiles();
        // The spool counted its bytes when it opened (temp files excluded), so the quota holds across restarts.
        return builder
            .AddEdgeLabelSerialization()
            .AddSqliteJournal(settings.JournalPath)
            .WithActors((system, registry) =>
            {
                // A persistent actor stops when a write fails; it is restarted with backoff (e.g. disk briefly full); the pipeline's
                // persist stage retries meanwhile, and dedupe by content id makes the retry safe.
                var journal = system.ActorOf(BackoffSupervisor.Props(Backoff.OnStop(
                    DecisionJournal.Props(settings.Site, settings.SnapshotEvery), "journal",
                    TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2, -1)), "decisions");
                registry.Register<DecisionJournal>(journal);

                var outbox = system.ActorOf(BackoffSupervisor.Props(Backoff.OnStop(
                    Outbox.Outbox.Props(settings.Site, settings.Upload, settings.Store, objectStore, spool, clock, metrics), "outbox",
                    TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2, -1)), "outbox");
                registry.Register<Outbox.Outbox>(outbox);

                if (gateway is not null)
                {
                    var delivery = system.ActorOf(BackoffSupervisor.Props(Backoff.OnStop(
                        CloudDelivery.Props(settings.Site, settings.Delivery, settings.Store, gateway, clock), "delivery",
                        TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2, -1)), "delivery");
                    registry.Register<CloudDelivery>(delivery);
                }

                var pipeline = system.ActorOf(SitePipeline.Props(settings.Site, settings.Pipeline, settings.Cameras, detectors,
                    thresholds, journal, outbox, spool, clock, metrics), "pipeline");
                registry.Register<SitePipeline>(pipeline);

                if (gateway is not null)
                {
                    // Models come from the store the cloud publishes to, whether or not this site uploads images there.
                    // Its failures are piped back as messages; a bug that throws restarts it (default supervision), and
                    // it reads the active assignment from disk again.
                    var modelStore = objectStore ?? ObjectStoreFactory.Create(settings.Store);
                    var installer = system.ActorOf(ModelInstaller.Props(settings.Site, settings.Rollout, settings.Model, settings.Router,
                        new SiteModels(settings.ModelsDirectory), detectors, thresholds, modelStore, ModelInstaller.Through(gateway),
                        DetectorFactory.Create), "model-installer");
                    registry.Register<ModelInstaller>(installer);
                }
            });
    }

    private static void EnableWriteAheadLog(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
