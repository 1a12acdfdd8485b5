using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Actors.Spool;
using EdgeLabel.Actors.Upload;
using EdgeLabel.Storage;
using EdgeLabel.Tests.Support;
using static EdgeLabel.Tests.Support.Samples;

namespace EdgeLabel.Tests.Delivery;

/// <summary>The edge's delivery queue against a probe standing in for the cluster link: records follow the outbox
/// journal in order, nothing is sent without a link, windows are bounded, acknowledgements are cumulative and
/// persisted, and after a restart or a silent link everything unacknowledged is sent again — never anything twice
/// that was acknowledged.</summary>
public sealed class CloudDeliverySpecs(ITestOutputHelper output) : OutboxSpec(output)
{
    private const string Site = "site-t";
    private static readonly StoreSettings Store = new("s3", "edgelabel", "p", Path.GetTempPath(), S3StoreSettings.ForAws("us-east-1"));
    private static readonly DeliverySettings Settings = DeliverySettings.Default with
    {
        BatchSize = 3, WindowBatches = 2, ResendAfter = TimeSpan.FromMilliseconds(1500),
    };

    private readonly TempDirectory _spoolDir = new("delivery-spool");
    private readonly CloudGateway _gateway = new();

    [Fact]
    public void Every_decided_image_becomes_one_image_record_in_sequence_order_with_its_deterministic_uri()
    {
        var link = CreateTestProbe();
        _gateway.Attach(link);
        var decided = Enumerable.Range(1, 5).Select(n => Decided(n, n == 2 ? RouteKind.Review : RouteKind.AutoLabel)).ToArray();
        Record(Journal(), decided);
        StartOutbox();
        StartDelivery();

        var first = link.ExpectMsg<DeliverRecords>(Patience);
        Assert.Equal(("default", Site), (first.Project, first.Site));
        Assert.Equal([1L, 2L, 3L], first.Records.Select(r => r.Seq));
        var second = link.ExpectMsg<DeliverRecords>(Patience);
        Assert.Equal([4L, 5L], second.Records.Select(r => r.Seq));
        var records = first.Records.Concat(second.Records).ToArray();
        Assert.All(records, r => Assert.Equal(SiteRecordKind.Image, r.Kind));
        Assert.Equal(decided.Select(d => d.Id), records.Select(r => r.Id));
        var review = records[1];
        Assert.Equal(RouteKind.Review, review.Route);
        Assert.Equal(decided[1].Boxes, review.Boxes);
        Assert.StartsWith($"s3://edgelabel/p/{Site}/gate/", review.ObjectUri);
        Assert.EndsWith($"{decided[1].Id.Value}.jpg", review.ObjectUri);
    }

    [Fact]
    public void Without_a_link_records_are_queued_and_persisted_but_not_sent_and_go_out_once_a_link_attaches()
    {
        Record(Journal(), Decided(1), Decided(2));
        StartOutbox();
        var delivery = StartDelivery();
        AwaitAssert(() =>
        {
            var status = DeliveryStatusOf(delivery);
            Assert.Equal((DeliveryStates.LinkDown, 2L, 2), (status.State, status.Queued, status.Pending));
        }, Patience);

        var link = CreateTestProbe();
        _gateway.Attach(link);
        var sent = link.ExpectMsg<DeliverRecords>(Patience);
        Assert.Equal([1L, 2L], sent.Records.Select(r => r.Seq));
    }

    [Fact]
    public void A_window_holds_at_most_window_batches_until_acknowledged_and_acks_are_cumulative_and_persisted()
    {
        var link = CreateTestProbe();
        _gateway.Attach(link);
        Record(Journal(), Enumerable.Range(1, 10).Select(n => (IDecisionEvent)Decided(n)).ToArray());
        StartOutbox();
        var delivery = StartDelivery();

        Assert.Equal(3, link.ExpectMsg<DeliverRecords>(Patience).Records[^1].Seq);
        Assert.Equal(6, link.ExpectMsg<DeliverRecords>(Patience).Records[^1].Seq);
        link.ExpectNoMsg(TimeSpan.FromMilliseconds(500)); // window of 2 batches is full

        delivery.Tell(new RecordsAcknowledged("default", Site, 6), link); // one ack covers both batches
        Assert.Equal([7L, 8L, 9L], link.ExpectMsg<DeliverRecords>(Patience).Records.Select(r => r.Seq));
        Assert.Equal([10L], link.ExpectMsg<DeliverRecords>(Patience).Records.Select(r => r.Seq));
        delivery.Tell(new RecordsAcknowledged("default", Site, 10), link);
        AwaitAssert(() => Assert.Equal((10L, 0), (DeliveryStatusOf(delivery).Acknowledged, DeliveryStatusOf(delivery).Pending)), Patience);

        // The acknowledgement is persisted: a restarted queue sends nothing already acknowledged.
        Stop(delivery);
        var restarted = StartDelivery();
        AwaitAssert(() => Assert.Equal((10L, 10L, 0), (DeliveryStatusOf(restarted).Queued, DeliveryStatusOf(restarted).Acknowledged, DeliveryStatusOf(restarted).Pending)), Patience);
        link.ExpectNoMsg(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Unacknowledged_records_are_sent_again_after_silence_and_after_a_restart_from_the_last_ack()
    {
        var link = CreateTestProbe();
        _gateway.Attach(link);
        Record(Journal(), Enumerable.Range(1, 5).Select(n => (IDecisionEvent)Decided(n)).ToArray());
        StartOutbox();
        var delivery = StartDelivery();
        link.ExpectMsg<DeliverRecords>(Patience);
        link.ExpectMsg<DeliverRecords>(Patience);
        delivery.Tell(new RecordsAcknowledged("default", Site, 2), link); // part of the first batch only

        // Silence: the lost rest is sent again from seq 3.
        var resent = link.ExpectMsg<DeliverRecords>(TimeSpan.FromSeconds(10));
        Assert.Equal(3, resent.Records[0].Seq);

        Stop(delivery);
        StartDelivery();
        var afterRestart = link.ExpectMsg<DeliverRecords>(Patience);
        Assert.Equal(3, afterRestart.Records[0].Seq);
    }

    [Fact]
    public void A_stale_or_impossible_acknowledgement_changes_nothing()
    {
        var link = CreateTestProbe();
        _gateway.Attach(link);
        Record(Journal(), Decided(1), Decided(2));
        StartOutbox();
        var delivery = StartDelivery();
        link.ExpectMsg<DeliverRecords>(Patience);
        delivery.Tell(new RecordsAcknowledged("default", Site, 2), link);
        delivery.Tell(new RecordsAcknowledged("default", Site, 1), link);   // stale
        delivery.Tell(new RecordsAcknowledged("default", Site, 999), link); // never sent
        delivery.Tell(new RecordsAcknowledged("default", "other-site", 2), link);
        AwaitAssert(() => Assert.Equal((2L, 0), (DeliveryStatusOf(delivery).Acknowledged, DeliveryStatusOf(delivery).Pending)), Patience);
    }

    [Fact]
    public void A_refusal_keeps_the_records_reports_the_reason_and_stops_sending_until_the_retry()
    {
        var link = CreateTestProbe();
        _gateway.Attach(link);
        Record(Journal(), Decided(1));
        StartOutbox();
        var delivery = StartDelivery();
        link.ExpectMsg<DeliverRecords>(Patience);
        delivery.Tell(new RecordsRejected("default", Site, "unknown project 'default'"), link);
        AwaitAssert(() =>
        {
            var status = DeliveryStatusOf(delivery);
            Assert.Equal((DeliveryStates.Rejected, 1), (status.State, status.Pending));
            Assert.Contains("unknown project", status.LastError);
        }, Patience);
        link.ExpectNoMsg(TimeSpan.FromSeconds(2.5)); // retry-rejected-after is 30 s
    }

    [Fact]
    public async Task An_uploaded_review_or_audit_image_gets_one_review_notice_with_its_object_uri_and_auto_images_none()
    {
        var link = CreateTestProbe();
        _gateway.Attach(link);
        var decided = new[] { Decided(1, RouteKind.Review), Decided(2), Decided(3, RouteKind.Audit) };
        var spool = new ImageSpool(_spoolDir.Path, fsync: false);
        await SpoolImages(spool, decided);
        var store = new FakeObjectStore();
        Record(Journal(), decided);
        Sys.ActorOf(Actors.Outbox.Outbox.Props(Site, UploadSettings.Default, Store, store, spool, TimeProvider.System));
        var delivery = StartDelivery();

        var records = new List<SiteRecord>();
        AwaitAssert(() =>
        {
            while (link.HasMessages)
            {
                var batch = link.ExpectMsg<DeliverRecords>();
                records.AddRange(batch.Records);
                delivery.Tell(new RecordsAcknowledged("default", Site, batch.Records[^1].Seq), link);
            }
            Assert.Equal(5, records.Count);
        }, Patience);

        Assert.Equal(Enumerable.Range(1, 5).Select(n => (long)n), records.Select(r => r.Seq));
        var notices = records.Where(r => r.Kind == SiteRecordKind.ReviewNotice).ToArray();
        Assert.Equal(new[] { decided[0].Id, decided[2].Id }.Order(), notices.Select(n => n.Id).Order());
        Assert.All(notices, n => Assert.Equal(records.Single(r => r.Kind == SiteRecordKind.Image && r.Id == n.Id).ObjectUri, n.ObjectUri));
        Assert.All(notices, n => Assert.NotNull(store.ContentOf(ObjectUri.Parse(n.ObjectUri))));
        link.ExpectNoMsg(TimeSpan.FromSeconds(1.5));
        Assert.Equal(0, DeliveryStatusOf(delivery).AwaitingUpload);
    }

    [Fact]
    public async Task A_backlog_is_queued_as_many_small_events_covering_every_record_once_in_order()
    {
        Record(Journal(), Enumerable.Range(1, 1500).Select(n => (IDecisionEvent)Decided(n)).ToArray());
        StartOutbox();
        var delivery = StartDelivery();
        AwaitAssert(() => Assert.Equal(1500L, DeliveryStatusOf(delivery).Queued), Patience);

        var query = PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var events = await query.CurrentEventsByPersistenceId(CloudDelivery.PersistenceIdFor(Site), 0, long.MaxValue)
            .Where(e => e.Event is DeliveryRecordsQueued).Select(e => (DeliveryRecordsQueued)e.Event)
            .RunWith(Sink.Seq<DeliveryRecordsQueued>(), Sys.Materializer())
            .WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.True(events.Count >= 3, $"{events.Count} event(s) for 1,500 records");
        Assert.All(events, e => Assert.True(e.Records.Count < 1000, $"an event of {e.Records.Count} records"));
        Assert.Equal(Enumerable.Range(1, 1500).Select(n => (long)n), events.SelectMany(e => e.Records).Select(r => r.Seq));
        Assert.Equal(events.Select(e => e.OutboxUpTo).Order(), events.Select(e => e.OutboxUpTo));
    }

    private IActorRef Journal() => Sys.ActorOf(DecisionJournal.Props(Site));

    // No store: the outbox only projects decisions (what the delivery queue reads); uploads are another spec's subject.
    private IActorRef StartOutbox() =>
        Sys.ActorOf(Actors.Outbox.Outbox.Props(Site, UploadSettings.Default with { Enabled = false }, Store, null,
            new ImageSpool(_spoolDir.Path, fsync: false), TimeProvider.System));

    private IActorRef StartDelivery() => Sys.ActorOf(CloudDelivery.Props(Site, Settings, Store, _gateway, TimeProvider.System));

    private DeliveryStatus DeliveryStatusOf(IActorRef delivery)
    {
        delivery.Tell(GetDeliveryStatus.Instance, TestActor);
        return ExpectMsg<DeliveryStatus>(Patience);
    }

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        _spoolDir.Dispose();
    }
}
