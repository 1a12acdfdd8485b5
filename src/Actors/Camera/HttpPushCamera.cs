using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Streams.Dsl;
using EdgeLabel.Actors.Pipeline;

namespace EdgeLabel.Actors.Camera;

/// <summary>Cameras POST images; each request is answered once its decision is persisted. When every in-flight
/// permit is taken the request is refused at once with 503 (and Retry-After), never queued without bound; when
/// the spool quota has no room (after the outbox dropped what it may, under drop-oldest-auto) with 507.</summary>
public sealed class HttpPushCamera : CameraActor
{
    private readonly Channel<Submission> _submissions;

    public HttpPushCamera(HttpCameraSettings settings, CameraIntake intake, Sink<PendingImage, NotUsed> pipeline)
        : base(settings, "http", intake, pipeline)
    {
        _submissions = Channel.CreateBounded<Submission>(new BoundedChannelOptions(Math.Max(1, settings.QueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Receive<SubmitImage>(Submit);
    }

    public static Props Props(HttpCameraSettings settings, CameraIntake intake, Sink<PendingImage, NotUsed> pipeline) =>
        Akka.Actor.Props.Create(() => new HttpPushCamera(settings, intake, pipeline));

    protected override Source<PendingImage, NotUsed> CreateSource(IActorRef self) =>
        ChannelSource.FromReader(_submissions.Reader)
            .SelectAsync(2, async submission =>
            {
                try
                {
                    var pending = await Intake.AdmitWithPermitAsync(Settings.Name, submission.Image.Bytes, submission.Image.CapturedAt,
                        submission.Image.FileName ?? "http").ConfigureAwait(false);
                    _ = pending.Outcome.PipeTo(submission.ReplyTo);
                    return new Admission(pending);
                }
                catch (SpoolFullException e)
                {
                    // Nothing accepted is dropped for it: the camera is told to come back once uploads free space.
                    self.Tell(new ImageFailed($"refused a pushed image: {e.Message}"));
                    submission.ReplyTo.Tell(new SubmitRefused(507, $"spool full: {e.Message}; retry later"));
                    return Admission.Refused;
                }
                catch (Exception e)
                {
                    self.Tell(new ImageFailed($"could not spool a pushed image: {e.Message}"));
                    submission.ReplyTo.Tell(new SubmitRefused(500, "could not store the image"));
                    return Admission.Refused;
                }
            })
            // A stream element must never be null (Reactive Streams rule 2.13): refusals travel as an empty Admission.
            .Where(a => a.Pending is not null)
            .Select(a => a.Pending!);

    private void Submit(SubmitImage image)
    {
        if (image.Bytes.Length == 0)
        {
            Sender.Tell(new SubmitRefused(400, "empty body"));
            return;
        }
        if (image.Bytes.Length > ((HttpCameraSettings)Settings).MaxBodyBytes)
        {
            Sender.Tell(new SubmitRefused(413, "image larger than the configured limit"));
            return;
        }
        if (!Intake.Limiter.TryAcquire())
        {
            Sender.Tell(new SubmitRefused(503, "pipeline saturated, retry later"));
            return;
        }
        if (!_submissions.Writer.TryWrite(new Submission(image, Sender)))
        {
            Intake.Limiter.Release();
            Sender.Tell(new SubmitRefused(503, "camera queue full, retry later"));
            return;
        }
        Self.Tell(new ImagesDiscovered(1));
    }

    protected override void PostStop()
    {
        _submissions.Writer.TryComplete();
        // Submissions still queued hold permits and callers waiting for an answer: give both back.
        while (_submissions.Reader.TryRead(out var queued))
        {
            Intake.Limiter.Release();
            queued.ReplyTo.Tell(new SubmitRefused(503, "camera restarting, retry later"));
        }
        base.PostStop();
    }

    private sealed record Submission(SubmitImage Image, IActorRef ReplyTo);

    private sealed record Admission(PendingImage? Pending)
    {
        public static readonly Admission Refused = new((PendingImage?)null);
    }
}
