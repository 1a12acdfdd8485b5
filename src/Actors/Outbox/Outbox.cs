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

    private void Apply(IEdgeLabelMessage e)
    {
        _ledger.Apply(e);
        if (LastSequenceNr % SnapshotEvery == 0 && LastSequenceNr > 0) SaveSnapshot(_ledger.ToSnapshot());
    }

    /// <summary>One pass over the pending items (a site cut off for days holds tens of thousands; this runs at every
    /// status ask and metrics tick).</summary>
    private OutboxStatus Status()
    {
        int audit = 0, review = 0, autoLabel = 0;
        long bytes = 0;
        DateTimeOffset? oldest = null;
        foreach (var item in _ledger.Pending.Values)
        {
            switch (item.Kind)
            {
                case RouteKind.Audit: audit++; break;
                case RouteKind.Review: review++; break;
                case RouteKind.AutoLabel: autoLabel++; break;
            }
            bytes += item.Source.SizeBytes;
            if (oldest is null || item.EnqueuedAt < oldest) oldest = item.EnqueuedAt;
        }
        return new OutboxStatus(
            _ledger.Pending.Count,
            audit,
            review,
            autoLabel,
            bytes,
            oldest,
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
