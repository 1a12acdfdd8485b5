using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using EdgeLabel.Actors.Decisions;

namespace EdgeLabel.Actors.Outbox;

/// <summary>The outbox's intake: a projection of the decision journal, read by sequence number.</summary>
public sealed partial class Outbox
{
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
}
