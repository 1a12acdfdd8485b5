using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Actors.Spool;
using EdgeLabel.Actors.Upload;
using EdgeLabel.Storage;
using EdgeLabel.Tests.Support;
using static EdgeLabel.Tests.Support.Samples;

namespace EdgeLabel.Tests.Outbox;

public sealed class OutboxProjectionSpecs(ITestOutputHelper output) : OutboxSpec(output)
{
    private const string Site = "site-t";

    // Uploads off: these specs are about what enters the outbox, not about draining it.
    private Props OutboxProps() => Actors.Outbox.Outbox.Props(Site, UploadSettings.Default with { Enabled = false },
        new StoreSettings("local", "edgelabel", "p", Path.GetTempPath(), S3StoreSettings.ForAws("us-east-1")), null,
        new ImageSpool(_spool.Path, fsync: false), TimeProvider.System);

    private readonly TempDirectory _spool = new();

    private async Task<int> EnqueuedItemsPersisted()
    {
        var query = PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        return await query.CurrentEventsByPersistenceId($"outbox-{Site}", 0, long.MaxValue)
            .RunAggregate(0, (n, e) => n + (e.Event is OutboxItemsEnqueued q ? q.Items.Count : 0), Sys.Materializer()).WaitAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Outbox_holds_every_decided_image_audit_first_and_skips_quarantines()
    {
        var journal = Sys.ActorOf(DecisionJournal.Props(Site));
        Record(journal,
            Decided(1), Decided(2, RouteKind.Review, size: 100), Decided(3),
            Decided(4, RouteKind.Audit, size: 30), Quarantined(5), Decided(6, RouteKind.Review, size: 7), Decided(7));

        var outbox = Sys.ActorOf(OutboxProps());
        AwaitAssert(() => Assert.Equal(7, Status(outbox).ProjectedUpTo), Patience);

        var status = Status(outbox);
        Assert.Equal((6, 2, 1, 3, 3137L), (status.Depth, status.Review, status.Audit, status.AutoLabeled, status.BytesPending));
        Assert.Equal(OutboxStates.Disabled, status.State);
        var items = Pending(outbox);
        // Upload order: audit, then review, then auto-labeled; oldest decision first within each.
        Assert.Equal([Id(4), Id(2), Id(6), Id(1), Id(3), Id(7)], items.Select(i => i.Id));
        Assert.Equal([4L, 2L, 6L, 1L, 3L, 7L], items.Select(i => i.DecisionSequenceNr));
        Assert.Equal(6, await EnqueuedItemsPersisted());
    }

    [Fact]
    public async Task Outbox_restart_neither_duplicates_nor_loses_items()
    {
        var journal = Sys.ActorOf(DecisionJournal.Props(Site));
        Record(journal, Decided(1, RouteKind.Review), Decided(2), Decided(3, RouteKind.Audit));
        var outbox = Sys.ActorOf(OutboxProps());
        AwaitAssert(() => Assert.Equal(3, Status(outbox).ProjectedUpTo), Patience);
        Stop(outbox);

        // Decided while the outbox was down, plus one after it is back.
        Record(journal, Decided(4, RouteKind.Review), Decided(5));
        var restarted = Sys.ActorOf(OutboxProps());
        AwaitAssert(() => Assert.Equal(5, Status(restarted).ProjectedUpTo), Patience);
        Record(journal, Decided(6, RouteKind.Audit));
        AwaitAssert(() => Assert.Equal(6, Status(restarted).ProjectedUpTo), Patience);

        var items = Pending(restarted);
        Assert.Equal([Id(3), Id(6), Id(1), Id(4), Id(2), Id(5)], items.Select(i => i.Id));
        var status = Status(restarted);
        Assert.Equal((6, 2, 2, 2), (status.Depth, status.Review, status.Audit, status.AutoLabeled));
        Assert.Equal(6, await EnqueuedItemsPersisted());

        // And a second restart with nothing new changes nothing.
        Stop(restarted);
        var third = Sys.ActorOf(OutboxProps());
        AwaitAssert(() => Assert.Equal(6, Status(third).ProjectedUpTo), Patience);
        Assert.Equal(6, Status(third).Depth);
        Assert.Equal(6, await EnqueuedItemsPersisted());
    }
}
