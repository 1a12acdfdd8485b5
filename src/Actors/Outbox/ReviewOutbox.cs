using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Routing;

namespace EdgeLabel.Actors.Outbox;

/// <summary>The durable queue of review and audit images waiting to leave the site. It is a projection of the
/// decision journal: it reads decisions in sequence order and persists the review/audit ones together with the
/// sequence number it has reached, so a crash between "decided" and "enqueued" can neither lose nor double an item.</summary>
public sealed class ReviewOutbox : ReceivePersistentActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _decisionsPersistenceId;
    private readonly Dictionary<ContentId, ReviewItem> _pending = new();
    private long _projectedUpTo;
    private UniqueKillSwitch? _projection;

    public ReviewOutbox(string site)
    {
        PersistenceId = $"review-outbox-{site}";
        _decisionsPersistenceId = DecisionJournal.PersistenceIdFor(site);

        Recover<SnapshotOffer>(offer => Restore((ReviewOutboxSnapshot)offer.Snapshot));
        Recover<ReviewItemsEnqueued>(Apply);
        Recover<RecoveryCompleted>(_ => StartProjection());

        Command<ProjectDecisions>(Project);
        Command<GetOutboxStatus>(_ => Sender.Tell(Status()));
        Command<GetPendingReviewItems>(_ => Sender.Tell(new PendingReviewItems(_pending.Values.OrderBy(i => i.DecisionSequenceNr).ToArray())));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Outbox snapshot failed"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public static Props Props(string site) => Akka.Actor.Props.Create(() => new ReviewOutbox(site));

    protected override void PostStop()
    {
        _projection?.Shutdown();
        base.PostStop();
    }

    private void StartProjection()
    {
        var readJournal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var self = Self;
        var from = _projectedUpTo + 1;
        // Restarted with backoff if the query fails (e.g. the database is briefly locked); a restart re-reads from the
        // recovered offset and Project skips what it has already seen (by sequence number).
        _projection = RestartSource.WithBackoff(
                () => readJournal.EventsByPersistenceId(_decisionsPersistenceId, from, long.MaxValue)
                    .GroupedWithin(500, TimeSpan.FromMilliseconds(100))
                    .SelectAsync(1, batch => self.Ask<Done>(new ProjectDecisions(batch.Select(e => (e.SequenceNr, e.Event)).ToArray()), TimeSpan.FromSeconds(30))),
                RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0.2))
            .ViaMaterialized(KillSwitches.Single<Done>(), Keep.Right)
            .To(Sink.Ignore<Done>())
            .Run(Context.Materializer());
        _log.Info("Outbox {0} projecting decisions from sequence {1}; {2} item(s) pending", PersistenceId, from, _pending.Count);
    }

    private void Project(ProjectDecisions batch)
    {
        var items = new List<ReviewItem>();
        var upTo = _projectedUpTo;
        foreach (var (sequenceNr, evt) in batch.Events)
        {
            if (sequenceNr <= upTo) continue; // replayed by a restarted query
            upTo = sequenceNr;
            if (evt is ImageDecided { Route: RouteKind.Review or RouteKind.Audit } d && !_pending.ContainsKey(d.Id))
                items.Add(new ReviewItem(d.Id, d.Route, d.Source, sequenceNr, d.DecidedAt));
        }

        if (items.Count == 0)
        {
            // Nothing to persist: auto-labels are re-read after a restart, which is cheap and keeps the journal small.
            _projectedUpTo = upTo;
            Sender.Tell(Done.Instance);
            return;
        }

        var replyTo = Sender;
        Persist(new ReviewItemsEnqueued(items, upTo), e =>
        {
            Apply(e);
            if (LastSequenceNr % 1000 == 0) SaveSnapshot(new ReviewOutboxSnapshot(_pending.Values.ToArray(), _projectedUpTo));
            replyTo.Tell(Done.Instance);
        });
    }

    private void Apply(ReviewItemsEnqueued e)
    {
        foreach (var item in e.Items) _pending[item.Id] = item;
        _projectedUpTo = Math.Max(_projectedUpTo, e.UpToDecisionSequenceNr);
    }

    private void Restore(ReviewOutboxSnapshot snapshot)
    {
        _pending.Clear();
        foreach (var item in snapshot.Pending) _pending[item.Id] = item;
        _projectedUpTo = snapshot.UpToDecisionSequenceNr;
    }

    private OutboxStatus Status() => new(
        _pending.Count,
        _pending.Values.Count(i => i.Kind == RouteKind.Review),
        _pending.Values.Count(i => i.Kind == RouteKind.Audit),
        _pending.Values.Sum(i => i.Source.SizeBytes),
        _pending.Count == 0 ? null : _pending.Values.Min(i => i.EnqueuedAt),
        _projectedUpTo);

    private sealed record ProjectDecisions(IReadOnlyList<(long SequenceNr, object Event)> Events);
}
