using Akka;
using Akka.Streams.Dsl;
using EdgeLabel.Actors;
using EdgeLabel.Actors.Camera;
using EdgeLabel.Actors.Pipeline;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Actors.Spool;
using EdgeLabel.Tests.Support;

namespace EdgeLabel.Tests.Spool;

/// <summary><c>spool.on-full = reject-new</c>: cameras wait for room, HTTP cameras get 507, nothing accepted is lost.</summary>
public sealed class RejectNewSpecs : AkkaSpec
{
    private const int ImageSize = 100;
    private readonly TempDirectory _dir = new("reject-new");

    public RejectNewSpecs(ITestOutputHelper output) : base("akka.loglevel = WARNING", output: output) { }

    /// <summary>A JPEG-looking image of exactly <see cref="ImageSize"/> bytes, distinct per n.</summary>
    internal static byte[] Jpeg(int n, int size = ImageSize)
    {
        var bytes = new byte[size];
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        BitConverter.GetBytes(n).CopyTo(bytes, 3);
        return bytes;
    }

    [Fact]
    public async Task A_camera_waits_for_room_admitting_no_more_than_fits_and_resumes_when_space_is_freed()
    {
        var spool = new ImageSpool(_dir.File("spool"), fsync: false, quotaBytes: 3 * ImageSize + 50);
        var intake = new CameraIntake("site-t", spool, new InFlightLimiter(16), TimeProvider.System);
        var ct = TestContext.Current.CancellationToken;

        var admitted = new List<PendingImage>();
        for (var i = 0; i < 3; i++) admitted.Add(await intake.AdmitAsync("gate", Jpeg(i), null, $"{i}.jpg", ct));
        Assert.Equal(3 * ImageSize, spool.UsedBytes);

        // Two more cameras offer an image each: neither fits, so both wait, holding their permits.
        var fourth = intake.AdmitAsync("gate", Jpeg(3), null, "3.jpg", ct);
        var fifth = intake.AdmitAsync("dock", Jpeg(4), null, "4.jpg", ct);
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        Assert.False(fourth.IsCompleted);
        Assert.False(fifth.IsCompleted);
        Assert.Equal(5, intake.Limiter.InFlight);
        Assert.Equal(3 * ImageSize, spool.UsedBytes);
        Assert.All(admitted, p => Assert.True(spool.Contains(p.Id, "jpg"))); // nothing accepted was dropped

        // An image already in the spool needs no room: a re-admission goes through at once.
        var again = await intake.AdmitAsync("gate", Jpeg(0), null, "0.jpg", ct).WaitAsync(TimeSpan.FromSeconds(5), ct);
        Assert.Equal(admitted[0].Id, again.Id);

        // Uploads release one file: exactly one waiting camera gets in, the other keeps waiting.
        spool.Delete(admitted[0].Id, "jpg");
        var first = await Task.WhenAny(fourth, fifth).WaitAsync(TimeSpan.FromSeconds(5), ct);
        await Task.Delay(TimeSpan.FromMilliseconds(700), ct);
        Assert.False(fourth.IsCompleted && fifth.IsCompleted, "both waiting images were admitted into room for one");
        Assert.Equal(3 * ImageSize, spool.UsedBytes);
        Assert.True(spool.Contains((await first).Id, "jpg"));

        spool.Delete(admitted[1].Id, "jpg");
        await Task.WhenAll(fourth, fifth).WaitAsync(TimeSpan.FromSeconds(5), ct);
        Assert.Equal(3 * ImageSize, spool.UsedBytes);
        Assert.True(spool.Contains(admitted[2].Id, "jpg"));
        Assert.True(spool.Contains(fourth.Result.Id, "jpg"));
        Assert.True(spool.Contains(fifth.Result.Id, "jpg"));
        Assert.True(spool.UsedBytes <= spool.QuotaBytes);
    }

    [Fact]
    public async Task A_cancelled_wait_returns_its_permit_and_reserves_nothing()
    {
        var spool = new ImageSpool(_dir.File("spool"), fsync: false, quotaBytes: ImageSize);
        var intake = new CameraIntake("site-t", spool, new InFlightLimiter(4), TimeProvider.System);
        await intake.AdmitAsync("gate", Jpeg(1), null, "1.jpg", TestContext.Current.CancellationToken);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(600));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => intake.AdmitAsync("gate", Jpeg(2), null, "2.jpg", cancel.Token));
        Assert.Equal(1, intake.Limiter.InFlight);
        spool.Delete(ContentId.Of(Jpeg(1)), "jpg");
        Assert.True(spool.HasRoomFor(ImageSize));
    }

    [Fact]
    public void An_image_larger_than_the_whole_quota_is_refused_instead_of_waiting_forever()
    {
        var spool = new ImageSpool(_dir.File("spool"), fsync: false, quotaBytes: ImageSize);
        var intake = new CameraIntake("site-t", spool, new InFlightLimiter(4), TimeProvider.System);
        var error = Assert.ThrowsAsync<SpoolFullException>(() => intake.AdmitAsync("gate", Jpeg(1, ImageSize + 1), null, "1.jpg"))
            .WaitAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
        Assert.Contains("larger than the whole spool quota", error.Message);
        Assert.Equal(0, intake.Limiter.InFlight);
        Assert.Equal(0, spool.UsedBytes);
    }

    [Fact]
    public void Http_push_camera_answers_507_when_the_spool_is_full_and_accepts_once_space_is_freed()
    {
        var spool = new ImageSpool(_dir.File("spool"), fsync: false, quotaBytes: 2 * ImageSize);
        var limiter = new InFlightLimiter(8);
        var intake = new CameraIntake("site-t", spool, limiter, TimeProvider.System);
        var settling = Sink.ForEach<PendingImage>(p => p.Settle(new ImageOutcome(p.Id, OutcomeKind.Decided, RouteKind.Review, "test")))
            .MapMaterializedValue(_ => NotUsed.Instance);
        var camera = Sys.ActorOf(HttpPushCamera.Props(new HttpCameraSettings("dock", 1024, 4), intake, settling));

        camera.Tell(new SubmitImage(Jpeg(1), "1.jpg", null), TestActor);
        ExpectMsg<ImageOutcome>(TimeSpan.FromSeconds(10));
        camera.Tell(new SubmitImage(Jpeg(2), "2.jpg", null), TestActor);
        ExpectMsg<ImageOutcome>(TimeSpan.FromSeconds(10));

        camera.Tell(new SubmitImage(Jpeg(3), "3.jpg", null), TestActor);
        var refused = ExpectMsg<SubmitRefused>(TimeSpan.FromSeconds(5));
        Assert.Equal(507, refused.StatusCode);
        Assert.Contains("spool full", refused.Reason);
        AwaitAssert(() => Assert.Equal(0, limiter.InFlight), TimeSpan.FromSeconds(5)); // the refusal returned its permit
        Assert.True(spool.Contains(ContentId.Of(Jpeg(1)), "jpg"));
        Assert.True(spool.Contains(ContentId.Of(Jpeg(2)), "jpg"));
        Assert.False(spool.Contains(ContentId.Of(Jpeg(3)), "jpg"));
        Assert.Equal(2 * ImageSize, spool.UsedBytes);

        spool.Delete(ContentId.Of(Jpeg(1)), "jpg"); // uploaded and released
        camera.Tell(new SubmitImage(Jpeg(3), "3.jpg", null), TestActor);
        Assert.Equal(OutcomeKind.Decided, ExpectMsg<ImageOutcome>(TimeSpan.FromSeconds(10)).Kind);
        Assert.True(spool.Contains(ContentId.Of(Jpeg(3)), "jpg"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _dir.Dispose();
    }
}
