namespace EdgeLabel.Actors.Pipeline;

/// <summary>Sizes and parallelism of the edge pipeline (HOCON <c>edgelabel.pipeline</c>).</summary>
public sealed record PipelineSettings(
    int MaxInFlight,
    int DecodeParallelism,
    int InferenceParallelism,
    int MaxBatch,
    TimeSpan BatchWindow,
    int PersistBatch,
    TimeSpan PersistWindow,
    TimeSpan PersistTimeout)
{
    public static PipelineSettings Default { get; } = new(256, 2, 2, 8, TimeSpan.FromMilliseconds(5), 256,
        TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10));
}
