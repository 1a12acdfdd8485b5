using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using EdgeLabel.Actors;
using EdgeLabel.Actors.Camera;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Pipeline;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Actors.Spool;
using EdgeLabel.Actors.Upload;
using EdgeLabel.Storage;
using EdgeLabel.Tests.Support;
using static EdgeLabel.Tests.Support.Samples;

namespace EdgeLabel.Tests.Spool;

/// <summary><c>spool.on-full = drop-oldest-auto</c>: a new image that does not fit makes the outbox drop the oldest
/// pending auto-labeled items (persisted, counted, files gone); audit and review are never dropped, and with only
/// them left the camera waits (HTTP: 507) exactly as under reject-new.</summary>
public sealed class DropOldestAutoSpecs(ITestOutputHelper output) : OutboxSpec(output)
{
    private const string Site = "site-t";
    private const int Size = 1000;
    private readonly TempDirectory _dir = new("drop-oldest-auto");

    private ImageSpool OpenSpool(long quota) => new(_dir.File("spool"), fsync: false, quota, SpoolOnFull.DropOldestAuto);

    // Uploads off: nothing drains by itself, so only the quota frees space (and nothing is ever in flight).
    private Props OutboxProps(ImageSpool spool) => Actors.Outbox.Outbox.Props(Site, UploadSettings.Default with { Enabled = false },
        new StoreSettings("local", "edgelabel", "p", _dir.Path, S3StoreSettings.ForAws("us-east-1")), null, spool, TimeProvider.System);

    /// <summary>Decides images 1..n with the given routes, spools their bytes, and waits until the outbox holds them.</summary>
    private async Task<IActorRef> FillAsync(ImageSpool spool, params RouteKind[] routes)
    {
        var journal = Sys.ActorOf(DecisionJournal.Props(Site));
        var decisions = routes.Select((route, i) => Decided(i + 1, route, Size)).ToArray();
        foreach (var d in decisions)
            await spool.StoreAsync(d.Id, d.Source.Extension, new byte[d.Source.SizeBytes], TestContext.Current.CancellationToken);
        journal.Tell(new RecordDecisions(decisions), TestActor);
        Assert.Equal(decisions.Length, ExpectMsg<DecisionsRecorded>(Patience).Recorded.Count);
        var outbox = Sys.ActorOf(OutboxProps(spool), "outbox");
        AwaitAssert(() => Assert.Equal(decisions.Length, Status(outbox).Depth), Patience);
        return outbox;
    }

    private HashSet<ContentId> PendingIds(IActorRef outbox)
    {
        outbox.Tell(GetPendingItems.Instance, TestActor);
        return ExpectMsg<PendingItems>(Patience).Items.Select(i => i.Id).ToHashSet();
    }

    private async Task<List<OutboxBytesDropped>> DropsPersisted()
    {
        var query = PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        return await query.CurrentEventsByPersistenceId($"outbox-{Site}", 0, long.MaxValue)
            .Where(e => e.Event is OutboxBytesDropped).Select(e => (OutboxBytesDropped)e.Event)
            .RunWith(Sink.Seq<OutboxBytesDropped>(), Sys.Materializer()).ContinueWith(t => t.Result.ToList());
    }

    private static byte[] NewImage(int n, int size) => RejectNewSpecs.Jpeg(1000 + n, size);

    [Fact]
    public async Task A_new_image_that_does_not_fit_drops_the_oldest_auto_labeled_items_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var spool = OpenSpool(8 * Size);
        // Ids 1..8 in decision order: review and audit ones are older than most auto-labeled ones.
        var routes = new[]
        {
            RouteKind.Review, RouteKind.AutoLabel, RouteKind.Audit, RouteKind.AutoLabel,
            RouteKind.AutoLabel, RouteKind.Review, RouteKind.AutoLabel, RouteKind.AutoLabel,
        };
        var outbox = await FillAsync(spool, routes);
        Assert.Equal(8 * Size, spool.UsedBytes);
        Assert.False(spool.HasRoomFor(1));

        var intake = new CameraIntake(Site, spool, new InFlightLimiter(8), TimeProvider.System, outbox);
        // 1.5 images' worth: the two oldest auto-labeled items (2 and 4) must go, nothing else.
        var admitted = await intake.AdmitAsync("gate", NewImage(1, Size + Size / 2), null, "new.jpg", ct).WaitAsync(Patience, ct);

        Assert.True(spool.Contains(admitted.Id, "jpg"));
        Assert.False(spool.Contains(Id(2), "jpg"));
        Assert.False(spool.Contains(Id(4), "jpg"));
        foreach (var kept in new[] { 1, 3, 5, 6, 7, 8 }) Assert.True(spool.Contains(Id(kept), "jpg"), $"image {kept} lost its spool file");
        Assert.Equal(6 * Size + Size + Size / 2, spool.UsedBytes);
        Assert.True(spool.UsedBytes <= spool.QuotaBytes);

        var pending = PendingIds(outbox);
        Assert.Equal(new[] { 1, 3, 5, 6, 7, 8 }.Select(Id).ToHashSet(), pending);
        var status = Status(outbox);
        Assert.Equal((6, 2, 1, 3, 2L), (status.Depth, status.Review, status.Audit, status.AutoLabeled, status.DroppedByQuota));

        var drop = Assert.Single(await DropsPersisted());
        Assert.Equal([Id(2), Id(4)], drop.Ids);
        Assert.Equal(DropReasons.SpoolQuota, drop.Reason);

        // A restarted outbox recovers the same state: the drop is neither undone nor counted twice.
        Watch(outbox);
        Sys.Stop(outbox);
        ExpectTerminated(outbox, Patience);
        var restarted = Sys.ActorOf(OutboxProps(spool), "outbox-again");
        AwaitAssert(() => Assert.Equal(8, Status(restarted).ProjectedUpTo), Patience);
        Assert.Equal(new[] { 1, 3, 5, 6, 7, 8 }.Select(Id).ToHashSet(), PendingIds(restarted));
        Assert.Equal(2L, Status(restarted).DroppedByQuota);
    }

    [Fact]
    public async Task With_only_review_and_audit_items_left_the_camera_waits_and_nothing_is_dropped()
    {
        var ct = TestContext.Current.CancellationToken;
        var spool = OpenSpool(4 * Size);
        var outbox = await FillAsync(spool, RouteKind.AutoLabel, RouteKind.Review, RouteKind.Audit, RouteKind.Review);
        var intake = new CameraIntake(Site, spool, new InFlightLimiter(8), TimeProvider.System, outbox);

        // The one auto-labeled item makes room for the first new image...
        var first = await intake.AdmitAsync("gate", NewImage(1, Size), null, "a.jpg", ct).WaitAsync(Patience, ct);
        Assert.False(spool.Contains(Id(1), "jpg"));
        Assert.Equal(1L, Status(outbox).DroppedByQuota);

        // ...then only review/audit items (and an undecided image) hold the spool: the next camera image waits.
        var second = intake.AdmitAsync("gate", NewImage(2, Size), null, "b.jpg", ct);
        await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
        Assert.False(second.IsCompleted);
        foreach (var kept in new[] { 2, 3, 4 }) Assert.True(spool.Contains(Id(kept), "jpg"));
        Assert.True(spool.Contains(first.Id, "jpg"));
        var status = Status(outbox);
        Assert.Equal((3, 2, 1, 0, 1L), (status.Depth, status.Review, status.Audit, status.AutoLabeled, status.DroppedByQuota));
        Assert.Single(await DropsPersisted());

        // The HTTP camera is refused with 507 meanwhile.
        var settling = Sink.ForEach<PendingImage>(p => p.Settle(new ImageOutcome(p.Id, OutcomeKind.Decided, RouteKind.Review, "test")))
            .MapMaterializedValue(_ => NotUsed.Instance);
        var http = Sys.ActorOf(HttpPushCamera.Props(new HttpCameraSettings("dock", 64 * 1024, 4), intake, settling));
        http.Tell(new SubmitImage(NewImage(3, Size), "c.jpg", null), TestActor);
        Assert.Equal(507, ExpectMsg<SubmitRefused>(Patience).StatusCode);
        Assert.False(second.IsCompleted);

        // A review image is uploaded and released: the waiting camera gets in.
        spool.Delete(Id(2), "jpg");
        var admitted = await second.WaitAsync(Patience, ct);
        Assert.True(spool.Contains(admitted.Id, "jpg"));
        Assert.Equal(4 * Size, spool.UsedBytes);
        Assert.Single(await DropsPersisted());
    }

    [Fact]
    public async Task Freeing_space_with_nothing_droppable_answers_at_once_with_nothing_freed()
    {
        var spool = OpenSpool(2 * Size);
        var outbox = await FillAsync(spool, RouteKind.Review, RouteKind.Audit);
        outbox.Tell(new FreeSpoolSpace(Size), TestActor);
        Assert.Equal(new SpoolSpaceFreed(0, 0), ExpectMsg<SpoolSpaceFreed>(Patience));
        Assert.Empty(await DropsPersisted());
        Assert.Equal(2 * Size, spool.UsedBytes);
    }

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        _dir.Dispose();
    }
}
