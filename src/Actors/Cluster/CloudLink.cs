using Akka.Actor;
using Akka.Event;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Rollout;

namespace EdgeLabel.Actors.Cluster;

/// <summary>The edge's end of the link, living in the cluster ActorSystem: it carries the delivery queue's batches to
/// the dataset shard region and the cloud's acknowledgements back, and asks the rollout registry for the site's
/// assignment on the installer's behalf. It offers itself to the delivery queue (through the
/// <see cref="CloudGateway"/>) only once this node is Up, and withdraws when its incarnation ends.</summary>
public sealed class CloudLink : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private static readonly TimeSpan RegistryTimeout = TimeSpan.FromSeconds(5);
    private readonly IActorRef _datasets;
    private readonly IActorRef? _rollouts;
    private readonly CloudGateway _gateway;
    private IActorRef? _delivery;

    public CloudLink(IActorRef datasets, CloudGateway gateway, IActorRef? rollouts = null)
    {
        _datasets = datasets;
        _rollouts = rollouts;
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
        // Asked here, not by the installer: the registry can answer only an actor of this (remote-enabled) ActorSystem.
        Receive<GetSiteAssignment>(q => _rollouts?.Ask<SiteAssignment>(q, RegistryTimeout).PipeTo(Sender));
    }

    public static Props Props(IActorRef datasets, CloudGateway gateway, IActorRef? rollouts = null) =>
        Akka.Actor.Props.Create(() => new CloudLink(datasets, gateway, rollouts));

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
