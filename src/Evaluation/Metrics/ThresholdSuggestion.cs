namespace EdgeLabel.Evaluation.Metrics;

/// <summary>The threshold pair the evaluation recommends for a precision target, and why; <see cref="Row"/> is null
/// when no accept threshold in the sweep reaches the target.</summary>
/// <param name="TargetPrecision">The auto-label precision asked for.</param>
/// <param name="RecallKeep">Share of the best reachable recall the reject threshold must keep.</param>
/// <param name="Reject">The reject threshold the recall rule chose, before capping at the accept threshold.</param>
/// <param name="Row">The suggested pair as evaluated, or null.</param>
/// <param name="Reasons">One line per decision, for people reading the report.</param>
public sealed record ThresholdSuggestion(double TargetPrecision, double RecallKeep, float Reject, ThresholdRow? Row, IReadOnlyList<string> Reasons);
