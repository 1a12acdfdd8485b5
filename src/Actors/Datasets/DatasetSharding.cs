using Akka.Cluster.Sharding;
using EdgeLabel.Actors.Delivery;

namespace EdgeLabel.Actors.Datasets;

/// <summary>The shard region of project datasets: entity id = project, hosted by cloud nodes only. Edges reach it
/// through a proxy of the same name.</summary>
public static class DatasetSharding
{
    public const string TypeName = "dataset";
    public const int MaxShards = 30;

    public static IMessageExtractor Extractor { get; } = new ProjectMessageExtractor();

    private sealed class ProjectMessageExtractor() : HashCodeMessageExtractor(MaxShards)
    {
        public override string EntityId(object message) => message is IProjectMessage m ? m.Project : null!;
    }
}

/// <summary>Marker for the registry: the dataset shard region (or its proxy, on an edge).</summary>
public sealed class DatasetRegion;
