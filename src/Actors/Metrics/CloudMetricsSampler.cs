using Akka.Actor;
using Akka.Event;
using EdgeLabel.Actors.Labeling;
using EdgeLabel.Actors.Sites;

namespace EdgeLabel.Actors.Metrics;

/// <summary>Refreshes <see cref="CloudMetrics"/> every <see cref="Interval"/>: asks the site directory, each project's
/// labeling coordinator and every running job (asks piped back, never awaited here), and stores one consistent sample.
/// One round at a time; a round that fails or times out keeps the previous sample (its age is a gauge too).</summary>
public sealed class CloudMetricsSampler : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CloudMetrics _metrics;
    private readonly IReadOnlyList<string> _projects;
    private readonly IActorRef _siteDirectory;
    private readonly IActorRef? _coordinators;
    private readonly IActorRef? _jobs;
    private readonly TimeProvider _clock;
    private bool _sampling;

    public CloudMetricsSampler(CloudMetrics metrics, IReadOnlyList<string> projects, IActorRef siteDirectory, IActorRef? coordinators,
        IActorRef? jobs, TimeProvider clock)
    {
        _metrics = metrics;
        _projects = projects;
        _siteDirectory = siteDirectory;
        _coordinators = coordinators;
        _jobs = jobs;
        _clock = clock;
        Receive<Tick>(_ => OnTick());
        Receive<Sample>(s =>
        {
            _sampling = false;
            _metrics.Sites = s.Sites;
            if (s.Labeling is not null) _metrics.Labeling = s.Labeling;
        });
        Receive<Status.Failure>(f =>
        {
            _sampling = false;
            _log.Debug("Metrics sample skipped: {0}", f.Cause.Message);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary><paramref name="coordinators"/> and <paramref name="jobs"/> are the labeling shard regions, null on a node
    /// without labeling (then only the site figures are sampled).</summary>
    public static Props Props(CloudMetrics metrics, IReadOnlyList<string> projects, IActorRef siteDirectory, IActorRef? coordinators,
        IActorRef? jobs, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new CloudMetricsSampler(metrics, projects, siteDirectory, coordinators, jobs, clock));

    protected override void PreStart()
    {
        Self.Tell(Tick.Instance);
        Timers.StartPeriodicTimer("sample", Tick.Instance, Interval);
    }

    private void OnTick()
    {
        if (_sampling) return;
        _sampling = true;
        SampleAsync().PipeTo(Self);
    }

    private async Task<Sample> SampleAsync()
    {
        var reports = await _siteDirectory.Ask<SiteReports>(new GetSiteReports(), AskTimeout).ConfigureAwait(false);
        var now = _clock.GetUtcNow();
        var sites = new SiteFigures(
            reports.Sites.ToDictionary(s => s.Report.Site, s => s.Report.Outbox.Depth),
            reports.Sites.ToDictionary(s => s.Report.Site, s => Math.Max(0, (now - s.ReceivedAt).TotalSeconds)));
        if (_coordinators is null || _jobs is null) return new Sample(sites, null);

        var jobs = new Dictionary<(string, string), int>();
        var pending = new Dictionary<string, int>();
        var awaiting = new Dictionary<string, int>();
        foreach (var project in _projects)
        {
            var status = await _coordinators.Ask<LabelingStatus>(new GetLabelingStatus(project), AskTimeout).ConfigureAwait(false);
            awaiting[project] = status.Pending;
            pending[project] = 0;
            var running = status.Jobs.Where(j => j.Outcome is null).ToList();
            var reportsOfRunning = await Task.WhenAll(running.Select(j => _jobs.Ask<LabelingJobStatusReport>(new GetLabelingJobStatus(j.JobName), AskTimeout)))
                .ConfigureAwait(false);
            foreach (var report in reportsOfRunning)
            {
                Count(jobs, (project, report.Phase.ToLowerInvariant()));
                pending[project] += report.Counters?.Unlabeled ?? report.Items;
            }
            foreach (var finished in status.Jobs.Where(j => j.Outcome is not null))
                Count(jobs, (project, finished.Outcome!.Value.ToString().ToLowerInvariant()));
        }
        return new Sample(sites, new LabelingFigures(jobs, pending, awaiting, now));
    }

    private static void Count(Dictionary<(string, string), int> counts, (string, string) key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    private sealed record Sample(SiteFigures Sites, LabelingFigures? Labeling);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
