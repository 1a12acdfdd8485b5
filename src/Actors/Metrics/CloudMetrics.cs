using System.Diagnostics.Metrics;

namespace EdgeLabel.Actors.Metrics;

/// <summary>The cloud node's instruments (meter <see cref="MeterName"/>). The gauges read the latest
/// <see cref="LabelingFigures"/> and <see cref="SiteFigures"/> the <see cref="CloudMetricsSampler"/> stores, so a scrape
/// never waits for an actor. The figures are cluster-wide (every cloud node samples the same coordinators and its own
/// copy of the site reports): aggregate nodes with max, not sum.</summary>
public sealed class CloudMetrics : IDisposable
{
    public const string MeterName = "EdgeLabel.Cloud";

    private readonly Meter _meter = new(MeterName);
    private LabelingFigures _labeling = LabelingFigures.None;
    private SiteFigures _sites = SiteFigures.None;

    public CloudMetrics()
    {
        _meter.CreateObservableGauge("edgelabel_labeling_jobs", () => Labeling.JobsByState.Select(s =>
                new Measurement<int>(s.Value, new KeyValuePair<string, object?>("project", s.Key.Project), new KeyValuePair<string, object?>("state", s.Key.State))),
            description: "Labeling jobs by project and state (running jobs by phase: accepted, inputswritten, submitted, ended, merged; finished ones by outcome).");
        _meter.CreateObservableGauge("edgelabel_human_tasks_pending", () => Labeling.HumanTasksPending.Select(p =>
                new Measurement<int>(p.Value, new KeyValuePair<string, object?>("project", p.Key))),
            description: "Data objects of running labeling jobs that no labeler has answered yet (the backend's Unlabeled counter).");
        _meter.CreateObservableGauge("edgelabel_images_awaiting_job", () => Labeling.AwaitingJob.Select(p =>
                new Measurement<int>(p.Value, new KeyValuePair<string, object?>("project", p.Key))),
            description: "Review and audit images queued for the project's next labeling job.");
        _meter.CreateObservableGauge("edgelabel_site_outbox_depth", () => Sites.OutboxDepth.Select(s =>
                new Measurement<int>(s.Value, new KeyValuePair<string, object?>("site", s.Key))),
            description: "Each site's outbox depth, from its latest report to this node.");
        _meter.CreateObservableGauge("edgelabel_site_report_age_seconds", () => Sites.ReportAgeSeconds.Select(s =>
                new Measurement<double>(s.Value, new KeyValuePair<string, object?>("site", s.Key))), "s",
            "Seconds since each site's latest report reached this node (grows while a site is cut off).");
        _meter.CreateObservableGauge("edgelabel_metrics_sampled_age_seconds", () => Labeling.SampledAt is { } at
                ? (DateTimeOffset.UtcNow - at).TotalSeconds : -1, "s",
            "Seconds since the labeling figures were last sampled (-1 before the first sample).");
    }

    public LabelingFigures Labeling
    {
        get => Volatile.Read(ref _labeling);
        set => Volatile.Write(ref _labeling, value);
    }

    public SiteFigures Sites
    {
        get => Volatile.Read(ref _sites);
        set => Volatile.Write(ref _sites, value);
    }

    public void Dispose() => _meter.Dispose();
}

/// <summary>One sample of every project's labeling: jobs by (project, state), pending human tasks and queued images per project.</summary>
public sealed record LabelingFigures(
    IReadOnlyDictionary<(string Project, string State), int> JobsByState, IReadOnlyDictionary<string, int> HumanTasksPending,
    IReadOnlyDictionary<string, int> AwaitingJob, DateTimeOffset? SampledAt)
{
    public static readonly LabelingFigures None = new(new Dictionary<(string, string), int>(), new Dictionary<string, int>(), new Dictionary<string, int>(), null);
}

/// <summary>One sample of the site directory: each site's outbox depth and report age.</summary>
public sealed record SiteFigures(IReadOnlyDictionary<string, int> OutboxDepth, IReadOnlyDictionary<string, double> ReportAgeSeconds)
{
    public static readonly SiteFigures None = new(new Dictionary<string, int>(), new Dictionary<string, double>());
}
