using EdgeLabel.Evaluation.Metrics;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.Evaluation.Reporting;

/// <summary>The outcome of one evaluation: what was compared, the threshold table, and the suggested pair.</summary>
/// <param name="Model">The detector evaluated.</param>
/// <param name="Settings">The rules the numbers were computed under.</param>
/// <param name="Dataset">What was read, evaluated and skipped.</param>
/// <param name="Rows">One row per accept threshold of the sweep, ascending.</param>
/// <param name="Suggestion">The suggested pair for the precision target, with reasons.</param>
public sealed record EvaluationReport(
    ModelIdentity Model,
    EvaluationSettings Settings,
    DatasetSummary Dataset,
    IReadOnlyList<ThresholdRow> Rows,
    ThresholdSuggestion Suggestion)
{
    /// <summary>The row for an accept threshold of the sweep, or null.</summary>
    public ThresholdRow? RowAt(float accept) => Rows.FirstOrDefault(r => Math.Abs(r.Accept - accept) < 1e-4);
}
