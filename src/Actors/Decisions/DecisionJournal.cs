using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using EdgeLabel.Actors.Metrics;

namespace EdgeLabel.Actors.Decisions;

/// <summary>The edge site's event-sourced record of every decision. An image is acknowledged to its camera
/// only after its decision is persisted here, and this actor refuses a second decision for a content id,
/// so a crash and replay can never decide an image twice. Decisions arrive in batches and are written with
/// one <c>PersistAll</c> per batch: one round-trip per image would cap the pipeline at a few hundred images/s.</summary>
public sealed class DecisionJournal : ReceivePersistentActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly int _snapshotEvery;
    private DecisionLedger _ledger = new();

    public DecisionJournal(string site, int snapshotEvery)
    {
        PersistenceId = PersistenceIdFor(site);
        _snapshotEvery = snapshotEvery;

        Recover<SnapshotOffer>(offer => _ledger = DecisionLedger.FromSnapshot((DecisionLedgerSnapshot)offer.Snapshot));
        Recover<IDecisionEvent>(e => _ledger.Apply(e));
        Recover<RecoveryCompleted>(_ => _log.Info("Decision journal {0} recovered {1} decisions", PersistenceId, _ledger.Count));

        Command<RecordDecisions>(Record);
        Command<FilterUndecided>(q => Sender.Tell(new Undecided(q.Ids.Where(id => !_ledger.Contains(id)).ToHashSet())));
        Command<GetDecisionSummary>(_ => Sender.Tell(_ledger.Summary()));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {0} failed; recovery will replay more events", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old snapshots of {0} failed", PersistenceId));
    }

    public override string PersistenceId { get; }

    public static string PersistenceIdFor(string site) => $"decisions-{site}";

    public static Props Props(string site, int snapshotEvery = 10_000) =>
        Akka.Actor.Props.Create(() => new DecisionJournal(site, snapshotEvery));

    private void Record(RecordDecisions command)
    {
        var fresh = new List<IDecisionEvent>(command.Decisions.Count);
        var duplicates = new List<ContentId>();
        var inBatch = new HashSet<ContentId>();
        foreach (var decision in command.Decisions)
        {
            if (_ledger.Contains(decision.Id) || !inBatch.Add(decision.Id)) duplicates.Add(decision.Id);
            else fresh.Add(decision);
        }

        var replyTo = Sender;
        if (fresh.Count == 0)
        {
            replyTo.Tell(new DecisionsRecorded([], duplicates));
            return;
        }

        var writeStarted = Stopwatch.GetTimestamp();
        PersistAll(fresh, Apply);
        // DeferAsync runs after every handler of the PersistAll above: the reply means "all of it is on disk".
        DeferAsync(new DecisionsRecorded(fresh.Select(f => f.Id).ToArray(), duplicates), recorded =>
        {
            JournalMetrics.Written("decisions", writeStarted);
            replyTo.Tell(recorded);
        });
    }

    private void Apply(IDecisionEvent decision)
    {
        _ledger.Apply(decision);
        if (_snapshotEvery > 0 && LastSequenceNr % _snapshotEvery == 0)
            SaveSnapshot(_ledger.ToSnapshot());
    }
}
