using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Routing;

namespace EdgeLabel.Actors.Pipeline.Stages;

/// <summary>Turns detections into a decision event with the policy, model identity and thresholds recorded:
/// a pure function of its input and the thresholds current at decision time, so it is tested without a stream.
/// The model recorded is the one that ran the image (its lease), which is returned here.</summary>
public sealed class RouteStage(RoutingPolicySlot thresholds, TimeProvider clock)
{
    public RouteStage(RoutingPolicy policy, TimeProvider clock) : this(new RoutingPolicySlot(policy), clock) { }

    public PipelineWork Decide(PipelineWork work) => work switch
    {
        Detected d => new Decided(d.Pending, ToDecision(d)),
        Rejected r => new Decided(r.Pending, new ImageQuarantined(r.Pending.Id, r.Pending.Source, r.Reason, r.Detail, clock.GetUtcNow())),
        _ => work,
    };

    private ImageDecided ToDecision(Detected d)
    {
        using var lease = d.Lease; // the detector is not needed past this point; a retired one may now be disposed
        var detector = lease.Detector;
        var policy = thresholds.Current; // once per image: one image never mixes two threshold sets
        var route = policy.Route(d.Pending.Id.Value, d.Detections);
        var boxes = route.Kept.Select(k =>
        {
            var t = policy.For(k.ClassId);
            return new DecidedBox(k.ClassId, LabelOf(detector.ClassNames, k.ClassId), k.Score, k.Box.Left, k.Box.Top, k.Box.Width, k.Box.Height, t.Accept, t.Reject);
        }).ToArray();
        return new ImageDecided(d.Pending.Id, d.Pending.Source, d.Frame.Width, d.Frame.Height, route.Kind, route.Reason,
            detector.Model, policy.AuditShare, boxes, clock.GetUtcNow());
    }

    private static string LabelOf(IReadOnlyList<string> classNames, int classId) =>
        classId >= 0 && classId < classNames.Count ? classNames[classId] : $"class-{classId}";
}
