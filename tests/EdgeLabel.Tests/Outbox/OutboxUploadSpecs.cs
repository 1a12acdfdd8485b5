using System.Globalization;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using EdgeLabel.Actors;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Actors.Spool;
using EdgeLabel.Actors.Upload;
using EdgeLabel.Storage;
using EdgeLabel.Tests.Support;
using static EdgeLabel.Tests.Support.Samples;

namespace EdgeLabel.Tests.Outbox;

/// <summary>The outbox draining decided images into an object store (a steerable fake): keys, descriptions, priority,
/// transient failures and link-down probing, refusal and pause, missing spool files, restarts, bandwidth and window.</summary>
public sealed class OutboxUploadSpecs(ITestOutputHelper output) : OutboxSpec(output)
{
    private const string Site = "site-t";
    private const string Bucket = "edgelabel";
    private const string Prefix = "p";

    /// <summary>Small delays so backoff, probing and link-down happen within a spec.</summary>
    private static readonly UploadSettings Fast = UploadSettings.Default with
    {
        BackoffBase = TimeSpan.FromMilliseconds(20),
        BackoffCap = TimeSpan.FromMilliseconds(200),
        ProbeInterval = TimeSpan.FromMilliseconds(200),
        FailuresBeforeLinkDown = 3,
        Concurrency = 2,
    };

    private static readonly StoreSettings Store = new("s3", Bucket, Prefix, Path.GetTempPath(), S3StoreSettings.ForAws("us-east-1"));

    private readonly TempDirectory _spoolDir = new("outbox-spool");
    private ImageSpool? _spool;

    private ImageSpool Spool => _spool ??= new ImageSpool(_spoolDir.Path, fsync: false);

    [Fact]
    public async Task Every_decided_image_is_uploaded_once_under_its_key_with_its_description_as_metadata_and_its_spool_file_goes_once_the_upload_is_persisted()
    {
        var decided = new[]
        {
            Decided(1, RouteKind.Audit, size: 1500), Decided(2, RouteKind.Review, size: 2500), Decided(3, size: 3500),
            Decided(4, RouteKind.Review, size: 700), Decided(5, size: 10),
        };
        await SpoolImages(decided);
        var store = new FakeObjectStore();
        Record(Journal(), decided);

        var outbox = StartOutbox(store, Fast);
        AwaitAssert(() =>
        {
            var s = Status(outbox);
            Assert.Equal((5L, 0), (s.Uploaded, s.Depth));
        }, Patience);
        AwaitAssert(() => Assert.All(decided, d => Assert.False(Spool.Contains(d.Id, "jpg"), $"spool file of {d.Id.Short} still there")), Patience);
        // The spool file of each image is gone: the confirmation that allowed it must already be in the journal.
        var uploaded = (await OutboxEvents()).OfType<OutboxItemsUploaded>().SelectMany(e => e.Objects).ToList();
        Assert.Equal(decided.Select(d => d.Id).Order(), uploaded.Select(o => o.Id).Order());
        Assert.All(decided, d => Assert.Equal($"s3://{Bucket}/{ImageKey(d)}", uploaded.Single(o => o.Id == d.Id).ObjectUri));

        var status = Status(outbox);
        Assert.Equal(OutboxStates.Running, status.State);
        Assert.Equal((5L, decided.Sum(d => d.Source.SizeBytes), 0, 0), (status.Uploaded, status.UploadedBytes, status.FailedPermanently, status.InFlight));
        Assert.Null(status.LastError);
        Assert.NotNull(status.LastUploadAt);

        // One put per image (its description fits the metadata), none failed, none repeated.
        Assert.Equal(5, store.Attempts.Count);
        Assert.Equal(5, store.Stored.Select(p => p.Uri.Key).Distinct().Count());
        foreach (var d in decided)
        {
            var image = store.Stored.Single(p => p.Uri.Key == ImageKey(d));
            Assert.Equal(Bucket, image.Uri.Bucket);
            Assert.Equal(BytesOf(d), image.Bytes);
            Assert.Equal("image/jpeg", image.ContentType);
            Assert.Equal([ImageDescription.MetadataKey], image.Metadata.Keys);

            var json = JsonNode.Parse(image.Metadata[ImageDescription.MetadataKey])!;
            Assert.Equal(d.Id.Value, (string?)json["content-id"]);
            Assert.Equal(Site, (string?)json["site"]);
            Assert.Equal("gate", (string?)json["camera"]);
            Assert.Equal(d.Route.ToString().ToLowerInvariant(), (string?)json["route"]);
            Assert.Equal(Model.Id, (string?)json["model"]!["id"]);
            Assert.Equal(Model.Version, (string?)json["model"]!["version"]);
            Assert.Equal(Model.Sha256, (string?)json["model"]!["sha256"]);
            Assert.Equal(d.Source.CapturedAt, DateTimeOffset.Parse((string)json["captured-at"]!, CultureInfo.InvariantCulture));
            Assert.Equal(640, (int)json["pre-annotations"]!["image_size"]![0]!["width"]!);
            Assert.Equal(480, (int)json["pre-annotations"]!["image_size"]![0]!["height"]!);
            var box = json["pre-annotations"]!["annotations"]!.AsArray().Single()!;
            // Samples: DecidedBox(0, "face", 0.9, left 1, top 2, width 30, height 40, accept 0.7, reject 0.4)
            Assert.Equal((0, 1.0, 2.0, 30.0, 40.0),
                ((int)box["class_id"]!, (double)box["left"]!, (double)box["top"]!, (double)box["width"]!, (double)box["height"]!));
            var confidence = (double)json["pre-annotations-metadata"]!["objects"]!.AsArray().Single()!["confidence"]!;
            Assert.Equal(0.9, confidence, precision: 4);
            Assert.Equal("face", (string?)json["pre-annotations-metadata"]!["class-map"]!["0"]);
        }

        // Releasing the spool files is recorded too, so a restart does not try again.
        await AwaitAssertAsync(async () =>
            Assert.Equal(decided.Select(d => d.Id).Order(), (await OutboxEvents()).OfType<OutboxSpoolReleased>().SelectMany(e => e.Ids).Order()), Patience);
    }

    [Fact]
    public async Task An_image_whose_description_exceeds_the_2_KB_of_metadata_gets_a_sidecar_after_it_that_its_metadata_names()
    {
        // 40 boxes: about 4 KB of description, twice what S3 takes as metadata.
        var boxes = Enumerable.Range(0, 40).Select(i => new DecidedBox(i % 3, $"class-{i % 3}", 0.5f + i / 100f, i, 2 * i, 30, 40, 0.7f, 0.4f)).ToArray();
        var crowded = Decided(1, RouteKind.Review) with { Boxes = boxes };
        var plain = Decided(2, RouteKind.Review);
        await SpoolImages(crowded, plain);
        var store = new FakeObjectStore();
        Record(Journal(), crowded, plain);

        var outbox = StartOutbox(store, Fast with { Concurrency = 1 });
        AwaitAssert(() => Assert.Equal((2L, 0), (Status(outbox).Uploaded, Status(outbox).Depth)), Patience);

        var keys = store.Attempts.Select(a => a.Uri.Key).ToList();
        Assert.Equal([ImageKey(crowded), SidecarKey(crowded), ImageKey(plain)], keys); // the sidecar right after its image
        var image = store.Stored.Single(p => p.Uri.Key == ImageKey(crowded));
        Assert.Equal(new Dictionary<string, string> { [ImageDescription.SidecarMetadataKey] = $"s3://{Bucket}/{SidecarKey(crowded)}" }, image.Metadata);
        var sidecar = store.Stored.Single(p => p.Uri.Key == SidecarKey(crowded));
        Assert.Equal("application/json", sidecar.ContentType);
        var json = JsonNode.Parse(sidecar.Bytes)!;
        Assert.Equal($"s3://{Bucket}/{ImageKey(crowded)}", (string?)json["source-ref"]);
        Assert.Equal(crowded.Id.Value, (string?)json["content-id"]);
        Assert.Equal(40, json["pre-annotations"]!["annotations"]!.AsArray().Count);
        Assert.Equal(40, json["pre-annotations-metadata"]!["objects"]!.AsArray().Count);
        Assert.Equal(["0", "1", "2"], json["pre-annotations-metadata"]!["class-map"]!.AsObject().Select(p => p.Key).Order());
        Assert.True(store.Stored.Single(p => p.Uri.Key == ImageKey(plain)).Metadata.ContainsKey(ImageDescription.MetadataKey));
    }

    [Fact]
    public async Task Audit_images_leave_before_review_images_and_review_images_before_auto_labeled_ones()
    {
        var decided = new[]
        {
            Decided(1), Decided(2, RouteKind.Review), Decided(3, RouteKind.Audit), Decided(4), Decided(5, RouteKind.Review),
            Decided(6, RouteKind.Audit), Decided(7), Decided(8, RouteKind.Audit), Decided(9, RouteKind.Review),
        };
        await SpoolImages(decided);
        // Everything is decided before the outbox starts, so the whole backlog is known when it picks the order.
        Record(Journal(), decided);
        var store = new FakeObjectStore().DelayPuts(TimeSpan.FromMilliseconds(30));

        var outbox = StartOutbox(store, Fast with { Concurrency = 1 });
        AwaitAssert(() => Assert.Equal(9L, Status(outbox).Uploaded), Patience);

        int[] expected = [3, 6, 8, 2, 5, 9, 1, 4, 7]; // audit, review, auto; oldest decision first within each
        Assert.Equal(expected.Select(n => ImageKey(decided[n - 1])), ImagePuts(store).Select(p => p.Uri.Key));
    }

    [Fact]
    public async Task With_auto_labeled_uploads_off_auto_labeled_images_stay_pending_while_audit_and_review_ones_leave()
    {
        var decided = new[]
        {
            Decided(1, RouteKind.Audit), Decided(2), Decided(3, RouteKind.Review), Decided(4), Decided(5, RouteKind.Review),
        };
        await SpoolImages(decided);
        var store = new FakeObjectStore();
        Record(Journal(), decided);

        var outbox = StartOutbox(store, Fast with { UploadAutoLabeled = false });
        AwaitAssert(() => Assert.Equal(3L, Status(outbox).Uploaded), Patience);
        await Settle();

        var status = Status(outbox);
        Assert.Equal((2, 2, 0, 0, 3L, 0), (status.Depth, status.AutoLabeled, status.Audit, status.Review, status.Uploaded, status.InFlight));
        Assert.Equal(OutboxStates.Running, status.State);
        Assert.Equal([Id(2), Id(4)], Pending(outbox).Select(i => i.Id));
        Assert.Equal(new[] { 1, 3, 5 }.Select(n => ImageKey(decided[n - 1])).Order(), ImagePuts(store).Select(p => p.Uri.Key).Order());
        Assert.True(Spool.Contains(Id(2), "jpg") && Spool.Contains(Id(4), "jpg"), "pending auto-labeled images keep their spool files");
    }

    [Fact]
    public async Task A_few_transient_failures_are_retried_and_every_image_is_still_stored_exactly_once()
    {
        var decided = Enumerable.Range(1, 6).Select(n => Decided(n, RouteKind.Review)).ToArray();
        await SpoolImages(decided);
        var store = new FakeObjectStore().FailNextPuts(2); // fewer than FailuresBeforeLinkDown
        Record(Journal(), decided);

        var outbox = StartOutbox(store, Fast);
        AwaitAssert(() =>
        {
            var s = Status(outbox);
            Assert.Equal((6L, 0), (s.Uploaded, s.Depth));
        }, Patience);

        Assert.Equal(2, store.Attempts.Count(a => !a.Stored));
        Assert.All(store.Attempts.Where(a => !a.Stored), a => Assert.Equal("ServiceUnavailable", a.Error));
        AssertStoredExactlyOnce(store, decided);
        var status = Status(outbox);
        Assert.Equal((OutboxStates.Running, 0), (status.State, status.FailedPermanently));
        AwaitAssert(() => Assert.All(decided, d => Assert.False(Spool.Contains(d.Id, "jpg"))), Patience);
    }

    [Fact]
    public async Task A_run_of_transient_failures_takes_the_link_down_and_the_queue_drains_once_a_probe_finds_the_store_again()
    {
        var decided = Enumerable.Range(1, 6).Select(n => Decided(n, n % 2 == 0 ? RouteKind.Review : RouteKind.Audit)).ToArray();
        await SpoolImages(decided);
        var store = new FakeObjectStore().FailAllPuts(FakeObjectStore.PutFailure.Transient);
        Record(Journal(), decided);

        var outbox = StartOutbox(store, Fast);
        AwaitAssert(() => Assert.Equal(OutboxStates.LinkDown, Status(outbox).State), Patience);
        Assert.True(store.Attempts.Count >= Fast.FailuresBeforeLinkDown, $"link down after {store.Attempts.Count} failed put(s)");
        AwaitAssert(() => Assert.True(store.Probes >= 2, $"{store.Probes} probe(s)"), Patience);
        var down = Status(outbox);
        Assert.Equal(OutboxStates.LinkDown, down.State);
        Assert.Contains("ServiceUnavailable", down.LastError);
        Assert.Equal((6, 0L, 0), (down.Depth, down.Uploaded, down.FailedPermanently));
        Assert.Empty(store.Stored);

        store.Heal();
        AwaitAssert(() =>
        {
            var s = Status(outbox);
            Assert.Equal((OutboxStates.Running, 6L, 0), (s.State, s.Uploaded, s.Depth));
        }, Patience);
        AssertStoredExactlyOnce(store, decided);
        Assert.Equal(0, Status(outbox).FailedPermanently);
        AwaitAssert(() => Assert.All(decided, d => Assert.False(Spool.Contains(d.Id, "jpg"))), Patience);
    }

    [Fact]
    public async Task While_the_link_is_down_the_store_is_probed_once_per_probe_interval_not_on_every_tick()
    {
        var decided = Enumerable.Range(1, 3).Select(n => Decided(n, RouteKind.Review)).ToArray();
        await SpoolImages(decided);
        var store = new FakeObjectStore().FailAllPuts(FakeObjectStore.PutFailure.Transient);
        // The outbox's clock stands still, so however many one-second ticks pass, no probe interval does.
        var clock = new ManualClock(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        Record(Journal(), decided);

        var outbox = StartOutbox(store, Fast with { ProbeInterval = TimeSpan.FromMinutes(1) }, clock);
        AwaitAssert(() => Assert.Equal(OutboxStates.LinkDown, Status(outbox).State), Patience);
        AwaitAssert(() => Assert.Equal(1, store.Probes), Patience);
        await Settle();
        Assert.Equal(1, store.Probes);

        clock.Advance(TimeSpan.FromMinutes(1));
        AwaitAssert(() => Assert.Equal(2, store.Probes), Patience);
        store.Heal();
        clock.Advance(TimeSpan.FromMinutes(1));
        AwaitAssert(() =>
        {
            var s = Status(outbox);
            Assert.Equal((OutboxStates.Running, 3L, 0), (s.State, s.Uploaded, s.Depth));
        }, Patience);
        AssertStoredExactlyOnce(store, decided);
    }

    [Theory]
    [InlineData(FakeObjectStore.PutFailure.Transient, OutboxStates.LinkDown)]
    [InlineData(FakeObjectStore.PutFailure.AccessDenied, OutboxStates.Paused)]
    public async Task When_puts_work_again_but_the_bucket_probe_still_fails_a_trial_upload_resumes_the_outbox(
        FakeObjectStore.PutFailure failure, string stalledState)
    {
        // HeadBucket can fail where PUTs work: s3:PutObject-only credentials, or s3rver after a crash (HEAD bucket 500).
        var decided = Enumerable.Range(1, 5).Select(n => Decided(n, RouteKind.Review)).ToArray();
        await SpoolImages(decided);
        var store = new FakeObjectStore().FailAllPuts(failure);
        Record(Journal(), decided);

        var outbox = StartOutbox(store, Fast);
        AwaitAssert(() => Assert.Equal(stalledState, Status(outbox).State), Patience);
        var attemptsWhileDown = store.Attempts.Count;
        AwaitAssert(() => Assert.True(store.Attempts.Count >= attemptsWhileDown + 2, "trial uploads while stalled"), Patience);
        Assert.Empty(store.Stored);

        store.Heal().AnswerProbes(false);
        AwaitAssert(() =>
        {
            var s = Status(outbox);
            Assert.Equal((OutboxStates.Running, 5L, 0), (s.State, s.Uploaded, s.Depth));
        }, Patience);
        AssertStoredExactlyOnce(store, decided);
        Assert.Equal(0, Status(outbox).FailedPermanently);
    }

    [Fact]
    public async Task A_store_that_refuses_uploads_pauses_the_outbox_without_dropping_anything_and_a_fixed_store_resumes_it()
    {
        var decided = Enumerable.Range(1, 5).Select(n => Decided(n, RouteKind.Review)).ToArray();
        await SpoolImages(decided);
        var store = new FakeObjectStore().FailAllPuts(FakeObjectStore.PutFailure.AccessDenied);
        Record(Journal(), decided);

        var outbox = StartOutbox(store, Fast);
        AwaitAssert(() => Assert.Equal(OutboxStates.Paused, Status(outbox).State), Patience);
        AwaitAssert(() => Assert.True(store.Probes >= 2, $"{store.Probes} probe(s)"), Patience);
        var paused = Status(outbox);
        Assert.True(paused.Paused);
        Assert.Contains("AccessDenied", paused.LastError);
        Assert.Equal((5, 0L, 0), (paused.Depth, paused.Uploaded, paused.FailedPermanently));
        Assert.Empty(store.Stored);
        Assert.Empty((await OutboxEvents()).OfType<OutboxItemsFailed>());
        Assert.All(decided, d => Assert.True(Spool.Contains(d.Id, "jpg")));

        store.Heal();
        AwaitAssert(() =>
        {
            var s = Status(outbox);
            Assert.Equal((OutboxStates.Running, 5L, 0), (s.State, s.Uploaded, s.Depth));
        }, Patience);
        AssertStoredExactlyOnce(store, decided);
        Assert.Equal(0, Status(outbox).FailedPermanently);
    }

    [Fact]
    public async Task An_image_whose_spool_file_is_missing_fails_permanently_and_the_others_still_leave()
    {
        var decided = Enumerable.Range(1, 4).Select(n => Decided(n, RouteKind.Review)).ToArray();
        await SpoolImages(decided.Where(d => d.Id != Id(2)).ToArray());
        var store = new FakeObjectStore();
        Record(Journal(), decided);

        var outbox = StartOutbox(store, Fast);
        AwaitAssert(() =>
        {
            var s = Status(outbox);
            Assert.Equal((3L, 1, 0), (s.Uploaded, s.FailedPermanently, s.Depth));
        }, Patience);

        var failed = (await OutboxEvents()).OfType<OutboxItemsFailed>().SelectMany(e => e.Items).Single();
        Assert.Equal((Id(2), "spool-file-missing"), (failed.Id, failed.Reason));
        Assert.DoesNotContain(store.Attempts, a => a.Uri.Key.Contains(Id(2).Value));
        AssertStoredExactlyOnce(store, decided.Where(d => d.Id != Id(2)).ToArray());
        Assert.Equal(OutboxStates.Running, Status(outbox).State);
    }

    [Fact]
    public async Task An_exception_no_store_should_throw_is_retried_and_does_not_stop_the_upload_lane()
    {
        var decided = Enumerable.Range(1, 4).Select(n => Decided(n, RouteKind.Review)).ToArray();
        await SpoolImages(decided);
        var thrown = 0;
        var store = new FakeObjectStore().ThrowFor(uri =>
            uri.Key == ImageKey(decided[0]) && Interlocked.Increment(ref thrown) == 1 ? new InvalidOperationException("fake store bug") : null);
        Record(Journal(), decided);

        var outbox = StartOutbox(store, Fast with { Concurrency = 1 });
        AwaitAssert(() =>
        {
            var s = Status(outbox);
            Assert.Equal((4L, 0, 0), (s.Uploaded, s.Depth, s.FailedPermanently));
        }, Patience);
        Assert.Equal("InvalidOperationException", store.Attempts.Single(a => !a.Stored).Error);
        AssertStoredExactlyOnce(store, decided);
    }

    [Fact]
    public async Task An_upload_the_store_rejects_as_an_invalid_argument_fails_permanently_and_the_others_still_leave()
    {
        var decided = Enumerable.Range(1, 4).Select(n => Decided(n, RouteKind.Review)).ToArray();
        await SpoolImages(decided);
        var store = new FakeObjectStore().ThrowFor(uri =>
            uri.Key == ImageKey(decided[1]) ? new ArgumentException("fake store: metadata value must be printable ASCII", "metadata") : null);
        Record(Journal(), decided);

        var outbox = StartOutbox(store, Fast with { Concurrency = 1 });
        AwaitAssert(() =>
        {
            var s = Status(outbox);
            Assert.Equal((3L, 1, 0), (s.Uploaded, s.FailedPermanently, s.Depth));
        }, Patience);
        var failed = (await OutboxEvents()).OfType<OutboxItemsFailed>().SelectMany(e => e.Items).Single();
        Assert.Equal(Id(2), failed.Id);
        Assert.Contains("printable ASCII", failed.Reason);
        Assert.Single(store.Attempts, a => a.Uri.Key == ImageKey(decided[1])); // never retried
        AssertStoredExactlyOnce(store, decided.Where(d => d.Id != Id(2)).ToArray());
        Assert.True(Spool.Contains(Id(2), "jpg"), "a failed item keeps its spool file for the operator");
    }

    [Fact]
    public async Task A_restarted_outbox_uploads_what_was_left_and_never_uploads_a_confirmed_image_again()
    {
        var decided = Enumerable.Range(1, 10).Select(n => Decided(n, RouteKind.Review)).ToArray();
        await SpoolImages(decided);
        var store = new FakeObjectStore().DelayPuts(TimeSpan.FromMilliseconds(100));
        Record(Journal(), decided);

        var first = StartOutbox(store, Fast with { Concurrency = 1 });
        AwaitAssert(() => Assert.True(Status(first).Uploaded >= 3), Patience);
        Stop(first);
        var confirmed = (await OutboxEvents()).OfType<OutboxItemsUploaded>().SelectMany(e => e.Objects).Select(o => o.Id).ToHashSet();
        Assert.InRange(confirmed.Count, 3, 9); // mid-drain: some confirmed, some not

        store.DelayPuts(TimeSpan.Zero);
        var second = StartOutbox(store, Fast with { Concurrency = 1 });
        AwaitAssert(() =>
        {
            var s = Status(second);
            Assert.Equal((10L, 0), (s.Uploaded, s.Depth));
        }, Patience);
        AwaitAssert(() => Assert.All(decided, d => Assert.False(Spool.Contains(d.Id, "jpg"), $"spool file of {d.Id.Short} still there")), Patience);

        var images = ImagePuts(store);
        foreach (var d in decided.Where(d => confirmed.Contains(d.Id)))
            Assert.Equal(1, images.Count(p => p.Uri.Key == ImageKey(d)));
        // An upload in flight at the stop may be repeated, but only to the same key with the same bytes.
        Assert.Equal(decided.Select(ImageKey).Order(), images.Select(p => p.Uri.Key).Distinct().Order());
        Assert.DoesNotContain(store.Stored, p => p.Uri.Key.EndsWith(".json", StringComparison.Ordinal));
        Assert.All(images, p => Assert.Equal(BytesOf(decided.Single(d => ImageKey(d) == p.Uri.Key)), p.Bytes));
        // Repeated: only what was unconfirmed at the stop (the upload in flight, or one done whose confirmation still
        // waited for its batch write), and each of those at most once.
        Assert.All(decided.Where(d => !confirmed.Contains(d.Id)), d => Assert.InRange(images.Count(p => p.Uri.Key == ImageKey(d)), 1, 2));
        Assert.Equal(10, (await OutboxEvents()).OfType<OutboxItemsUploaded>().SelectMany(e => e.Objects).Select(o => o.Id).Distinct().Count());
    }

    [Fact]
    public async Task The_bandwidth_budget_spreads_uploads_out_over_time()
    {
        const int size = 100_000;
        var decided = Enumerable.Range(1, 10).Select(n => Decided(n, RouteKind.Review, size)).ToArray();
        await SpoolImages(decided);
        var store = new FakeObjectStore();
        Record(Journal(), decided);

        // 200 kB/s with a burst of at most 200 kB: ten 100 kB images need about four seconds after the first two.
        var outbox = StartOutbox(store, Fast with { BytesPerSecond = 200_000, BurstBytes = size });
        AwaitAssert(() => Assert.Equal(10L, Status(outbox).Uploaded), Patience);

        var images = ImagePuts(store);
        Assert.Equal(10, images.Count);
        var spread = images.Max(p => p.Elapsed) - images.Min(p => p.Elapsed);
        Assert.True(spread >= TimeSpan.FromSeconds(3.5), $"10 x 100 kB at 200 kB/s were put within {spread.TotalSeconds:F2} s");
    }

    [Fact]
    public async Task Outside_its_daily_window_the_outbox_uploads_nothing_and_it_starts_when_the_window_opens()
    {
        var decided = new[] { Decided(1, RouteKind.Audit), Decided(2, RouteKind.Review), Decided(3) };
        await SpoolImages(decided);
        var store = new FakeObjectStore();
        var clock = new ManualClock(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        Record(Journal(), decided);

        var outbox = StartOutbox(store, Fast with { Window = DailyWindow.Parse("22:00-06:00") }, clock);
        AwaitAssert(() =>
        {
            var s = Status(outbox);
            Assert.Equal((3L, OutboxStates.OutsideWindow), (s.ProjectedUpTo, s.State));
        }, Patience);
        await Settle();

        var closed = Status(outbox);
        Assert.Equal((OutboxStates.OutsideWindow, 3, 0L, 0), (closed.State, closed.Depth, closed.Uploaded, closed.InFlight));
        Assert.Empty(store.Attempts);

        clock.Now = new DateTimeOffset(2025, 3, 1, 23, 0, 0, TimeSpan.Zero);
        AwaitAssert(() =>
        {
            var s = Status(outbox);
            Assert.Equal((OutboxStates.Running, 3L, 0), (s.State, s.Uploaded, s.Depth));
        }, Patience);
        AssertStoredExactlyOnce(store, decided);
    }

    // ---- helpers

    private IActorRef Journal() => Sys.ActorOf(DecisionJournal.Props(Site));

    private IActorRef StartOutbox(FakeObjectStore store, UploadSettings settings, TimeProvider? clock = null) =>
        Sys.ActorOf(Actors.Outbox.Outbox.Props(Site, settings, Store, store, Spool, clock ?? TimeProvider.System));

    /// <summary>Lets a couple of the outbox's one-second ticks pass, for specs that check nothing more happens.</summary>
    private static Task Settle() => Task.Delay(TimeSpan.FromSeconds(2.5), TestContext.Current.CancellationToken);

    private async Task<IReadOnlyList<object>> OutboxEvents()
    {
        var query = PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        return await query.CurrentEventsByPersistenceId($"outbox-{Site}", 0, long.MaxValue)
            .Select(e => e.Event)
            .RunWith(Sink.Seq<object>(), Sys.Materializer())
            .WaitAsync(Patience, TestContext.Current.CancellationToken);
    }

    private Task SpoolImages(params ImageDecided[] decided) => SpoolImages(Spool, decided);

    /// <summary>The deterministic key, spelled out: {prefix}/{site}/{camera}/{yyyy}/{MM}/{dd}/{sha256}.{ext}.</summary>
    private static string ImageKey(ImageDecided d) =>
        $"{Prefix}/{d.Source.Site}/{d.Source.Camera}/{d.Source.CapturedAt.UtcDateTime:yyyy}/{d.Source.CapturedAt.UtcDateTime:MM}/{d.Source.CapturedAt.UtcDateTime:dd}/{d.Id.Value}.jpg";

    private static string SidecarKey(ImageDecided d) => ImageKey(d)[..^".jpg".Length] + ".json";

    private static IReadOnlyList<FakeObjectStore.PutAttempt> ImagePuts(FakeObjectStore store) =>
        store.Stored.Where(p => p.Uri.Key.EndsWith(".jpg", StringComparison.Ordinal)).ToArray();

    private static void AssertStoredExactlyOnce(FakeObjectStore store, IReadOnlyList<ImageDecided> decided)
    {
        var stored = store.Stored;
        foreach (var d in decided)
        {
            Assert.Equal(1, stored.Count(p => p.Uri.Key == ImageKey(d)));
            Assert.Equal(BytesOf(d), store.ContentOf(ObjectUri.Create(Bucket, ImageKey(d))));
        }
        Assert.Equal(decided.Select(ImageKey).Order(), stored.Select(p => p.Uri.Key).Order());
    }

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        _spoolDir.Dispose();
    }
}
