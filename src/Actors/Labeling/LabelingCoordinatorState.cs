namespace EdgeLabel.Actors.Labeling;

/// <summary>A project's labeling as its events built it: images waiting for a batch (in arrival order), every content
/// id ever queued (so an image is batched once, however often it is announced), the jobs and alerts.</summary>
public sealed class LabelingCoordinatorState
{
    private readonly List<(LabelingItem Item, DateTimeOffset At)> _pending = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LabelingJobEntry> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<LabelingItem>> _items = new(StringComparer.Ordinal);
    private readonly List<string> _alerts = [];

    public IReadOnlyList<(LabelingItem Item, DateTimeOffset At)> Pending => _pending;
    public IReadOnlyDictionary<string, LabelingJobEntry> Jobs => _jobs;
    public IReadOnlyList<string> Alerts => _alerts;
    /// <summary>Batches started (first attempts only): the next batch's number is one more.</summary>
    public long Batches { get; private set; }

    public bool Seen(string contentId) => _seen.Contains(contentId);

    public IReadOnlyList<LabelingItem> ItemsOf(string jobName) => _items.GetValueOrDefault(jobName, []);

    public void Apply(object e)
    {
        switch (e)
        {
            case LabelingImagesQueued queued:
                foreach (var item in queued.Items)
                    if (_seen.Add(item.ContentId)) _pending.Add((item, queued.At));
                break;
            case LabelingBatchStarted started:
                var ids = started.Items.Select(i => i.ContentId).ToHashSet(StringComparer.Ordinal);
                _pending.RemoveAll(p => ids.Contains(p.Item.ContentId));
                _seen.UnionWith(ids);
                _jobs[started.JobName] = new LabelingJobEntry(started.JobName, started.BaseName, started.Attempt, started.Items.Count, null, null, 0);
                _items[started.JobName] = started.Items;
                if (started.Attempt == 1) Batches++;
                break;
            case LabelingJobConcluded concluded when _jobs.TryGetValue(concluded.JobName, out var job):
                _jobs[concluded.JobName] = job with { Outcome = concluded.Outcome, Reason = concluded.Reason, Unlabeled = concluded.Unlabeled.Count };
                break;
            case LabelingAlertRaised alert:
                _alerts.Add(alert.Alert);
                break;
        }
    }

    public LabelingStatus Status(string project) =>
        new(project, _pending.Count, _pending.Count == 0 ? null : _pending[0].At, _jobs.Values.ToArray(), _alerts.ToArray());
}
