using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.Actors.Pipeline.Stages;

/// <summary>Turns detections into a decision event with the policy, model identity and thresholds recorded:
/// a pure function, so it is tested without a stream.</summary>
public sealed class RouteStage(RoutingPolicy policy, ModelIdentity model, IReadOnlyList<string> classNames, TimeProvider clock)
{
    public PipelineWork Decide(PipelineWork work) => work switch
    {
        Detected d => new Decided(d.Pending, ToDecision(d)),
        Rejected r => new Decided(r.Pending, new ImageQuarantined(r.Pending.Id, r.Pending.Source, r.Reason, r.Detail, clock.GetUtcNow())),
        _ => work,
    };

    private ImageDecided ToDecision(Detected d)
    {
        var route = policy.Route(d.Pending.Id.Value, d.Detections);
        var boxes = route.Kept.Select(k =>
        {
            var t = policy.For(k.ClassId);
            return new DecidedBox(k.ClassId, LabelOf(k.ClassId), k.Score, k.Box.Left, k.Box.Top, k.Box.Width, k.Box.Height, t.Accept, t.Reject);
        }).ToArray();
        return new ImageDecided(d.Pending.Id, d.Pending.Source, d.Frame.Width, d.Frame.Height, route.Kind, route.Reason,
            model, policy.AuditShare, boxes, clock.GetUtcNow());
    }

    private string LabelOf(int classId) =>
        classId >= 0 && classId < classNames.Count ? classNames[classId] : $"class-{classId}";
}
