using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using Akka.Streams.Dsl;
using EdgeLabel.Actors.Camera;
using EdgeLabel.Actors.Inference;
using EdgeLabel.Actors.Metrics;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Actors.Spool;

namespace EdgeLabel.Actors.Pipeline;

/// <summary>Owns a site's processing graph and its camera actors. The graph is materialized here so its lifetime
/// is this actor's; if the graph ever fails, this actor fails and its supervisor restarts it with a fresh graph,
/// fresh in-flight permits and fresh cameras (which rescan; the journal skips what was already decided).</summary>
public sealed class SitePipeline : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _site;
    private readonly PipelineSettings _settings;
    private readonly IReadOnlyList<CameraSettings> _cameras;
    private readonly DetectorSlot _detectors;
    private readonly RoutingPolicySlot _thresholds;
    private readonly IActorRef _journal;
    private readonly IActorRef _outbox;
    private readonly ImageSpool _spool;
    private readonly TimeProvider _clock;
    private readonly EdgeMetrics? _metrics;
    private readonly List<IActorRef> _cameraActors = [];
    private InFlightLimiter _limiter = null!;

    public SitePipeline(string site, PipelineSettings settings, IReadOnlyList<CameraSettings> cameras, DetectorSlot detectors,
        RoutingPolicySlot thresholds, IActorRef journal, IActorRef outbox, ImageSpool spool, TimeProvider clock, EdgeMetrics? metrics = null)
    {
        _metrics = metrics;
        _outbox = outbox;
        _site = site;
        _settings = settings;
        _cameras = cameras;
        _detectors = detectors;
        _thresholds = thresholds;
        _journal = journal;
        _spool = spool;
        _clock = clock;

        Receive<ToCamera>(Forward);
        Receive<GetSiteStatus>(_ => ReplyStatus());
        Receive<GraphFailed>(f => throw new InvalidOperationException("the site pipeline graph failed", f.Cause));
    }

    public static Props Props(string site, PipelineSettings settings, IReadOnlyList<CameraSettings> cameras, DetectorSlot detectors,
        RoutingPolicySlot thresholds, IActorRef journal, IActorRef outbox, ImageSpool spool, TimeProvider clock, EdgeMetrics? metrics = null) =>
        Akka.Actor.Props.Create(() => new SitePipeline(site, settings, cameras, detectors, thresholds, journal, outbox, spool, clock, metrics));

    // A camera that throws (e.g. its folder vanished mid-read) is restarted alone; the others keep going.
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(maxNrOfRetries: 20, withinTimeRange: TimeSpan.FromMinutes(1), Decider.From(Directive.Restart));

    protected override void PreStart()
    {
        _limiter = new InFlightLimiter(_settings.MaxInFlight);
        _metrics?.Track(_limiter);
        var intake = new CameraIntake(_site, _spool, _limiter, _clock, _outbox);
        var self = Self;
        var sink = MergeHub.Source<PendingImage>(perProducerBufferSize: 16)
            .Via(EdgePipeline.Create(_settings, _detectors, _thresholds, _journal, _clock, _spool.SyncAsync, _metrics))
            .ToMaterialized(EdgePipeline.SettleSink(_outbox, _metrics), Keep.Both)
            .MapMaterializedValue(m =>
            {
                m.Item2.ContinueWith(t => { if (t.IsFaulted) self.Tell(new GraphFailed(t.Exception!.GetBaseException())); },
                    TaskContinuationOptions.ExecuteSynchronously);
                return m.Item1;
            })
            .Run(Context.Materializer());

        _cameraActors.Clear();
        foreach (var camera in _cameras)
            _cameraActors.Add(Context.ActorOf(CameraProps(camera, intake, sink), camera.Name));
        _log.Info("Site {0}: pipeline running with {1} camera(s), model {2} {3}, max {4} images in flight",
            _site, _cameras.Count, _detectors.Current.Model.Id, _detectors.Current.Model.Version, _settings.MaxInFlight);
    }

    private static Props CameraProps(CameraSettings camera, CameraIntake intake, Sink<PendingImage, NotUsed> sink) => camera switch
    {
        DirectoryCameraSettings d => DirectoryCamera.Props(d, intake, sink),
        HttpCameraSettings h => HttpPushCamera.Props(h, intake, sink),
        VideoCameraSettings v => VideoCamera.Props(v, intake, sink),
        SyntheticCameraSettings s => SyntheticCamera.Props(s, intake, sink),
        _ => throw new ArgumentOutOfRangeException(nameof(camera), camera.GetType().Name, "unknown camera kind"),
    };

    private void Forward(ToCamera message)
    {
        var child = Context.Child(message.Camera);
        if (child.IsNobody()) Sender.Tell(new UnknownCamera(message.Camera));
        else child.Forward(message.Message);
    }

    private Task ReplyStatus()
    {
        // Piped, not awaited: the pipeline keeps serving cameras while their counters are gathered.
        var replyTo = Sender;
        var limiter = _limiter;
        var spool = _spool;
        var asks = _cameraActors.Select(AskStatus).ToArray(); // not GetChildren(): stream actors are children too
        Task.WhenAll(asks).PipeTo(replyTo, success: statuses =>
            new SiteStatus(_site, statuses.OrderBy(s => s.Name).ToArray(), limiter.InFlight, limiter.Peak, limiter.Capacity,
                spool.UsedBytes, spool.QuotaBytes));
        return Task.CompletedTask;
    }

    private static async Task<CameraStatus> AskStatus(IActorRef camera)
    {
        try
        {
            return await camera.Ask<CameraStatus>(GetCameraStatus.Instance, TimeSpan.FromSeconds(3));
        }
        catch (AskTimeoutException)
        {
            return new CameraStatus(camera.Path.Name, "unknown", 0, 0, 0, 0, 0, 0, 0, false, "camera did not answer within 3 s");
        }
    }

    private sealed record GraphFailed(Exception Cause);
}
