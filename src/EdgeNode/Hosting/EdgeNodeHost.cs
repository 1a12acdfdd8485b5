using Akka.Hosting;
using EdgeLabel.Actors.Cluster;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.Actors.Inference;
using EdgeLabel.Actors.Metrics;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Rollout;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Actors.Sites;
using EdgeLabel.EdgeNode.Http;
using OpenTelemetry.Metrics;

namespace EdgeLabel.EdgeNode.Hosting;

/// <summary>Builds an edge node: ASP.NET Core (HTTP cameras, status, health) and the Akka.NET site in one host.</summary>
public static class EdgeNodeHost
{
    /// <param name="detectors">The site's active detector (the configured model, or the one a rollout left active).</param>
    public static WebApplication Build(EdgeSettings settings, Akka.Configuration.Config hocon, DetectorSlot detectors,
        LogLevel minimumLogLevel = LogLevel.Information)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(settings.HttpUrl);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        builder.Logging.SetMinimumLevel(minimumLogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(detectors);
        // Thresholds a rollout left active apply from the first image on, not only once the installer starts.
        var thresholds = new RoutingPolicySlot(SiteModels.PolicyFor(settings.Router, new SiteModels(settings.ModelsDirectory).LoadActive().Thresholds));
        // Created here, not by the container, so the site and the exporter share it; the container disposes it (its meter) on shutdown.
        var metrics = new EdgeMetrics();
        builder.Services.AddSingleton(metrics);
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(EdgeMetrics.MeterName, JournalMetrics.MeterName).AddPrometheusExporter());
        // The site's own work runs in a local ActorSystem that never restarts; with a cluster configured, a second
        // ActorSystem (restarted as a new incarnation whenever it is downed or quarantined) carries its records.
        var gateway = settings.Cluster.Enabled ? new CloudGateway() : null;
        builder.Services.AddAkka($"edgelabel-{settings.Site}", akka =>
        {
            akka.AddHocon(hocon, HoconAddMode.Prepend)
                .ConfigureLoggers(l => l.AddLoggerFactory())
                .AddEdgeSite(settings, detectors, thresholds, TimeProvider.System, metrics: metrics, gateway: gateway);
        });
        if (gateway is not null)
        {
            var clusterHocon = ClusterHocon.Build(settings.Cluster, [ClusterRoles.Edge, ClusterRoles.Site(settings.Site)], hocon);
            builder.Services.AddSingleton(sp => new ClusterIncarnations(settings.Cluster.SystemName, clusterHocon,
                akka => akka.AddEdgeLink(gateway).AddSiteReporter(settings.Site, settings.Reports, () => SiteSourcesOf(sp, detectors), TimeProvider.System),
                sp.GetRequiredService<ILoggerFactory>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterIncarnations>());
        }

        var app = builder.Build();
        app.MapCameraEndpoints();
        app.MapStatusEndpoints();
        app.MapReadinessEndpoints();
        app.MapPrometheusScrapingEndpoint("/metrics"); // docs/operations.md lists the metrics
        return app;
    }

    /// <summary>The site's actors a <see cref="SiteReporter"/> asks. Resolved as each cluster incarnation starts: the local
    /// ActorSystem has registered them by then (hosted services start in order, the site's first).</summary>
    private static SiteSources SiteSourcesOf(IServiceProvider services, DetectorSlot detectors)
    {
        var registry = services.GetRequiredService<ActorRegistry>();
        return new SiteSources(registry.Get<Outbox>(), registry.Get<DecisionJournal>(),
            registry.TryGet<CloudDelivery>(out var delivery) ? delivery : null, detectors.Current.Model,
            registry.TryGet<ModelInstaller>(out var installer) ? installer : null);
    }

    /// <summary>The URL Kestrel actually bound (differs from the configured one when the port is 0).</summary>
    public static string BoundUrl(WebApplication app) =>
        app.Urls.FirstOrDefault() ?? "(none)";
}
