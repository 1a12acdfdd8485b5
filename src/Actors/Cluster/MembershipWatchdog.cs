using Akka.Actor;
using Akka.Event;
using Akka.Remote;
using static Akka.Cluster.ClusterEvent;

namespace EdgeLabel.Actors.Cluster;

/// <summary>Ends this cluster incarnation when it can no longer take part, so the host starts a fresh one that joins
/// again: when another node has quarantined this one (it would stay orphaned forever), or when this node, having been
/// Up, is removed. Before the first Up a node reads as Removed; acting on that would restart every new incarnation.</summary>
public sealed class MembershipWatchdog : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private bool _wasUp;
    private bool _stopping;

    public MembershipWatchdog()
    {
        Receive<ThisActorSystemQuarantinedEvent>(e => End($"quarantined by {e.RemoteAddress}"));
        Receive<MemberUp>(e =>
        {
            if (e.Member.UniqueAddress.Equals(_cluster.SelfUniqueAddress)) _wasUp = true;
        });
        Receive<MemberRemoved>(e =>
        {
            if (_wasUp && e.Member.UniqueAddress.Equals(_cluster.SelfUniqueAddress)) End("removed from the cluster");
        });
        Receive<IClusterDomainEvent>(_ => { });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new MembershipWatchdog());

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ThisActorSystemQuarantinedEvent));
        _cluster.Subscribe(Self, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(MemberUp), typeof(MemberRemoved));
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _cluster.Unsubscribe(Self);
    }

    private void End(string reason)
    {
        if (_stopping) return;
        _stopping = true;
        _log.Warning("This cluster incarnation ends ({0}); the host starts a new one", reason);
        CoordinatedShutdown.Get(Context.System).Run(CoordinatedShutdown.ClusterDowningReason.Instance);
    }
}
