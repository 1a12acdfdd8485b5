using System.Diagnostics.Metrics;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Pipeline;
using EdgeLabel.Actors.Routing;

namespace EdgeLabel.Actors.Metrics;

/// <summary>The edge node's instruments on the <c>EdgeLabel.Edge</c> meter (documented in docs/operations.md).
/// Created once per node and handed to the outbox and the pipeline; the observable gauges read
/// <see cref="OutboxGauges"/> and the current <see cref="InFlightLimiter"/>, so scraping never asks an actor.</summary>
public sealed class EdgeMetrics : IDisposable
{
    public const string MeterName = "EdgeLabel.Edge";

    private readonly Meter _meter;
    private readonly Counter<long> _decided;
    private readonly Counter<long> _quarantined;
    private readonly Counter<long> _uploads;
    private readonly Counter<long> _uploadBytes;
    private readonly Counter<long> _uploadErrors;
    private readonly Histogram<double> _inference;
    private InFlightLimiter? _limiter;

    /// <summary>Seconds: a CPU detector call takes milliseconds to a few seconds (the exporter's default buckets are for milliseconds).</summary>
    private static readonly double[] InferenceBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public EdgeMetrics()
    {
        _meter = new Meter(MeterName);
        _decided = _meter.CreateCounter<long>("edgelabel_images_decided_total", description: "Images decided and persisted, by route.");
        _quarantined = _meter.CreateCounter<long>("edgelabel_images_quarantined_total", description: "Images quarantined and persisted, by reason.");
        _uploads = _meter.CreateCounter<long>("edgelabel_uploads_total", description: "Images the object store confirmed.");
        _uploadBytes = _meter.CreateCounter<long>("edgelabel_upload_bytes_total", "By", "Bytes of images the object store confirmed.");
        _uploadErrors = _meter.CreateCounter<long>("edgelabel_upload_errors_total", description: "Failed upload attempts, by kind.");
        _inference = _meter.CreateHistogram("edgelabel_inference_seconds", "s", "Duration of one detector call (one batch).", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = InferenceBuckets });
        _meter.CreateObservableGauge("edgelabel_outbox_depth", () => Outbox.Depth, description: "Images waiting in the outbox.");
        _meter.CreateObservableGauge("edgelabel_outbox_bytes", () => Outbox.Bytes, "By", "Bytes of the images waiting in the outbox.");
        _meter.CreateObservableGauge("edgelabel_outbox_oldest_age_seconds", () => Outbox.OldestAgeSeconds(), "s",
            "Age of the oldest image waiting in the outbox (0 when empty).");
        _meter.CreateObservableGauge("edgelabel_outbox_paused", () => Outbox.Paused ? 1 : 0, description: "1 while the store refuses uploads, else 0.");
        _meter.CreateObservableGauge("edgelabel_inflight_images", () => Volatile.Read(ref _limiter)?.InFlight ?? 0,
            description: "Images between camera admission and settlement.");
    }

    /// <summary>The outbox's latest status, written by the outbox and read by the gauges.</summary>
    public OutboxGauges Outbox { get; } = new();

    /// <summary>The pipeline's current limiter (a restarted pipeline brings a fresh one).</summary>
    public void Track(InFlightLimiter limiter) => Volatile.Write(ref _limiter, limiter);

    public void Settled(ImageOutcome outcome)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Decided when outcome.Route is { } route:
                _decided.Add(1, new KeyValuePair<string, object?>("route", RouteLabel(route)));
                break;
            case OutcomeKind.Quarantined:
                _quarantined.Add(1, new KeyValuePair<string, object?>("reason", outcome.Reason ?? "unknown"));
                break;
        }
    }

    public void InferenceTook(TimeSpan elapsed) => _inference.Record(elapsed.TotalSeconds);

    public void Uploaded(long bytes)
    {
        _uploads.Add(1);
        _uploadBytes.Add(bytes);
    }

    /// <summary>kind: transient, refused or impossible.</summary>
    public void UploadFailed(string kind) => _uploadErrors.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static string RouteLabel(RouteKind route) => route switch
    {
        RouteKind.AutoLabel => "auto-label",
        RouteKind.Review => "review",
        RouteKind.Audit => "audit",
        _ => route.ToString().ToLowerInvariant(),
    };

    public void Dispose() => _meter.Dispose();
}

/// <summary>A thread-safe copy of the outbox numbers the gauges report; the outbox writes it, scrapes read it.</summary>
public sealed class OutboxGauges
{
    private long _depth;
    private long _bytes;
    private long _oldestAgeMs;
    private int _paused;

    public long Depth => Interlocked.Read(ref _depth);

    public long Bytes => Interlocked.Read(ref _bytes);

    public bool Paused => Volatile.Read(ref _paused) != 0;

    /// <summary>As of the last update (the outbox updates every second).</summary>
    public double OldestAgeSeconds() => Interlocked.Read(ref _oldestAgeMs) / 1000.0;

    public void Set(OutboxStatus status, DateTimeOffset now)
    {
        Interlocked.Exchange(ref _depth, status.Depth);
        Interlocked.Exchange(ref _bytes, status.BytesPending);
        var age = status.OldestEnqueuedAt is { } oldest ? Math.Max(0, (long)(now - oldest).TotalMilliseconds) : 0;
        Interlocked.Exchange(ref _oldestAgeMs, age);
        Volatile.Write(ref _paused, status.Paused ? 1 : 0);
    }
}
