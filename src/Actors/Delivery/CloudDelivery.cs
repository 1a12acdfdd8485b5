using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Streams;
using EdgeLabel.Actors.Upload;

namespace EdgeLabel.Actors.Delivery;

/// <summary>The edge's durable queue of records for the cloud.
/// <list type="bullet">
/// <item>It is a projection of the outbox journal: every decided image becomes an <see cref="SiteRecordKind.Image"/>
/// record, and every confirmed upload of a review or audit image a <see cref="SiteRecordKind.ReviewNotice"/>. Records
/// get contiguous sequence numbers and are persisted (with the outbox position reached) before anything is sent.</item>
/// <item>It sends windows of records through the current cluster link and re-sends from the last cumulative
/// acknowledgement when acks stop coming (link cut, cloud node killed, new cluster incarnation). The cloud dedupes by
/// sequence number, so at-least-once transport has an exactly-once effect.</item>
/// <item>It never depends on cluster membership: with no link it keeps queueing; the pipeline never waits for it.</item>
/// </list></summary>
public sealed partial class CloudDelivery : ReceivePersistentActor, IWithTimers
{
    private const int SnapshotEveryEvents = 200;
    private const int RecordsPerEvent = 400;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _site;
    private readonly string _outboxPersistenceId;
    private readonly DeliverySettings _settings;
    private readonly StoreSettings _store;
    private readonly CloudGateway _gateway;
    private readonly TimeProvider _clock;
    private readonly DeliveryLedger _ledger = new();
    private IActorRef? _link;
    private long _sentUpTo;
    private long _acknowledgedUpTo;
    private DateTimeOffset _lastProgressAt;
    private DateTimeOffset? _lastAcknowledgedAt;
    private DateTimeOffset? _rejectedAt;
    private string? _lastError;
    private int _eventsSinceSnapshot;
    private UniqueKillSwitch? _projection;
    private IMaterializer? _materializer;

    public CloudDelivery(string site, DeliverySettings settings, StoreSettings store, CloudGateway gateway, TimeProvider clock)
    {
        PersistenceId = PersistenceIdFor(site);
        _site = site;
        _outboxPersistenceId = $"outbox-{site}";
        _settings = settings;
        _store = store;
        _gateway = gateway;
        _clock = clock;

        Recover<SnapshotOffer>(offer => _ledger.Apply(offer.Snapshot));
        Recover<IEdgeLabelMessage>(_ledger.Apply);
        Recover<RecoveryCompleted>(_ => Start());

        Command<ProjectOutboxEvents>(Project); // CloudDelivery.Projection.cs
        Command<RecordsAcknowledged>(OnAcknowledged);
        Command<RecordsRejected>(OnRejected);
        Command<Tick>(_ => OnTick());
        Command<GetDeliveryStatus>(_ => Sender.Tell(Status()));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {0} failed; recovery will replay more events", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private IMaterializer Materializer => _materializer ??= Context.Materializer();

    public static string PersistenceIdFor(string site) => $"delivery-{site}";

    public static Props Props(string site, DeliverySettings settings, StoreSettings store, CloudGateway gateway, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new CloudDelivery(site, settings, store, gateway, clock));

    protected override void PostStop()
    {
        _projection?.Shutdown();
        base.PostStop();
    }

    private void Start()
    {
        _link = _gateway.Link; // attached already (the usual case after a restart of this actor): send right away
        _acknowledgedUpTo = _ledger.AcknowledgedUpTo;
        _sentUpTo = _acknowledgedUpTo;
        _lastProgressAt = _clock.GetUtcNow();
        StartProjection();
        Timers.StartPeriodicTimer("tick", Tick.Instance, TimeSpan.FromSeconds(1));
        _log.Info("Delivery {0} to project '{1}': {2} record(s) unacknowledged, next seq {3}", PersistenceId, _settings.Project,
            _ledger.Pending, _ledger.NextSeq);
        Send();
    }

    /// <summary>Sends windows of records after <see cref="_sentUpTo"/> until the window is full.</summary>
    private void Send()
    {
        if (_link is null || _rejectedAt is not null) return;
        while (_sentUpTo - _acknowledgedUpTo < _settings.WindowRecords)
        {
            var batch = _ledger.Window(_sentUpTo, _settings.BatchSize);
            if (batch.Count == 0) return;
            _link.Tell(new DeliverRecords(_settings.Project, _site, batch), Self);
            _sentUpTo = batch[^1].Seq;
        }
    }

    private void OnAcknowledged(RecordsAcknowledged ack)
    {
        if (ack.Site != _site || ack.UpTo <= _acknowledgedUpTo) return; // stale: a re-sent window acknowledged twice
        if (ack.UpTo >= _ledger.NextSeq)
        {
            _log.Error("Cloud acknowledged records up to {0} but this site has only sent up to {1}; ignoring it", ack.UpTo, _ledger.NextSeq - 1);
            return;
        }
        _rejectedAt = null;
        _lastError = null;
        // The window moves on at once; the ack is persisted behind it (losing it in a crash only means re-sending
        // records the cloud will recognise by sequence number).
        _acknowledgedUpTo = ack.UpTo;
        _lastAcknowledgedAt = _lastProgressAt = _clock.GetUtcNow();
        if (_sentUpTo < ack.UpTo) _sentUpTo = ack.UpTo;
        PersistAsync(new DeliveryAcknowledged(ack.UpTo), e =>
        {
            _ledger.Apply(e);
            MaybeSnapshot();
        });
        Send();
    }

    private void OnRejected(RecordsRejected rejected)
    {
        if (_rejectedAt is null) _log.Warning("Cloud rejected the records of site {0}: {1}; keeping them, retrying in {2}", _site, rejected.Reason, _settings.RetryRejectedAfter);
        _rejectedAt = _clock.GetUtcNow();
        _lastError = rejected.Reason;
        _sentUpTo = _acknowledgedUpTo;
    }

    private void OnTick()
    {
        var now = _clock.GetUtcNow();
        var link = _gateway.Link;
        if (!Equals(link, _link))
        {
            // A new cluster incarnation (or the link went away): whatever was in flight may be lost; start again from the last ack.
            _link = link;
            _sentUpTo = _acknowledgedUpTo;
            _lastProgressAt = now;
        }
        if (_rejectedAt is { } rejectedAt && now - rejectedAt >= _settings.RetryRejectedAfter) _rejectedAt = null;
        if (_sentUpTo > _acknowledgedUpTo && now - _lastProgressAt >= _settings.ResendAfter)
        {
            _log.Info("No acknowledgement for {0}; re-sending from {1}", now - _lastProgressAt, _acknowledgedUpTo + 1);
            _sentUpTo = _acknowledgedUpTo;
            _lastProgressAt = now;
        }
        Send();
    }

    private void Queue(DeliveryRecordsQueued queued)
    {
        _ledger.Apply(queued);
        MaybeSnapshot();
        if (_sentUpTo == _acknowledgedUpTo) _lastProgressAt = _clock.GetUtcNow(); // nothing was in flight: the wait starts now
        Send();
    }

    private void MaybeSnapshot()
    {
        if (++_eventsSinceSnapshot < SnapshotEveryEvents) return;
        _eventsSinceSnapshot = 0;
        SaveSnapshot(_ledger.ToSnapshot());
    }

    private DeliveryStatus Status()
    {
        var state = _rejectedAt is not null ? DeliveryStates.Rejected
            : _link is null ? DeliveryStates.LinkDown
            : _ledger.Pending > 0 ? DeliveryStates.Delivering
            : DeliveryStates.Idle;
        return new DeliveryStatus(_settings.Project, state, _ledger.NextSeq - 1, _acknowledgedUpTo, _ledger.Pending,
            _ledger.AwaitingUpload, _ledger.OldestPending?.At, _lastAcknowledgedAt, _lastError);
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }
}
