namespace EdgeLabel.Dataset.Model;

/// <summary>Who drew a box: a model (id, version, score) or people in a labeling job.</summary>
/// <param name="Source"><see cref="MachineSource"/> or <see cref="HumanSource"/>.</param>
/// <param name="ModelId">The detector's id, for machine boxes.</param>
/// <param name="ModelVersion">The detector's version, for machine boxes.</param>
/// <param name="Score">The model's score, or Ground Truth's consolidation confidence for a human box when known.</param>
/// <param name="JobName">The labeling job's name without Ground Truth's "labeling-job/" prefix, for human boxes.</param>
/// <param name="Workers">Worker ids of the human job; empty when the job does not say.</param>
public sealed record BoxProvenance(
    string Source,
    string? ModelId,
    string? ModelVersion,
    double? Score,
    string? JobName,
    IReadOnlyList<string>? Workers)
{
    public const string MachineSource = "machine";
    public const string HumanSource = "human";

    public static BoxProvenance Machine(string modelId, string? modelVersion, double score) =>
        new(MachineSource, modelId, modelVersion, score, null, null);

    public static BoxProvenance Human(string jobName, IReadOnlyList<string> workers, double? confidence = null) =>
        new(HumanSource, null, null, confidence, jobName, workers);

    public bool IsHuman => Source == HumanSource;

    // Value equality over the workers too, so two decoded copies of the same box compare equal.
    public bool Equals(BoxProvenance? other) =>
        other is not null
        && Source == other.Source && ModelId == other.ModelId && ModelVersion == other.ModelVersion
        && Nullable.Equals(Score, other.Score) && JobName == other.JobName
        && (Workers ?? []).SequenceEqual(other.Workers ?? []);

    public override int GetHashCode() => HashCode.Combine(Source, ModelId, ModelVersion, Score, JobName, Workers?.Count ?? 0);
}
