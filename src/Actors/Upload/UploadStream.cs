using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace EdgeLabel.Actors.Upload;

/// <summary>The outbox's upload lane: jobs written to a small bounded channel (two per upload slot) (so the outbox keeps the priority
/// order and only hands out what can start soon) → bandwidth budget (Throttle by cost = bytes) → uploads with
/// bounded concurrency, finishing in any order → each result told to the outbox.</summary>
public static class UploadStream
{
    public static (ChannelWriter<UploadJob> Jobs, UniqueKillSwitch KillSwitch) Run(
        UploadSettings settings, ImageUploader uploader, IActorRef outbox, IMaterializer materializer)
    {
        // Two jobs per upload slot: enough that the slots never run dry while the outbox persists a confirmation,
        // few enough that a newly arrived audit image still overtakes almost everything.
        var channel = Channel.CreateBounded<UploadJob>(new BoundedChannelOptions(2 * settings.Concurrency) { SingleReader = true });
        var source = ChannelSource.FromReader(channel.Reader);
        if (settings.BytesPerSecond > 0)
        {
            // An element costlier than the burst would never fit the bucket: the burst is at least one large image.
            var burst = (int)Math.Clamp(Math.Max(settings.BurstBytes, settings.BytesPerSecond), 1, int.MaxValue);
            var perSecond = (int)Math.Clamp(settings.BytesPerSecond, 1, int.MaxValue);
            source = source.Throttle(perSecond, TimeSpan.FromSeconds(1), burst,
                job => (int)Math.Min(job.Item.Source.SizeBytes, burst), ThrottleMode.Shaping);
        }

        var killSwitch = source
            // Unordered: each result is told on its own, so a slow PUT must not hold a finished slot (ordered SelectAsync
            // starts nothing new until the oldest upload ends, which left a quarter of the slots idle on a real link).
            .SelectAsyncUnordered(settings.Concurrency, job => uploader.UploadAsync(job, CancellationToken.None))
            .ViaMaterialized(KillSwitches.Single<UploadResult>(), Keep.Right)
            .To(Sink.ForEach<UploadResult>(result => outbox.Tell(result)))
            .Run(materializer);
        return (channel.Writer, killSwitch);
    }
}
