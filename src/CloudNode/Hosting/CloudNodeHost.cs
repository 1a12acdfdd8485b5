using EdgeLabel.Actors.Cluster;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Datasets;
using EdgeLabel.Actors.GroundTruth;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.Actors.Labeling;
using EdgeLabel.Actors.Metrics;
using EdgeLabel.Actors.Security;
using EdgeLabel.Actors.Upload;
using EdgeLabel.CloudNode.Http;
using EdgeLabel.CloudNode.Portal;
using OpenTelemetry.Metrics;

namespace EdgeLabel.CloudNode.Hosting;

/// <summary>Builds a cloud node: ASP.NET Core (health, cluster and dataset endpoints) and the cluster ActorSystem,
/// run as incarnations so a node that was downed or quarantined comes back by itself.</summary>
public static class CloudNodeHost
{
    public static WebApplication Build(CloudSettings settings, Akka.Configuration.Config hocon, LogLevel minimumLogLevel = LogLevel.Information)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (settings.Tls is { } tls)
        {
            var certificate = TlsCertificate.Load(tls);
            builder.WebHost.UseKestrelHttpsConfiguration(); // the slim builder leaves https:// addresses out unless asked
            builder.WebHost.UseUrls(settings.HttpUrl, tls.Url);
            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        }
        else
        {
            builder.WebHost.UseUrls(settings.HttpUrl);
        }
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 64 * 1024);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        builder.Logging.SetMinimumLevel(minimumLogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        Directory.CreateDirectory(settings.DataDirectory);
        var token = AdminToken.Load(settings.AdminTokenFile);
        var store = ObjectStoreFactory.Create(settings.Store); // report thumbnails; the embedded Ground Truth service's inputs and output
        var groundTruth = GroundTruthCredentials.FromEnvironment(settings.GroundTruth);
        var exports = new DatasetExports(settings.ExportDirectory, store);
        // Labeling jobs go to this node's own embedded service over HTTP (or SageMaker): one client, one code path.
        var labeling = LabelingBackend.TryCreate(settings, out var labelingProblem);
        var clusterHocon = ClusterHocon.Build(settings.Cluster, [ClusterRoles.Cloud], hocon);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(token);
        builder.Services.AddSingleton(groundTruth);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddLabelingPortal(settings);
        // Created here so the cluster incarnations' sampler and the exporter share it; the container disposes it.
        var metrics = new CloudMetrics();
        builder.Services.AddSingleton(metrics);
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(CloudMetrics.MeterName, JournalMetrics.MeterName).AddPrometheusExporter());
        builder.Services.AddSingleton(sp => new ClusterIncarnations(settings.Cluster.SystemName, clusterHocon,
            akka => akka.AddCloudNode(settings, exports, settings.GroundTruth.Enabled ? store : null, labeling: labeling, labelingStore: store, metrics: metrics), sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterIncarnations>());

        var app = builder.Build();
        app.MapCloudEndpoints();
        app.MapReadinessEndpoints();
        app.MapPrometheusScrapingEndpoint("/metrics"); // docs/operations.md lists the metrics
        app.MapOperationsEndpoints();
        app.MapRolloutEndpoints();
        app.MapSageMakerEndpoints();
        app.MapLabelingPortal();
        app.MapAdminEndpoints();
        app.MapLabelingTaskEndpoints();
        if (settings.GroundTruth.Enabled)
        {
            // Counts and names only: secrets and tokens are never logged.
            app.Logger.LogInformation("Embedded Ground Truth: {Keys} SigV4 access key(s) from {KeysEnv}, labelers {Workers} (tokens from {TokensEnv})",
                groundTruth.AccessKeyCount, settings.GroundTruth.AccessKeysEnv, string.Join(",", settings.GroundTruth.Workers), settings.GroundTruth.WorkerTokensEnv);
            if (groundTruth.WorkersWithoutToken.Count > 0)
                app.Logger.LogWarning("Labelers without a token in {TokensEnv} cannot sign in: {Workers}",
                    settings.GroundTruth.WorkerTokensEnv, string.Join(",", groundTruth.WorkersWithoutToken));
            app.Logger.LogInformation("Labeling portal at {Url}/labeling/: labelers {Workers} can sign in (passwords from {PasswordsEnv}); " +
                "the admin page /labeling/admin for '{Admin}' with the admin token",
                settings.HttpUrl.TrimEnd('/'), string.Join(",", app.Services.GetRequiredService<PortalPasswords>().Workers.Order(StringComparer.Ordinal)),
                PortalPasswords.Variable, AdminIdentity.Name);
        }
        if (labeling is null) app.Logger.LogWarning("No labeling jobs: {Problem}", labelingProblem);
        else app.Logger.LogInformation("Labeling jobs go to {Backend} at {Endpoint}", settings.Labeling.Backend, labeling.Endpoint);
        app.Logger.LogInformation("Admin endpoints take the bearer token from {Source}", token.Source);
        return app;
    }
}
