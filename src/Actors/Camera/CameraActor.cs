using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using Akka.Streams.Dsl;
using EdgeLabel.Actors.Pipeline;

namespace EdgeLabel.Actors.Camera;

/// <summary>What every camera shares: it runs its own source of admitted images into the pipeline's MergeHub
/// sink and keeps counters from what the stream tells it. Subclasses only say where images come from.</summary>
public abstract class CameraActor : ReceiveActor
{
    private readonly CameraCounters _counters;
    private readonly Sink<PendingImage, NotUsed> _pipeline;
    private UniqueKillSwitch? _killSwitch;

    protected CameraActor(CameraSettings settings, string kind, CameraIntake intake, Sink<PendingImage, NotUsed> pipeline)
    {
        Settings = settings;
        Intake = intake;
        _pipeline = pipeline;
        _counters = new CameraCounters(settings.Name, kind);

        Receive<ImagesDiscovered>(m => _counters.Discovered(m.Count));
        Receive<ImageAdmitted>(_ => _counters.Admitted());
        Receive<ImageSettled>(m =>
        {
            _counters.Settled(m.Outcome);
            if (m.Outcome.Kind == OutcomeKind.Quarantined)
                Log.Warning("Quarantined {0} from camera {1}: {2} ({3})", m.Outcome.Id, Settings.Name, m.Outcome.Reason, m.Outcome.Detail);
        });
        Receive<ImageFailed>(m =>
        {
            _counters.Failed(m.Error);
            Log.Warning("Camera {0}: {1}", Settings.Name, m.Error);
        });
        Receive<SourceExhausted>(_ => _counters.Exhausted());
        Receive<GetCameraStatus>(_ => Sender.Tell(_counters.Snapshot()));
        Receive<Status.Failure>(f => Log.Error(f.Cause, "Camera {0} stream failed", Settings.Name));
    }

    protected CameraSettings Settings { get; }

    protected CameraIntake Intake { get; }

    protected ILoggingAdapter Log { get; } = Context.GetLogger();

    /// <summary>The camera's images, already admitted (permit held, bytes spooled).</summary>
    protected abstract Source<PendingImage, NotUsed> CreateSource(IActorRef self);

    protected override void PreStart()
    {
        var self = Self;
        _killSwitch = CreateSource(self)
            .Select(pending =>
            {
                self.Tell(new ImageAdmitted());
                pending.Outcome.PipeTo(self, success: outcome => new ImageSettled(outcome));
                return pending;
            })
            .ViaMaterialized(KillSwitches.Single<PendingImage>(), Keep.Right)
            .WatchTermination((kill, done) =>
            {
                done.PipeTo(self, success: _ => new SourceExhausted(), failure: e => new Status.Failure(e));
                return kill;
            })
            .To(_pipeline)
            .Run(Context.Materializer());
        Log.Info("Camera {0} started", Settings.Name);
    }

    protected override void PostStop() => _killSwitch?.Shutdown();
}
