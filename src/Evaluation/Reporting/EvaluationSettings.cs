using EdgeLabel.Actors.Routing;
using EdgeLabel.Evaluation.Metrics;

namespace EdgeLabel.Evaluation.Reporting;

/// <summary>The rules an evaluation's numbers were computed under, as the report states them.</summary>
/// <param name="IoUThreshold">Minimum IoU for a match.</param>
/// <param name="Classes">The class rule after resolving <see cref="ClassMatching.Auto"/>.</param>
/// <param name="ClassRule">The class rule in words, with the truth's classes.</param>
/// <param name="WhenEmpty">What the router does with an image that has nothing above reject.</param>
/// <param name="Accept">The user's accept threshold, if given.</param>
/// <param name="Reject">The user's reject threshold, if given; otherwise rows use the suggested reject.</param>
/// <param name="TargetPrecision">The precision the suggestion aims for.</param>
public sealed record EvaluationSettings(
    double IoUThreshold,
    ClassMatching Classes,
    string ClassRule,
    EmptyImagePolicy WhenEmpty,
    float? Accept,
    float? Reject,
    double TargetPrecision);
