using Akka.Actor;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Outbox;

namespace EdgeLabel.Tests.Support;

/// <summary>A SQLite-backed spec that drives a decision journal and an outbox: the asks every outbox spec needs.</summary>
public abstract class OutboxSpec(ITestOutputHelper output) : SqliteSpec(output)
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Persists the decisions and expects every one of them to be recorded.</summary>
    protected void Record(IActorRef journal, params IDecisionEvent[] decisions)
    {
        journal.Tell(new RecordDecisions(decisions), TestActor);
        Assert.Equal(decisions.Length, ExpectMsg<DecisionsRecorded>(Patience).Recorded.Count);
    }

    protected OutboxStatus Status(IActorRef outbox)
    {
        outbox.Tell(GetOutboxStatus.Instance, TestActor);
        return ExpectMsg<OutboxStatus>(Patience);
    }

    protected IReadOnlyList<OutboxItem> Pending(IActorRef outbox)
    {
        outbox.Tell(GetPendingItems.Instance, TestActor);
        return ExpectMsg<PendingItems>(Patience).Items;
    }

    protected void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor, Patience);
    }
}
