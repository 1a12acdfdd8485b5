using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace EdgeLabel.Actors.Persistence;

/// <summary>Feeds another actor's journal to a projecting actor in sequence order: batches of (sequence number, event)
/// are asked of <paramref name="projector"/> one at a time, so it persists each batch (with the position reached)
/// before the next is read. A failed query restarts with backoff from <paramref name="from"/>; the projector skips
/// what it has already seen by sequence number.</summary>
public static class JournalProjection
{
    public static UniqueKillSwitch Start(ActorSystem system, IMaterializer materializer, string persistenceId, long from, int batchSize,
        IActorRef projector, Func<IReadOnlyList<(long SequenceNr, object Event)>, object> toMessage)
    {
        var readJournal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        return RestartSource.WithBackoff(
                () => readJournal.EventsByPersistenceId(persistenceId, from, long.MaxValue)
                    .GroupedWithin(batchSize, TimeSpan.FromMilliseconds(100))
                    .SelectAsync(1, batch => projector.Ask<Done>(toMessage(batch.Select(e => (e.SequenceNr, e.Event)).ToArray()), TimeSpan.FromSeconds(30))),
                RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0.2))
            .ViaMaterialized(KillSwitches.Single<Done>(), Keep.Right)
            .To(Sink.Ignore<Done>())
            .Run(materializer);
    }
}
