using EdgeLabel.Actors.Camera;
using EdgeLabel.Actors.Cluster;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Pipeline;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Actors.Sites;
using EdgeLabel.Actors.Spool;
using EdgeLabel.Actors.Upload;

namespace EdgeLabel.Actors.Configuration;

/// <summary>The detector a site runs (HOCON <c>edgelabel.model</c>).</summary>
public sealed record ModelSettings(
    string Id, string Path, string? Version, string? Adapter, IReadOnlyList<string> ClassNames,
    int IntraOpThreads, int InterOpThreads, string GraphOptimization, bool AllowSpinning, float MinScore, float? NmsIoU, long MaxPixels);

/// <summary>Everything an edge node needs, bound once from HOCON and validated with key paths.
/// <see cref="SpoolQuotaBytes"/> null = unlimited (<c>edgelabel.spool.quota-bytes</c>).</summary>
public sealed record EdgeSettings(
    string Site,
    string DataDirectory,
    string JournalPath,
    string SpoolPath,
    bool SpoolFsync,
    bool SpoolSyncInBatches,
    int SnapshotEvery,
    ModelSettings Model,
    RoutingPolicy Router,
    PipelineSettings Pipeline,
    IReadOnlyList<CameraSettings> Cameras,
    string HttpUrl,
    StoreSettings Store,
    UploadSettings Upload,
    long? SpoolQuotaBytes = null,
    SpoolOnFull SpoolOnFull = SpoolOnFull.RejectNew)
{
    /// <summary>Where this site's cluster node listens and whom it joins; disabled = a standalone site.</summary>
    public ClusterSettings Cluster { get; init; } = ClusterSettings.Standalone;

    /// <summary>How the site's records reach the cloud (used when <see cref="Cluster"/> is enabled).</summary>
    public DeliverySettings Delivery { get; init; } = DeliverySettings.Default;

    /// <summary>How often the site reports its figures to the cloud nodes (used when <see cref="Cluster"/> is enabled).</summary>
    public SiteReportSettings Reports { get; init; } = SiteReportSettings.Default;

    /// <summary>How the site follows the cloud's model and threshold rollouts (used when <see cref="Cluster"/> is enabled).</summary>
    public Rollout.RolloutSettings Rollout { get; init; } = EdgeLabel.Actors.Rollout.RolloutSettings.Default;

    /// <summary>Where rolled-out model files and the active assignment are kept.</summary>
    public string ModelsDirectory => System.IO.Path.Combine(DataDirectory, "models");
}
