using EdgeLabel.Storage;

namespace EdgeLabel.Actors.Upload;

/// <summary>Where uploads go (HOCON <c>edgelabel.store</c>): an S3 endpoint or a local folder standing in for one.</summary>
public sealed record StoreSettings(string Kind, string Bucket, string Prefix, string LocalRoot, S3StoreSettings S3);

/// <summary>How the outbox drains (HOCON <c>edgelabel.upload</c>).</summary>
/// <param name="BytesPerSecond">Bandwidth budget; 0 = unlimited.</param>
/// <param name="Window">Daily hours (UTC) in which uploads may run; null = always.</param>
/// <param name="UploadAutoLabeled">Also upload auto-labeled images, after audit and review ones.</param>
/// <param name="FailuresBeforeLinkDown">Consecutive transient failures after which the outbox stops dispatching and probes instead.</param>
public sealed record UploadSettings(
    bool Enabled,
    int Concurrency,
    long BytesPerSecond,
    long BurstBytes,
    DailyWindow? Window,
    bool UploadAutoLabeled,
    TimeSpan BackoffBase,
    TimeSpan BackoffCap,
    TimeSpan ProbeInterval,
    int FailuresBeforeLinkDown)
{
    public static UploadSettings Default { get; } = new(true, 4, 0, 8 * 1024 * 1024, null, true,
        TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), 3);
}
