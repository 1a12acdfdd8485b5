using Akka.Cluster.Sharding;

namespace EdgeLabel.Actors.Labeling;

/// <summary>The shard regions of labeling: jobs (entity id = job name) and coordinators (entity id = project), hosted
/// by cloud nodes. Both remember their entities, so a job that was polling resumes after a restart without a message.</summary>
public static class LabelingSharding
{
    public const string JobTypeName = "labeling-job";
    public const string CoordinatorTypeName = "labeling-coordinator";
    public const int MaxShards = 30;

    public static IMessageExtractor JobExtractor { get; } = new JobMessageExtractor();
    public static IMessageExtractor CoordinatorExtractor { get; } = new ProjectMessageExtractor();

    private sealed class JobMessageExtractor() : HashCodeMessageExtractor(MaxShards)
    {
        public override string EntityId(object message) => message is ILabelingJobMessage m ? m.JobName.ToLowerInvariant() : null!;
    }

    private sealed class ProjectMessageExtractor() : HashCodeMessageExtractor(MaxShards)
    {
        public override string EntityId(object message) => message is ILabelingProjectMessage m ? m.Project : null!;
    }
}

/// <summary>Marker for the registry: the labeling-job shard region.</summary>
public sealed class LabelingJobRegion;

/// <summary>Marker for the registry: the labeling-coordinator shard region.</summary>
public sealed class LabelingCoordinatorRegion;
