using Akka.Actor;
using EdgeLabel.Actors.Delivery;

namespace EdgeLabel.Actors.Datasets;

/// <summary>Stands in for a project the cloud is not configured for: it answers every message with a refusal
/// (the edge keeps its records and retries later, after the operator adds the project) and persists nothing.</summary>
public sealed class UnknownProjectDataset : ReceiveActor
{
    public UnknownProjectDataset(string project, IReadOnlyCollection<string> known)
    {
        var reason = $"unknown project '{project}'; this cloud knows: {string.Join(", ", known.Order())} (edgelabel.cloud.projects)";
        Receive<DeliverRecords>(d => Sender.Tell(new RecordsRejected(project, d.Site, reason)));
        ReceiveAny(_ => Sender.Tell(new UnknownProject(project, reason)));
    }

    public static Props Props(string project, IReadOnlyCollection<string> known) =>
        Akka.Actor.Props.Create(() => new UnknownProjectDataset(project, known));
}
