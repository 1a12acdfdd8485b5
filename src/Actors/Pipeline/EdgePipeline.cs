using Akka;
using Akka.Actor;
using Akka.Streams.Dsl;
using EdgeLabel.Actors.Inference;
using EdgeLabel.Actors.Metrics;
using EdgeLabel.Actors.Pipeline.Stages;
using EdgeLabel.Actors.Routing;

namespace EdgeLabel.Actors.Pipeline;

/// <summary>The edge's processing graph: skip decided → prepare (parallel) → infer (batched) → route → persist
/// (grouped). Every stage is bounded; cameras feed it through a MergeHub and are throttled by the
/// <see cref="InFlightLimiter"/>, whose permits are returned when an image settles at the end.</summary>
public static class EdgePipeline
{
    /// <summary>The graph over a fixed detector and policy (tests, tools): a rollout never swaps them.</summary>
    public static Flow<PendingImage, (PendingImage Pending, ImageOutcome Outcome), NotUsed> Create(
        PipelineSettings settings, IImageDetector detector, RoutingPolicy policy, IActorRef decisionJournal, TimeProvider clock,
        Func<Task>? syncSpool = null, EdgeMetrics? metrics = null) =>
        Create(settings, new DetectorSlot(detector), new RoutingPolicySlot(policy), decisionJournal, clock, syncSpool, metrics);

    /// <summary>The graph over the site's swappable detector and thresholds: each image is prepared, run and recorded
    /// by the detector it leased in the prepare stage, and routed by the thresholds current when it is decided.</summary>
    public static Flow<PendingImage, (PendingImage Pending, ImageOutcome Outcome), NotUsed> Create(
        PipelineSettings settings, DetectorSlot detectors, RoutingPolicySlot thresholds, IActorRef decisionJournal, TimeProvider clock,
        Func<Task>? syncSpool = null, EdgeMetrics? metrics = null)
    {
        var route = new RouteStage(thresholds, clock);
        return Flow.Create<PendingImage>()
            .Via(SkipDecidedStage.Create(decisionJournal, settings.PersistTimeout))
            .Via(PrepareStage.Create(detectors, settings.DecodeParallelism))
            .Via(InferenceStage.Create(settings.MaxBatch, settings.BatchWindow, settings.InferenceParallelism, metrics))
            .Select(route.Decide)
            .Via(PersistStage.Create(decisionJournal, settings.PersistBatch, settings.PersistWindow, settings.PersistTimeout, syncSpool));
    }

    /// <summary>The terminal sink: settle each image, which returns its in-flight permit and tells its camera.
    /// An image decided before was spooled again by its camera; the outbox deletes that copy unless it still needs it.
    /// Decisions and quarantines are counted here, once each: an outcome reaches this sink only after it is persisted.</summary>
    public static Sink<(PendingImage Pending, ImageOutcome Outcome), Task<Done>> SettleSink(IActorRef outbox, EdgeMetrics? metrics = null) =>
        Sink.ForEach<(PendingImage Pending, ImageOutcome Outcome)>(s =>
        {
            metrics?.Settled(s.Outcome); // before settling: whoever sees the image settled sees it counted
            s.Pending.Settle(s.Outcome);
            if (s.Outcome.Kind == OutcomeKind.AlreadyDecided)
                outbox.Tell(new Outbox.SpoolCopyNotNeeded(s.Pending.Id, s.Pending.Source.Extension));
        });
}
