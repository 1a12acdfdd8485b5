using System.Text.RegularExpressions;
using Akka.Configuration;
using EdgeLabel.Actors.Camera;
using EdgeLabel.Actors.Cluster;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Pipeline;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Actors.Sites;
using EdgeLabel.Actors.Spool;
using EdgeLabel.Actors.Upload;
using EdgeLabel.Storage;

namespace EdgeLabel.Actors.Configuration;

/// <summary>Binds <see cref="EdgeSettings"/> from the <c>edgelabel</c> HOCON tree; every error names its key.</summary>
public static partial class EdgeSettingsReader
{
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex NamePattern();

    /// <summary>The rule for site, camera and project names (lower-case letters, digits, dashes; max 40), for code that
    /// receives a name from elsewhere (a cluster message, a URL) and must refuse what no edge could be configured with.</summary>
    public static bool IsValidName(string? value) => value is not null && NamePattern().IsMatch(value);

    public static EdgeSettings Read(Config config, string baseDirectory)
    {
        var root = new HoconReader(config, "edgelabel");
        var site = Name(root, "site");
        // `ctl thresholds set all` addresses every site: a site of that name could not be told apart.
        if (site == "all") throw new ConfigurationException(root.Path("site"), "'all' is reserved (it means every site in ctl); choose another name");
        var dataDir = Resolve(baseDirectory, root.String("data-dir", $"out/edge/{site}"));
        var persistence = root.At("persistence");
        var spool = root.At("spool");
        return new EdgeSettings(
            site,
            dataDir,
            Resolve(dataDir, persistence.String("sqlite-path", "journal.db")),
            Resolve(dataDir, spool.String("path", "spool")),
            spool.Bool("fsync", true),
            SyncInBatches(spool),
            persistence.Int("snapshot-every", 10_000, 0),
            ReadModel(root.At("model"), baseDirectory),
            ReadRouter(root.At("router")),
            ReadPipeline(root.At("pipeline")),
            ReadCameras(root, baseDirectory),
            root.At("http").String("url", "http://127.0.0.1:5080"),
            ReadStore(root.At("store"), baseDirectory),
            ReadUpload(root.At("upload")),
            SpoolQuota(spool),
            spool.Enum("on-full", SpoolOnFull.RejectNew))
        {
            Cluster = ClusterSettingsReader.Read(config, enabledByDefault: false),
            Delivery = ReadDelivery(root.At("delivery")),
            Reports = ReadSiteReports(root.At("site-reports")),
            Rollout = ReadRollout(root.At("rollout")),
        };
    }

    private static Rollout.RolloutSettings ReadRollout(HoconReader rollout) =>
        new(rollout.Bool("enabled", Rollout.RolloutSettings.Default.Enabled),
            rollout.Duration("poll-interval", Rollout.RolloutSettings.Default.PollInterval, TimeSpan.FromMilliseconds(100)),
            rollout.Duration("ask-timeout", Rollout.RolloutSettings.Default.AskTimeout, TimeSpan.FromMilliseconds(100)));

    private static SiteReportSettings ReadSiteReports(HoconReader reports)
    {
        var interval = reports.Duration("interval", SiteReportSettings.Default.Interval, SiteReportSettings.MinInterval);
        if (interval > SiteReportSettings.MaxInterval)
            throw new ConfigurationException(reports.Path("interval"), $"must be at most {SiteReportSettings.MaxInterval}, got {interval}");
        return new SiteReportSettings(interval);
    }

    private static DeliverySettings ReadDelivery(HoconReader delivery)
    {
        var project = delivery.String("project", DeliverySettings.Default.Project);
        if (!NamePattern().IsMatch(project))
            throw new ConfigurationException(delivery.Path("project"), $"'{project}' is not a project name (lower-case letters, digits and dashes)");
        return new DeliverySettings(project,
            delivery.Int("batch-size", DeliverySettings.Default.BatchSize, 1, 2000),
            delivery.Int("window-batches", DeliverySettings.Default.WindowBatches, 1, 64),
            delivery.Duration("resend-after", DeliverySettings.Default.ResendAfter, TimeSpan.FromMilliseconds(100)),
            delivery.Duration("retry-rejected-after", DeliverySettings.Default.RetryRejectedAfter, TimeSpan.FromSeconds(1)));
    }

    // "unlimited" (the default) or a positive number of bytes, like upload.bytes-per-second.
    private static long? SpoolQuota(HoconReader spool) =>
        spool.Has("quota-bytes") && spool.Config.GetString(spool.Path("quota-bytes")) is not "unlimited"
            ? spool.Long("quota-bytes", 0, 1)
            : null;

    public static StoreSettings ReadStore(HoconReader store, string baseDirectory)
    {
        var kind = store.String("kind", "local");
        if (kind is not ("local" or "s3"))
            throw new ConfigurationException(store.Path("kind"), $"unknown store kind '{kind}'; expected local or s3");
        var bucket = store.String("bucket", "edgelabel");
        if (ObjectUri.ValidateBucket(bucket) is { } problem)
            throw new ConfigurationException(store.Path("bucket"), problem);
        var s3 = store.At("s3");
        var endpoint = s3.Has("endpoint") ? s3.Config.GetString(s3.Path("endpoint")) : null;
        var s3Settings = new S3StoreSettings(
            string.IsNullOrWhiteSpace(endpoint) ? null : endpoint,
            s3.String("region", "us-east-1"),
            s3.Bool("force-path-style", true),
            s3.Bool("checksum-when-required", false),
            s3.Long("multipart-threshold-bytes", 16L * 1024 * 1024, 1),
            s3.Int("multipart-part-bytes", 8 * 1024 * 1024, S3StoreSettings.MinPartBytes))
        {
            DisablePayloadSigning = s3.Bool("disable-payload-signing", false),
            TrustedCertificatePath = s3.Has("trusted-certificate") ? Resolve(baseDirectory, s3.String("trusted-certificate")) : null,
            Timeout = s3.Duration("timeout", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1)),
        };
        return new StoreSettings(kind, bucket, store.Has("prefix") ? store.Config.GetString(store.Path("prefix")) ?? "" : "edgelabel",
            Resolve(baseDirectory, store.String("local-root", "out/object-store")), s3Settings);
    }

    // "unlimited" (the default) or a positive number: 0 or less is a mistake, not a way to say unlimited.
    private static long BytesPerSecond(HoconReader upload) =>
        upload.Has("bytes-per-second") && upload.Config.GetString(upload.Path("bytes-per-second")) is not "unlimited"
            ? upload.Long("bytes-per-second", 0, 1)
            : 0;

    private static UploadSettings ReadUpload(HoconReader upload)
    {
        var d = UploadSettings.Default;
        var windowText = upload.Has("window") ? upload.Config.GetString(upload.Path("window")) : null;
        DailyWindow? window = null;
        if (!string.IsNullOrWhiteSpace(windowText))
        {
            try { window = DailyWindow.Parse(windowText); }
            catch (FormatException e) { throw new ConfigurationException(upload.Path("window"), e.Message); }
        }
        return new UploadSettings(
            upload.Bool("enabled", d.Enabled),
            upload.Int("concurrency", d.Concurrency, 1, 256),
            BytesPerSecond(upload),
            upload.Long("burst-bytes", d.BurstBytes, 1),
            window,
            upload.Bool("auto-labeled", d.UploadAutoLabeled),
            upload.Duration("backoff-base", d.BackoffBase, TimeSpan.FromMilliseconds(10)),
            upload.Duration("backoff-cap", d.BackoffCap, TimeSpan.FromMilliseconds(10)),
            upload.Duration("probe-interval", d.ProbeInterval, TimeSpan.FromMilliseconds(100)),
            upload.Int("failures-before-link-down", d.FailuresBeforeLinkDown, 1));
    }

    private static bool SyncInBatches(HoconReader spool) => spool.String("sync", "per-batch") switch
    {
        "per-batch" => true,
        "per-image" => false,
        var other => throw new ConfigurationException(spool.Path("sync"), $"unknown value '{other}'; expected per-batch or per-image"),
    };

    private static ModelSettings ReadModel(HoconReader model, string baseDirectory)
    {
        var adapter = model.String("adapter", "auto");
        string[] known = ["auto", "blazeface", "yolo", "boxes-scores"];
        if (!known.Contains(adapter))
            throw new ConfigurationException(model.Path("adapter"), $"unknown adapter '{adapter}'; expected one of: {string.Join(", ", known)}");
        var optimization = model.String("graph-optimization", "all");
        string[] levels = ["disabled", "basic", "extended", "all"];
        if (!levels.Contains(optimization))
            throw new ConfigurationException(model.Path("graph-optimization"), $"expected one of: {string.Join(", ", levels)}");
        var nms = model.Double("nms-iou", -1, -1, 1);
        var version = model.Has("version") ? model.Config.GetString(model.Path("version")) : null;
        return new ModelSettings(
            model.String("id"),
            Resolve(baseDirectory, model.String("path")),
            string.IsNullOrWhiteSpace(version) ? null : version,
            adapter == "auto" ? null : adapter,
            model.StringList("class-names", []),
            model.Int("intra-op-threads", 1, 1, 64),
            model.Int("inter-op-threads", 1, 1, 64),
            optimization,
            model.Bool("allow-spinning", false),
            (float)model.Double("min-score", 0.1, 0, 1),
            nms < 0 ? null : (float)nms,
            model.Long("max-pixels", 40_000_000, 1));
    }

    public static RoutingPolicy ReadRouter(HoconReader router)
    {
        var defaults = Thresholds(router, router.Double("accept", 0.7, 0, 1), router.Double("reject", 0.3, 0, 1));
        var perClass = new Dictionary<int, ClassThresholds>();
        foreach (var key in router.Keys("classes"))
        {
            var cls = router.At("classes").At(key);
            if (!int.TryParse(key, out var classId) || classId < 0)
                throw new ConfigurationException(cls.Prefix, "class keys are class ids (0, 1, ...)");
            perClass[classId] = Thresholds(cls, cls.Double("accept", defaults.Accept, 0, 1), cls.Double("reject", defaults.Reject, 0, 1));
        }
        return new RoutingPolicy(defaults, perClass,
            router.Enum("when-empty", EmptyImagePolicy.LabelEmpty),
            router.Double("audit-share", 0.03, 0, 1),
            router.Int("audit-seed", 1));
    }

    private static ClassThresholds Thresholds(HoconReader at, double accept, double reject)
    {
        if (accept < reject)
            throw new ConfigurationException(at.Path("accept"), $"accept ({accept}) must be >= reject ({reject})");
        return new ClassThresholds((float)accept, (float)reject);
    }

    private static PipelineSettings ReadPipeline(HoconReader p)
    {
        var d = PipelineSettings.Default;
        return new PipelineSettings(
            p.Int("max-in-flight", d.MaxInFlight, 1, 100_000),
            p.Int("decode-parallelism", d.DecodeParallelism, 1, 64),
            p.Int("inference-parallelism", d.InferenceParallelism, 1, 16),
            p.Int("max-batch", d.MaxBatch, 1, 256),
            p.Duration("batch-window", d.BatchWindow, TimeSpan.FromMilliseconds(1)),
            p.Int("persist-batch", d.PersistBatch, 1, 10_000),
            p.Duration("persist-window", d.PersistWindow, TimeSpan.FromMilliseconds(1)),
            p.Duration("persist-timeout", d.PersistTimeout, TimeSpan.FromMilliseconds(100)));
    }

    private static IReadOnlyList<CameraSettings> ReadCameras(HoconReader root, string baseDirectory)
    {
        var cameras = new List<CameraSettings>();
        foreach (var name in root.Keys("cameras"))
        {
            var c = root.At("cameras").At(name);
            if (!NamePattern().IsMatch(name))
                throw new ConfigurationException(c.Prefix, "camera names are lower-case letters, digits and dashes (max 40)");
            var type = c.String("type");
            cameras.Add(type switch
            {
                "directory" => new DirectoryCameraSettings(name, Resolve(baseDirectory, c.String("path")),
                    c.StringList("extensions", ["jpg", "jpeg", "png"]), c.Duration("poll-interval", TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(10)),
                    c.Bool("recursive", false)),
                "http" => new HttpCameraSettings(name, c.Long("max-body-bytes", 32 * 1024 * 1024, 1), c.Int("queue-capacity", 64, 1)),
                "video" => new VideoCameraSettings(name, ResolveUrl(baseDirectory, c.String("url")), c.Double("fps", 1, 0.001, 240),
                    c.Int("max-frames", 0, 0), c.String("ffmpeg", "ffmpeg")),
                "synthetic" => new SyntheticCameraSettings(name, Resolve(baseDirectory, c.String("photos")), c.Int("count", 1000, 1), c.Int("seed", 1)),
                _ => throw new ConfigurationException(c.Path("type"), $"unknown camera type '{type}'; expected directory, http, video or synthetic"),
            });
        }
        return cameras;
    }

    private static string Name(HoconReader root, string key)
    {
        var value = root.String(key);
        if (!NamePattern().IsMatch(value))
            throw new ConfigurationException(root.Path(key), $"'{value}' is not a valid name (lower-case letters, digits, dashes; max 40)");
        return value;
    }

    private static string Resolve(string baseDirectory, string path) =>
        System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(baseDirectory, path));

    private static string ResolveUrl(string baseDirectory, string url) =>
        url.Contains("://", StringComparison.Ordinal) ? url : Resolve(baseDirectory, url);
}
