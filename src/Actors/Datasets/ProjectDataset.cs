using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using EdgeLabel.Actors.Metrics;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Labeling;
using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Actors.Datasets;

/// <summary>One project's dataset in the cloud: a sharded, event-sourced entity (entity id = project name).
/// It absorbs each site's records exactly once: a record is applied only if its sequence number is the next one
/// after the site's high-water mark, and the records and the new mark are persisted as one event before the
/// cumulative acknowledgement goes back. A batch with a gap (records lost or reordered in transit) is answered
/// with the current mark, and the edge re-sends from there.</summary>
public sealed class ProjectDataset : ReceivePersistentActor
{
    private const int SnapshotEveryEvents = 100;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ProjectSettings _project;
    private readonly DatasetExports _exports;
    private readonly DatasetState _state;
    private readonly Dictionary<string, long> _accepted = new(StringComparer.Ordinal);
    private readonly IActorRef? _labeling;
    private int _eventsSinceSnapshot;

    /// <param name="labeling">The labeling coordinators (a shard region keyed by project): told about every image that
    /// reached awaiting-review, after it is persisted; null where no labeling runs.</param>
    public ProjectDataset(ProjectSettings project, DatasetExports exports, IActorRef? labeling = null)
    {
        _project = project;
        _exports = exports;
        _labeling = labeling;
        _state = new DatasetState(project);
        PersistenceId = PersistenceIdFor(project.Name);

        Recover<SnapshotOffer>(offer => _state.Apply(offer.Snapshot));
        Recover<IEdgeLabelMessage>(_state.Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            _log.Info("Dataset {0} recovered: {1} image(s)", PersistenceId, _state.Images.Count);
            // Again after every recovery (a tell across nodes can be lost); the coordinator dedupes by content id.
            AnnounceAwaitingReview(_state.Images.Values.Where(i => i.Status == ImageStatus.AwaitingReview).Select(i => i.ContentId));
        });

        Command<DeliverRecords>(Absorb);
        Command<GetDatasetStats>(_ => Sender.Tell(_state.Stats()));
        Command<GetDatasetPage>(q => Sender.Tell(_state.Page(q.Status, q.Site, q.Offset, q.Limit)));
        Command<GetDatasetImage>(q => Sender.Tell(new DatasetImageFound(_project.Name, q.ContentId, _state.Images.GetValueOrDefault(q.ContentId))));
        Command<ExportDataset>(Export);
        Command<MergeHumanLabels>(MergeHuman);
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {0} failed; recovery will replay more events", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public static string PersistenceIdFor(string project) => $"dataset-{project}";

    public static Props Props(ProjectSettings project, DatasetExports exports, IActorRef? labeling = null) =>
        Akka.Actor.Props.Create(() => new ProjectDataset(project, exports, labeling));

    private void Absorb(DeliverRecords delivery)
    {
        // Accepted marks run ahead of the persisted state while writes are in flight (PersistAsync lets the journal
        // batch several sites' writes); a record is accepted once, and acknowledged only after it is persisted.
        var accepted = _accepted.TryGetValue(delivery.Site, out var mark) ? mark : _state.HighWater(delivery.Site);
        var next = new List<SiteRecord>(delivery.Records.Count);
        foreach (var record in delivery.Records)
        {
            if (record.Seq <= accepted + next.Count) continue; // seen before: a re-sent window
            if (record.Seq != accepted + next.Count + 1) break;  // a gap: keep what is contiguous, the edge re-sends the rest
            next.Add(record);
        }

        var replyTo = Sender;
        if (next.Count == 0)
        {
            // Only what is persisted is acknowledged: records accepted but still being written are acked by their write.
            replyTo.Tell(new RecordsAcknowledged(_project.Name, delivery.Site, _state.HighWater(delivery.Site)));
            return;
        }
        _accepted[delivery.Site] = next[^1].Seq;
        var writeStarted = Stopwatch.GetTimestamp();
        PersistAsync(new DatasetRecordsAbsorbed(delivery.Site, next[^1].Seq, next), e =>
        {
            JournalMetrics.Written("dataset", writeStarted);
            var notices = e.Records.Where(r => r.Kind == SiteRecordKind.ReviewNotice).Select(r => r.Id.Value).Distinct().ToArray();
            var before = notices.Where(id => _state.Images.TryGetValue(id, out var i) && i.Status == ImageStatus.AwaitingReview).ToHashSet();
            _state.Apply(e);
            AnnounceAwaitingReview(notices.Where(id => !before.Contains(id)));
            replyTo.Tell(new RecordsAcknowledged(_project.Name, e.Site, _state.HighWater(e.Site)));
            if (++_eventsSinceSnapshot >= SnapshotEveryEvents)
            {
                _eventsSinceSnapshot = 0;
                SaveSnapshot(_state.ToSnapshot());
            }
        });
    }

    /// <summary>A write the journal refused (the actor keeps running): forget what was accepted ahead of the state, so
    /// the edge's re-sent records are taken again instead of being mistaken for ones already seen.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        _accepted.Clear();
    }

    private void MergeHuman(MergeHumanLabels merge)
    {
        var replyTo = Sender;
        if (_state.Mergeable(merge.Images) == 0)
        {
            replyTo.Tell(new HumanLabelsMergeAcknowledged(_project.Name, merge.JobName, 0)); // merged before: nothing changes
            return;
        }
        Persist(new HumanLabelsMerged(merge.JobName, merge.Images), e =>
        {
            var merged = _state.Mergeable(e.Images);
            _state.Apply(e);
            _log.Info("Dataset {0}: {1} image(s) got human labels from labeling job {2}", PersistenceId, merged, e.JobName);
            replyTo.Tell(new HumanLabelsMergeAcknowledged(_project.Name, e.JobName, merged));
            if (++_eventsSinceSnapshot >= SnapshotEveryEvents)
            {
                _eventsSinceSnapshot = 0;
                SaveSnapshot(_state.ToSnapshot());
            }
        });
    }

    private void AnnounceAwaitingReview(IEnumerable<string> contentIds)
    {
        if (_labeling is null) return;
        var items = contentIds
            .Select(id => _state.Images.TryGetValue(id, out var image) && image.Status == ImageStatus.AwaitingReview ? image : null)
            .OfType<DatasetImage>()
            .Select(ItemOf)
            .ToArray();
        if (items.Length > 0) _labeling.Tell(new ImagesAwaitingReview(_project.Name, items));
    }

    private LabelingItem ItemOf(DatasetImage image)
    {
        var machine = image.Boxes.Where(b => !b.Provenance.IsHuman).ToArray();
        var model = machine.FirstOrDefault()?.Provenance;
        return new LabelingItem(image.ContentId, image.ObjectUri, image.Site, _state.ReviewRoute(image.ContentId),
            model?.ModelId ?? "", model?.ModelVersion, machine);
    }

    private void Export(ExportDataset request)
    {
        // The images are immutable records: the copy is a consistent cut, written off the actor's thread.
        var images = _state.Images.Values.OrderBy(i => i.CapturedAt).ThenBy(i => i.ContentId, StringComparer.Ordinal).ToArray();
        _exports.WriteAsync(_project, images, request.IncludeThumbnails).PipeTo(Sender);
    }
}
