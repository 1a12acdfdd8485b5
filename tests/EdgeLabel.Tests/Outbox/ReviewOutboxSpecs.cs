using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Tests.Support;
using static EdgeLabel.Tests.Support.Samples;

namespace EdgeLabel.Tests.Outbox;

public sealed class ReviewOutboxSpecs(ITestOutputHelper output) : SqliteSpec(output)
{
    private const string Site = "site-t";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private void Record(IActorRef journal, params IDecisionEvent[] decisions)
    {
        journal.Tell(new RecordDecisions(decisions), TestActor);
        Assert.Equal(decisions.Length, ExpectMsg<DecisionsRecorded>(Patience).Recorded.Count);
    }

    private OutboxStatus Status(IActorRef outbox)
    {
        outbox.Tell(GetOutboxStatus.Instance, TestActor);
        return ExpectMsg<OutboxStatus>(Patience);
    }

    private IReadOnlyList<ReviewItem> Pending(IActorRef outbox)
    {
        outbox.Tell(GetPendingReviewItems.Instance, TestActor);
        return ExpectMsg<PendingReviewItems>(Patience).Items;
    }

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor, Patience);
    }

    private async Task<int> EnqueuedItemsPersisted()
    {
        var query = PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        return await query.CurrentEventsByPersistenceId($"review-outbox-{Site}", 0, long.MaxValue)
            .RunAggregate(0, (n, e) => n + ((ReviewItemsEnqueued)e.Event).Items.Count, Sys.Materializer()).WaitAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Outbox_holds_review_and_audit_decisions_and_skips_auto_labels_and_quarantines()
    {
        var journal = Sys.ActorOf(DecisionJournal.Props(Site));
        Record(journal,
            Decided(1), Decided(2, RouteKind.Review, size: 100), Decided(3),
            Decided(4, RouteKind.Audit, size: 30), Quarantined(5), Decided(6, RouteKind.Review, size: 7), Decided(7));

        var outbox = Sys.ActorOf(ReviewOutbox.Props(Site));
        AwaitAssert(() => Assert.Equal(7, Status(outbox).ProjectedUpTo), Patience);

        var status = Status(outbox);
        Assert.Equal((3, 2, 1, 137L), (status.Depth, status.Review, status.Audit, status.BytesPending));
        Assert.Equal(At.AddSeconds(2), status.OldestEnqueuedAt);
        var items = Pending(outbox);
        Assert.Equal([Id(2), Id(4), Id(6)], items.Select(i => i.Id));
        Assert.Equal([2L, 4L, 6L], items.Select(i => i.DecisionSequenceNr));
        Assert.Equal([RouteKind.Review, RouteKind.Audit, RouteKind.Review], items.Select(i => i.Kind));
        Assert.Equal(3, await EnqueuedItemsPersisted());
    }

    [Fact]
    public async Task Outbox_restart_neither_duplicates_nor_loses_items()
    {
        var journal = Sys.ActorOf(DecisionJournal.Props(Site));
        Record(journal, Decided(1, RouteKind.Review), Decided(2), Decided(3, RouteKind.Audit));
        var outbox = Sys.ActorOf(ReviewOutbox.Props(Site));
        AwaitAssert(() => Assert.Equal(3, Status(outbox).ProjectedUpTo), Patience);
        Stop(outbox);

        // Decided while the outbox was down, plus one after it is back.
        Record(journal, Decided(4, RouteKind.Review), Decided(5));
        var restarted = Sys.ActorOf(ReviewOutbox.Props(Site));
        AwaitAssert(() => Assert.Equal(5, Status(restarted).ProjectedUpTo), Patience);
        Record(journal, Decided(6, RouteKind.Audit));
        AwaitAssert(() => Assert.Equal(6, Status(restarted).ProjectedUpTo), Patience);

        var items = Pending(restarted);
        Assert.Equal([Id(1), Id(3), Id(4), Id(6)], items.Select(i => i.Id));
        var status = Status(restarted);
        Assert.Equal((4, 2, 2), (status.Depth, status.Review, status.Audit));
        Assert.Equal(4, await EnqueuedItemsPersisted());

        // And a second restart with nothing new changes nothing.
        Stop(restarted);
        var third = Sys.ActorOf(ReviewOutbox.Props(Site));
        AwaitAssert(() => Assert.Equal(6, Status(third).ProjectedUpTo), Patience);
        Assert.Equal(4, Status(third).Depth);
        Assert.Equal(4, await EnqueuedItemsPersisted());
    }
}
