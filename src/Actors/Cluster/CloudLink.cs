using Akka.Actor;
using Akka.Event;
using EdgeLabel.Actors.Delivery;

namespace EdgeLabel.Actors.Cluster;

/// <summary>The edge's end of the link, living in the cluster ActorSystem: it carries the delivery queue's batches to
/// the dataset shard region and the cloud's acknowledgements back. It offers itself to the delivery queue (through the
/// <see cref="CloudGateway"/>) only once this node is Up, and withdraws when its incarnation ends.</summary>
public sealed class CloudLink : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _datasets;
    private readonly CloudGateway _gateway;
    private IActorRef? _delivery;

    public CloudLink(IActorRef datasets, CloudGateway gateway)
    {
        _datasets = datasets;
        _gateway = gateway;
        Receive<Up>(_ =>
        {
            _log.Info("Cluster member Up: records flow to the cloud");
            _gateway.Attach(Self);
        });
        Receive<DeliverRecords>(d =>
        {
            _delivery = Sender;
            _datasets.Tell(d, Self); // the cloud answers us, not the delivery queue: its ActorSystem has no address
        });
        Receive<RecordsAcknowledged>(a => _delivery?.Tell(a));
        Receive<RecordsRejected>(r => _delivery?.Tell(r));
    }

    public static Props Props(IActorRef datasets, CloudGateway gateway) =>
        Akka.Actor.Props.Create(() => new CloudLink(datasets, gateway));

    protected override void PreStart()
    {
        var self = Self;
        Akka.Cluster.Cluster.Get(Context.System).RegisterOnMemberUp(() => self.Tell(Up.Instance));
    }

    protected override void PostStop() => _gateway.Detach(Self);

    private sealed record Up
    {
        public static readonly Up Instance = new();
    }
}
