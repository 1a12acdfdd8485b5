using Akka.Actor;
using System.Text;
using Akka.Streams;
using Akka.Streams.Dsl;
using EdgeLabel.Actors;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Inference;
using EdgeLabel.Actors.Pipeline;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Inference;
using EdgeLabel.Inference.Models;
using EdgeLabel.Tests.Support;

namespace EdgeLabel.Tests.Rollout;

/// <summary>The swappable detector: leases keep a replaced detector alive until the last image using it is decided,
/// and a swap in the middle of a stream decides every image with exactly one model, the one that prepared it.</summary>
public sealed class DetectorSlotSpecs(ITestOutputHelper output) : AkkaSpec("akka.loglevel = WARNING", output: output)
{
    [Fact]
    public void A_replaced_detector_is_disposed_only_when_its_last_lease_is_returned()
    {
        var v1 = new VersionedDetector("v1");
        var v2 = new VersionedDetector("v2");
        using var slot = new DetectorSlot(v1);
        var first = slot.Acquire();
        var second = slot.Acquire();

        Assert.Same(v1, slot.Swap(v2));
        Assert.False(v1.Disposed); // two images still use it
        Assert.Same(v2, slot.Acquire().Detector);
        first.Dispose();
        first.Dispose(); // returning a lease twice counts once
        Assert.False(v1.Disposed);
        second.Dispose();
        Assert.True(v1.Disposed);
        Assert.False(v2.Disposed);
    }

    [Fact]
    public void Without_leases_a_swap_disposes_the_old_detector_at_once_and_disposing_the_slot_releases_the_current_one()
    {
        var v1 = new VersionedDetector("v1");
        var v2 = new VersionedDetector("v2");
        var slot = new DetectorSlot(v1);
        slot.Swap(v2);
        Assert.True(v1.Disposed);
        slot.Dispose();
        Assert.True(v2.Disposed);
    }

    [Fact]
    public async Task Leases_taken_concurrently_with_swaps_never_get_a_disposed_detector()
    {
        var detectors = Enumerable.Range(0, 200).Select(i => new VersionedDetector($"v{i}")).ToArray();
        using var slot = new DetectorSlot(detectors[0]);
        using var stop = new CancellationTokenSource();
        var leasedDisposed = 0;
        var leases = 0;
        var takers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var lease = slot.Acquire();
                var detector = (VersionedDetector)lease.Detector;
                if (detector.Disposed) Interlocked.Increment(ref leasedDisposed);
                Interlocked.Increment(ref leases);
                Thread.SpinWait(50);
                if (detector.Disposed) Interlocked.Increment(ref leasedDisposed);
            }
        })).ToArray();
        foreach (var next in detectors.Skip(1))
        {
            slot.Swap(next);
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }
        await stop.CancelAsync();
        await Task.WhenAll(takers);

        Assert.Equal(0, leasedDisposed);
        Assert.True(leases > 0);
        Assert.All(detectors[..^1], d => Assert.True(d.Disposed, $"{d.Model.Version} was never disposed"));
        Assert.False(detectors[^1].Disposed);
    }

    [Fact]
    public async Task A_swap_during_a_stream_decides_every_image_with_exactly_the_model_that_prepared_it()
    {
        var journal = Sys.ActorOf(FakeJournal.Props());
        var v1 = new VersionedDetector("v1", prepareDelay: TimeSpan.FromMilliseconds(2));
        var v2 = new VersionedDetector("v2", prepareDelay: TimeSpan.FromMilliseconds(2));
        using var slot = new DetectorSlot(v1);
        var thresholds = new RoutingPolicySlot(RoutingPolicy.Simple(0.7f, 0.4f));
        var settings = new PipelineSettings(64, 2, 1, 8, TimeSpan.FromMilliseconds(5), 16, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(10));
        var images = Enumerable.Range(0, 300).Select(i => new PendingImage(ContentId.Of(Encoding.UTF8.GetBytes($"img-{i}")), Samples.Source(0),
            Encoding.UTF8.GetBytes($"img-{i}"))).ToArray();
        var decided = new List<ImageDecided>();

        var run = Source.From(images)
            .Via(EdgePipeline.Create(settings, slot, thresholds, journal, TimeProvider.System))
            .RunWith(Sink.Seq<(PendingImage Pending, ImageOutcome Outcome)>(), Sys.Materializer());
        // Mid-stream, from another thread as a rollout does: images prepared by v1 are still in the stages.
        while (v1.PreparedIds.Count < 100) await Task.Delay(1, TestContext.Current.CancellationToken);
        slot.Swap(v2);
        thresholds.Set(RoutingPolicy.Simple(0.95f, 0.1f));
        var settled = await run.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        decided.AddRange((await journal.Ask<FakeJournal.Recorded>(FakeJournal.GetRecorded.Instance, TimeSpan.FromSeconds(5))).Decisions.OfType<ImageDecided>());

        Assert.Equal(images.Length, settled.Count);
        Assert.Equal(images.Length, decided.Count);
        // Each image was prepared, run and recorded by one and the same model.
        foreach (var d in decided)
        {
            var preparedBy = v1.PreparedIds.Contains(d.Id.Value) ? "v1" : v2.PreparedIds.Contains(d.Id.Value) ? "v2" : null;
            var ranBy = v1.DetectedIds.Contains(d.Id.Value) ? "v1" : v2.DetectedIds.Contains(d.Id.Value) ? "v2" : null;
            Assert.Equal(preparedBy, d.Model.Version);
            Assert.Equal(ranBy, d.Model.Version);
            Assert.False(v1.PreparedIds.Contains(d.Id.Value) && v2.PreparedIds.Contains(d.Id.Value), $"{d.Id.Short} prepared twice");
        }
        Assert.Contains(decided, d => d.Model.Version == "v1");
        Assert.Contains(decided, d => d.Model.Version == "v2");
        Assert.True(v1.Disposed); // every v1 image is decided: its session is gone
        Assert.False(v2.Disposed);
        // The score 0.9 box: accepted under v1's thresholds (0.7), uncertain under v2's (0.95).
        Assert.All(decided.Where(d => d.Model.Version == "v2"), d => Assert.All(d.Boxes, b => Assert.Equal(0.95f, b.Accept)));
    }

    /// <summary>A fake detector that records which images it prepared and ran, and whether it was disposed.</summary>
    private sealed class VersionedDetector(string version, TimeSpan prepareDelay = default) : IImageDetector, IDisposable
    {
        private int _disposed;

        public System.Collections.Concurrent.ConcurrentDictionary<string, bool> Prepared { get; } = new();

        public System.Collections.Concurrent.ConcurrentDictionary<string, bool> Detected { get; } = new();

        public ICollection<string> PreparedIds => Prepared.Keys;

        public ICollection<string> DetectedIds => Detected.Keys;

        public bool Disposed => Volatile.Read(ref _disposed) == 1;

        public ModelIdentity Model { get; } = new("fake", version, new string('0', 64));

        public IReadOnlyList<string> ClassNames { get; } = ["face"];

        public int MaxBatch => 4;

        public PreparedFrame Prepare(byte[] imageBytes)
        {
            if (Disposed) throw new ObjectDisposedException(version);
            if (prepareDelay > TimeSpan.Zero) Thread.Sleep(prepareDelay);
            var id = ContentId.Of(imageBytes).Value;
            Prepared[id] = true;
            return new PreparedFrame(10, 10, id);
        }

        public IReadOnlyList<IReadOnlyList<Detection>> Detect(IReadOnlyList<PreparedFrame> batch)
        {
            if (Disposed) throw new ObjectDisposedException(version);
            foreach (var f in batch) Detected[(string)f.ModelInput] = true;
            return batch.Select(_ => (IReadOnlyList<Detection>)[new Detection(0, 0.9f, new PixelBox(1, 1, 4, 4))]).ToArray();
        }

        public void Dispose() => Interlocked.Exchange(ref _disposed, 1);
    }
}
