using Akka;
using Akka.Actor;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Persistence;

namespace EdgeLabel.Actors.Outbox;

/// <summary>The outbox's intake: a projection of the decision journal, read by sequence number.</summary>
public sealed partial class Outbox
{
    private void StartProjection() =>
        _projection = JournalProjection.Start(Context.System, Materializer, _decisionsPersistenceId, _ledger.ProjectedUpTo + 1, 500, Self,
            events => new ProjectDecisions(events));

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
