using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Metrics;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Actors.Spool;
using EdgeLabel.Actors.Upload;
using EdgeLabel.Storage;

namespace EdgeLabel.Actors.Outbox;

/// <summary>The site's durable queue of images waiting to leave, and the driver of their upload.
/// <list type="bullet">
/// <item>It is a projection of the decision journal: it reads decisions in sequence order and persists each batch of
/// items together with the sequence number reached, so nothing decided is ever missing from it or in it twice.</item>
/// <item>It hands uploads to <see cref="UploadStream"/> in priority order (audit → review → auto-labeled), within the
/// bandwidth budget and daily window; a spool file is deleted only after the store confirmed the object and
/// that confirmation is persisted here.</item>
/// <item>Transient failures back off per item; a run of them means the link is down, and the outbox probes the
/// store every few seconds instead, resuming the moment it answers. A store that refuses everything (403,
/// missing bucket) pauses the outbox with the reason; nothing is dropped, and the probe resumes it once fixed.</item>
/// </list></summary>
public sealed partial class Outbox : ReceivePersistentActor, IWithTimers
{
    private const int SnapshotEvery = 1000;
    private const int UploadBatch = 64;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _decisionsPersistenceId;
    private readonly UploadSettings _settings;
    private readonly StoreSettings _store;
    private readonly IObjectStore? _objectStore;
    private readonly ImageSpool _spool;
    private readonly TimeProvider _clock;
    private readonly OutboxLedger _ledger = new();
    private readonly UploadQueue _queue = new(new Random());
    private readonly List<UploadedObject> _uploadedBatch = [];
    private readonly UploadRate _rate;
    private ChannelWriter<UploadJob>? _jobs;
    private UniqueKillSwitch? _projection;
    private UniqueKillSwitch? _uploads;
    private bool _waitingForRoom;
    private string _state = OutboxStates.Running;
    private string? _lastError;
    private int _consecutiveFailures;
    private bool _probing;
    private readonly List<SpoolCopyNotNeeded> _deferredCopies = [];
    private bool _checkingCopies;
    private DateTimeOffset _lastProbeAt = DateTimeOffset.MinValue;
    private IMaterializer? _materializer;
    private readonly EdgeMetrics? _metrics;

    public Outbox(string site, UploadSettings settings, StoreSettings store, IObjectStore? objectStore, ImageSpool spool, TimeProvider clock,
        EdgeMetrics? metrics = null)
    {
        _metrics = metrics;
        PersistenceId = $"outbox-{site}";
        _decisionsPersistenceId = DecisionJournal.PersistenceIdFor(site);
        _settings = settings;
        _store = store;
        _objectStore = objectStore;
        _spool = spool;
        _clock = clock;
        _rate = new UploadRate(clock);
        if (!settings.Enabled || objectStore is null) _state = OutboxStates.Disabled;

        Recover<SnapshotOffer>(offer => _ledger.Apply(offer.Snapshot));
        Recover<IEdgeLabelMessage>(_ledger.Apply);
        Recover<RecoveryCompleted>(_ => Start());

        Command<ProjectDecisions>(Project);
        Command<UploadSucceeded>(Succeeded);
        Command<UploadFailedTransiently>(FailedTransiently);
        Command<UploadRefusedByStore>(RefusedByStore);
        Command<UploadImpossible>(Impossible);
        Command<FlushUploads>(_ => Flush());
        Command<SpoolReleased>(r => PersistAsync(new OutboxSpoolReleased(r.Ids), Apply));
        Command<SpoolCopyNotNeeded>(ReleaseCopy);
        Command<CopiesChecked>(OnCopiesChecked);
        Command<FreeSpoolSpace>(FreeSpace); // Outbox.Quota.cs
        Command<Tick>(_ => OnTick());
        Command<RoomForJobs>(_ =>
        {
            _waitingForRoom = false;
            Dispatch();
        });
        Command<ProbeResult>(OnProbe);
        Command<GetOutboxStatus>(_ => Sender.Tell(Status()));
        Command<GetPendingItems>(_ => Sender.Tell(new PendingItems(_ledger.Pending.Values.OrderBy(i => i.Priority).ThenBy(i => i.DecisionSequenceNr).ToArray())));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Outbox snapshot failed"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    private IMaterializer Materializer => _materializer ??= Context.Materializer();

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string site, UploadSettings settings, StoreSettings store, IObjectStore? objectStore, ImageSpool spool, TimeProvider clock,
        EdgeMetrics? metrics = null) =>
        Akka.Actor.Props.Create(() => new Outbox(site, settings, store, objectStore, spool, clock, metrics));

    protected override void PostStop()
    {
        _projection?.Shutdown();
        _uploads?.Shutdown();
        base.PostStop();
    }

    private void Start()
    {
        foreach (var item in _ledger.Pending.Values) _queue.Add(item);
        if (_ledger.AwaitingRelease.Count > 0) Release(_ledger.AwaitingRelease.Keys.ToArray()); // killed between "uploaded" and "deleted"
        StartProjection();
        if (_state != OutboxStates.Disabled)
        {
            var uploader = new ImageUploader(_objectStore!, _spool, _store);
            (_jobs, _uploads) = UploadStream.Run(_settings, uploader, Self, Materializer);
        }
        Timers.StartPeriodicTimer("tick", Tick.Instance, TimeSpan.FromSeconds(1));
        _log.Info("Outbox {0}: {1} item(s) pending, state {2}, store s3://{3}/{4}", PersistenceId, _ledger.Pending.Count, _state, _store.Bucket, _store.Prefix);
        Dispatch();
        UpdateGauges();
    }

    private void StartProjection()
    {
        var readJournal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var self = Self;
        var from = _ledger.ProjectedUpTo + 1;
        // A restarted query re-reads from the recovered offset; Project skips what it has seen (by sequence number).
        _projection = RestartSource.WithBackoff(
                () => readJournal.EventsByPersistenceId(_decisionsPersistenceId, from, long.MaxValue)
                    .GroupedWithin(500, TimeSpan.FromMilliseconds(100))
                    .SelectAsync(1, batch => self.Ask<Done>(new ProjectDecisions(batch.Select(e => (e.SequenceNr, e.Event)).ToArray()), TimeSpan.FromSeconds(30))),
                RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0.2))
            .ViaMaterialized(KillSwitches.Single<Done>(), Keep.Right)
            .To(Sink.Ignore<Done>())
            .Run(Materializer);
    }

    private void Project(ProjectDecisions batch)
    {
        var items = new List<OutboxItem>();
        var upTo = _ledger.ProjectedUpTo;
        var now = _clock.GetUtcNow();
        foreach (var (sequenceNr, evt) in batch.Events)
        {
            if (sequenceNr <= upTo) continue;
            upTo = sequenceNr;
            if (evt is ImageDecided d && !_ledger.Knows(d.Id))
                items.Add(new OutboxItem(d.Id, d.Route, d.Source, d.Width, d.Height, d.Model, d.Boxes, sequenceNr, now));
        }

        var replyTo = Sender;
        if (items.Count == 0)
        {
            _ledger.AdvanceProjection(upTo);
            replyTo.Tell(Done.Instance);
            return;
        }
        Persist(new OutboxItemsEnqueued(items, upTo), e =>
        {
            Apply(e);
            foreach (var item in e.Items) _queue.Add(item);
            replyTo.Tell(Done.Instance);
            Dispatch();
        });
    }

    private void Dispatch()
    {
        if (_jobs is null || _state is not (OutboxStates.Running or OutboxStates.OutsideWindow)) return;
        if (_settings.Window is { } window && !window.IsOpen(_clock.GetUtcNow()))
        {
            _state = OutboxStates.OutsideWindow;
            return;
        }
        _state = OutboxStates.Running;
        while (_queue.Peek() is { } next)
        {
            if (next.Priority == 2 && !_settings.UploadAutoLabeled) break; // auto-labeled sort last
            var item = _ledger.Pending[next.Id];
            var job = new UploadJob(item, 0);
            if (!_jobs.TryWrite(job))
            {
                if (!_waitingForRoom)
                {
                    _waitingForRoom = true;
                    _jobs.WaitToWriteAsync().AsTask().PipeTo(Self, success: _ => RoomForJobs.Instance, failure: _ => RoomForJobs.Instance);
                }
                return;
            }
            _queue.Start(item);
        }
    }

    private void Succeeded(UploadSucceeded result)
    {
        _queue.Finish(result.Job.Item.Id);
        _consecutiveFailures = 0;
        if (_state == OutboxStates.LinkDown) Resume("upload succeeded");
        _rate.Record(result.Bytes);
        _metrics?.Uploaded(result.Bytes);
        _uploadedBatch.Add(new UploadedObject(result.Job.Item.Id, result.ObjectUri, result.ETag, result.Bytes, _clock.GetUtcNow()));
        if (_uploadedBatch.Count >= UploadBatch) Flush();
        else if (!Timers.IsTimerActive("flush")) Timers.StartSingleTimer("flush", FlushUploads.Instance, TimeSpan.FromMilliseconds(50));
        Dispatch();
    }

    private void Flush()
    {
        Timers.Cancel("flush");
        if (_uploadedBatch.Count == 0) return;
        var batch = _uploadedBatch.ToArray();
        _uploadedBatch.Clear();
        // PersistAsync: dispatching goes on while confirmations are written. The spool files are still released
        // only in the handler, i.e. after the event is on disk; applying a confirmation twice counts it once.
        PersistAsync(new OutboxItemsUploaded(batch), e =>
        {
            Apply(e);
            Release(e.Objects.Select(o => o.Id).ToArray());
        });
    }

    private void FailedTransiently(UploadFailedTransiently result)
    {
        _queue.RetryLater(result.Job.Item, _clock.GetUtcNow(), _settings.BackoffBase, _settings.BackoffCap);
        _lastError = result.Error;
        _metrics?.UploadFailed("transient");
        if (++_consecutiveFailures >= _settings.FailuresBeforeLinkDown && _state == OutboxStates.Running)
        {
            _state = OutboxStates.LinkDown;
            _log.Warning("Outbox {0}: link down after {1} failed uploads ({2}); probing the store every {3}", PersistenceId, _consecutiveFailures, result.Error, _settings.ProbeInterval);
        }
        Dispatch();
    }

    private void RefusedByStore(UploadRefusedByStore result)
    {
        _queue.RetryLater(result.Job.Item, _clock.GetUtcNow(), _settings.ProbeInterval, _settings.ProbeInterval);
        _lastError = $"{result.Code}: {result.Error}";
        _metrics?.UploadFailed("refused");
        if (_state != OutboxStates.Paused)
            _log.Error("Outbox {0} paused: the store refuses uploads ({1}). Nothing is dropped; uploads resume when a probe of s3://{2} succeeds.", PersistenceId, _lastError, _store.Bucket);
        _state = OutboxStates.Paused;
    }

    private void Impossible(UploadImpossible result)
    {
        _queue.Finish(result.Job.Item.Id);
        _metrics?.UploadFailed("impossible");
        _log.Error("Outbox {0}: {1} can never be uploaded: {2}", PersistenceId, result.Job.Item.Id, result.Reason);
        Persist(new OutboxItemsFailed([new FailedItem(result.Job.Item.Id, result.Reason, _clock.GetUtcNow())]), Apply);
    }

    private void OnTick()
    {
        if (_deferredCopies.Count > 0 && !_checkingCopies) CheckDeferredCopies();
        _queue.Release(_clock.GetUtcNow(), id => _ledger.Pending.GetValueOrDefault(id));
        if (_state is OutboxStates.LinkDown or OutboxStates.Paused) Probe();
        else Dispatch();
        UpdateGauges();
    }

    /// <summary>Publishes depth, bytes, age and pause for the metrics gauges (every tick: a scrape reads at most 1 s old numbers).</summary>
    private void UpdateGauges() => _metrics?.Outbox.Set(Status(), _clock.GetUtcNow());

    private void Probe()
    {
        if (_probing || _objectStore is null) return;
        var now = _clock.GetUtcNow();
        var sinceLast = now - _lastProbeAt; // negative if the wall clock stepped back: probe then
        if (sinceLast >= TimeSpan.Zero && sinceLast < _settings.ProbeInterval) return; // ticks are 1 s; probe every probe-interval
        _lastProbeAt = now;
        _probing = true;
        var store = _objectStore;
        var bucket = _store.Bucket;
        // Not disposed here: the probe outlives this handler; the timer-backed source is released when it fires.
        var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        store.ProbeAsync(bucket, timeout.Token).PipeTo(Self, success: ok => new ProbeResult(ok), failure: _ => new ProbeResult(false));
    }

    private void OnProbe(ProbeResult probe)
    {
        _probing = false;
        if (probe.Ok && _state is OutboxStates.LinkDown or OutboxStates.Paused) Resume("store reachable again");
    }

    private void Resume(string why)
    {
        _log.Info("Outbox {0}: uploads resume ({1}); {2} item(s) pending", PersistenceId, why, _ledger.Pending.Count);
        _state = OutboxStates.Running;
        _consecutiveFailures = 0;
        _lastError = null; // LastError describes the current trouble, not history (the log keeps that)
        _queue.Release(_clock.GetUtcNow(), id => _ledger.Pending.GetValueOrDefault(id), all: true);
        Dispatch();
    }

    private void Release(IReadOnlyList<ContentId> ids)
    {
        var spool = _spool;
        var files = ids.Select(id => (id, ext: _ledger.AwaitingRelease.GetValueOrDefault(id, "jpg"))).ToArray();
        Task.Run(() =>
        {
            foreach (var (id, ext) in files) spool.Delete(id, ext);
            return new SpoolReleased(ids);
        }).PipeTo(Self);
    }

    private void ReleaseCopy(SpoolCopyNotNeeded copy)
    {
        if (_ledger.Holds(copy.Id) || _queue.IsInFlight(copy.Id)) return;
        // Not deleted yet: the decision may be newer than the projection (after a restart the cameras re-admit their
        // files before the projection has caught up), and then this file is the only copy of an image still to upload.
        _deferredCopies.Add(copy);
    }

    /// <summary>Reads the decisions the projection has not reached yet; copies of those images stay (the projection
    /// will enqueue them), the others are deleted.</summary>
    private void CheckDeferredCopies()
    {
        _checkingCopies = true;
        var copies = _deferredCopies.ToArray();
        _deferredCopies.Clear();
        var readJournal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        readJournal.CurrentEventsByPersistenceId(_decisionsPersistenceId, _ledger.ProjectedUpTo + 1, long.MaxValue)
            .RunAggregate(new HashSet<ContentId>(), (ids, e) =>
            {
                if (e.Event is ImageDecided d) ids.Add(d.Id);
                return ids;
            }, Materializer)
            .PipeTo(Self, success: ids => new CopiesChecked(copies, ids), failure: _ => new CopiesChecked(copies, null));
    }

    private void OnCopiesChecked(CopiesChecked result)
    {
        _checkingCopies = false;
        if (result.NotProjected is null)
        {
            _deferredCopies.AddRange(result.Copies); // the query failed: try again on the next tick
            return;
        }
        var delete = result.Copies.Where(c => !_ledger.Holds(c.Id) && !_queue.IsInFlight(c.Id) && !result.NotProjected.Contains(c.Id)).ToArray();
        if (delete.Length == 0) return;
        var spool = _spool;
        Task.Run(() =>
        {
            foreach (var copy in delete) spool.Delete(copy.Id, copy.Extension);
        });
    }

    private void Apply(IEdgeLabelMessage e)
    {
        _ledger.Apply(e);
        if (LastSequenceNr % SnapshotEvery == 0 && LastSequenceNr > 0) SaveSnapshot(_ledger.ToSnapshot());
    }

    private OutboxStatus Status()
    {
        var pending = _ledger.Pending.Values.ToList();
        return new OutboxStatus(
            pending.Count,
            pending.Count(i => i.Kind == RouteKind.Audit),
            pending.Count(i => i.Kind == RouteKind.Review),
            pending.Count(i => i.Kind == RouteKind.AutoLabel),
            pending.Sum(i => i.Source.SizeBytes),
            pending.Count == 0 ? null : pending.Min(i => i.EnqueuedAt),
            _ledger.ProjectedUpTo,
            _queue.InFlight,
            _ledger.UploadedCount,
            _ledger.UploadedBytes,
            _rate.ObjectsPerSecond,
            _rate.BytesPerSecond,
            _ledger.Failed.Count,
            _state,
            _lastError,
            _ledger.LastUploadAt,
            _ledger.DroppedByQuota);
    }

    private sealed record ProjectDecisions(IReadOnlyList<(long SequenceNr, object Event)> Events);

    private sealed record SpoolReleased(IReadOnlyList<ContentId> Ids);

    private sealed record ProbeResult(bool Ok);

    private sealed record CopiesChecked(IReadOnlyList<SpoolCopyNotNeeded> Copies, IReadOnlySet<ContentId>? NotProjected);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed class FlushUploads
    {
        public static readonly FlushUploads Instance = new();
    }

    private sealed class RoomForJobs
    {
        public static readonly RoomForJobs Instance = new();
    }
}
