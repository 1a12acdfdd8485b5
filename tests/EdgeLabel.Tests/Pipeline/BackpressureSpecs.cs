using System.Collections.Concurrent;
using Akka;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using EdgeLabel.Actors.Camera;
using EdgeLabel.Actors.Pipeline;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Actors.Spool;
using EdgeLabel.Tests.Support;

namespace EdgeLabel.Tests.Pipeline;

/// <summary>The acceptance point: a stalled end of the pipeline stops cameras after max-in-flight images,
/// whatever the stage buffers hold, and nothing is lost or settled twice once it moves again.</summary>
public sealed class BackpressureSpecs : AkkaSpec
{
    private const int Capacity = 64;
    private const int Offered = 10_000;
    private readonly TempDirectory _dir = new("backpressure");

    public BackpressureSpecs(ITestOutputHelper output) : base("akka.loglevel = WARNING", output: output) { }

    private static PipelineSettings Settings => new(Capacity, 2, 1, 8, TimeSpan.FromMilliseconds(5), 256,
        TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10));

    [Fact]
    public async Task A_stalled_sink_holds_admissions_at_max_in_flight_and_everything_settles_once_it_drains()
    {
        var limiter = new InFlightLimiter(Capacity);
        var intake = new CameraIntake("site-t", new ImageSpool(_dir.File("spool"), fsync: false), limiter, TimeProvider.System);
        var journal = Sys.ActorOf(FakeJournal.Props());
        var detector = new FakeDetector();
        var admitted = 0;
        var pendings = new ConcurrentBag<PendingImage>();

        var probe = Source.From(Enumerable.Range(0, Offered))
            .SelectAsync(1, i => intake.AdmitAsync("cam", BitConverter.GetBytes(i), null, $"image#{i}"))
            .Select(p =>
            {
                Interlocked.Increment(ref admitted);
                pendings.Add(p);
                return p;
            })
            .Via(EdgePipeline.Create(Settings, detector, RoutingPolicy.Simple(0.7f, 0.4f, 0.03), journal, TimeProvider.System))
            // Settle as the sink takes an element (what SettleSink does): a stalled sink settles nothing.
            .Select(s =>
            {
                s.Pending.Settle(s.Outcome);
                return s;
            })
            .RunWith(this.SinkProbe<(PendingImage Pending, ImageOutcome Outcome)>(), Sys.Materializer());

        probe.Request(5);
        var first = probe.ExpectNextN(5, TimeSpan.FromSeconds(30)).ToList();
        Assert.Equal(5, first.Count);

        // The sink now stalls: cameras must stop at Capacity images in flight.
        AwaitAssert(() => Assert.Equal(Capacity, limiter.InFlight), TimeSpan.FromSeconds(30));
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500));
        Assert.Equal(Capacity, limiter.InFlight);
        Assert.Equal(Capacity + 5, Volatile.Read(ref admitted));
        Assert.True(limiter.Peak <= Capacity, $"peak {limiter.Peak} exceeded {Capacity}");

        // Drain: request everything and take it as it comes (each take settles and frees a permit).
        probe.Request(Offered);
        var rest = probe.ExpectNextN(Offered - 5, TimeSpan.FromSeconds(120)).ToList();
        probe.ExpectComplete();

        var all = first.Concat(rest).ToList();
        Assert.Equal(Offered, all.Count);
        Assert.Equal(Offered, all.Select(s => s.Pending.Id).Distinct().Count());
        Assert.Equal(Offered, pendings.Count);
        Assert.All(pendings, p => Assert.True(p.Outcome.IsCompletedSuccessfully));
        Assert.All(all, s => Assert.Equal(OutcomeKind.Decided, s.Outcome.Kind));
        Assert.Equal(0, limiter.InFlight);
        Assert.True(limiter.Peak <= Capacity, $"peak {limiter.Peak} exceeded {Capacity}");
        Assert.Equal(Offered, detector.Prepared);

        var counts = await journal.Ask<FakeJournal.Counts>(FakeJournal.GetCounts.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(Offered, counts.Recorded);
        Assert.Equal(0, counts.Duplicates);
    }

    [Fact]
    public void Http_push_camera_answers_503_when_no_permit_is_free_and_accepts_once_one_is_returned()
    {
        var limiter = new InFlightLimiter(1);
        var intake = new CameraIntake("site-t", new ImageSpool(_dir.File("spool"), fsync: false), limiter, TimeProvider.System);
        var settling = Sink.ForEach<PendingImage>(p => p.Settle(new ImageOutcome(p.Id, OutcomeKind.Decided, RouteKind.AutoLabel, "test")))
            .MapMaterializedValue(_ => NotUsed.Instance);
        var camera = Sys.ActorOf(HttpPushCamera.Props(new HttpCameraSettings("dock", 1024, 4), intake, settling));

        Assert.True(limiter.TryAcquire()); // every permit taken
        camera.Tell(new SubmitImage([0xFF, 0xD8, 0xFF, 1, 2, 3], "a.jpg", null), TestActor);
        var refused = ExpectMsg<SubmitRefused>();
        Assert.Equal(503, refused.StatusCode);
        Assert.Equal(1, limiter.InFlight);

        limiter.Release();
        camera.Tell(new SubmitImage([0xFF, 0xD8, 0xFF, 1, 2, 3], "a.jpg", null), TestActor);
        var outcome = ExpectMsg<ImageOutcome>(TimeSpan.FromSeconds(10));
        Assert.Equal(OutcomeKind.Decided, outcome.Kind);
        AwaitAssert(() => Assert.Equal(0, limiter.InFlight));
        Assert.Equal(1, limiter.Peak);
    }

    [Fact]
    public void Http_push_camera_refuses_empty_and_oversized_bodies_without_taking_a_permit()
    {
        var limiter = new InFlightLimiter(2);
        var intake = new CameraIntake("site-t", new ImageSpool(_dir.File("spool"), fsync: false), limiter, TimeProvider.System);
        var camera = Sys.ActorOf(HttpPushCamera.Props(new HttpCameraSettings("dock", 8, 4), intake,
            Sink.Ignore<PendingImage>().MapMaterializedValue(_ => NotUsed.Instance)));

        camera.Tell(new SubmitImage([], null, null), TestActor);
        Assert.Equal(400, ExpectMsg<SubmitRefused>().StatusCode);
        camera.Tell(new SubmitImage(new byte[9], null, null), TestActor);
        Assert.Equal(413, ExpectMsg<SubmitRefused>().StatusCode);
        Assert.Equal(0, limiter.InFlight);
        Assert.Equal(0, limiter.Peak);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _dir.Dispose();
    }
}
