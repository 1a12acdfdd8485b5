using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using static Akka.Cluster.ClusterEvent;

namespace EdgeLabel.Actors.Cluster;

/// <summary>An edge's defence against a partial link: when this edge loses one cloud node but still reaches another, the
/// split brain resolver sees the pair as indirectly connected and downs both — a cloud node taken out because of one
/// site's bad route. So on every unreachable cloud node the guard checks (1) whether this edge can still Identify it
/// (then the trouble is someone else's) and (2) whether another reachable cloud node can; if only this edge lost it,
/// the edge downs itself first (well within the resolver's stable-after), a new incarnation rejoins, and the cloud
/// keeps every member. A cloud node that nobody reaches is left to the resolver.</summary>
public sealed class PartialLinkGuard : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly HashSet<Address> _checking = [];
    private bool _leaving;

    public PartialLinkGuard()
    {
        Receive<UnreachableMember>(e =>
        {
            if (e.Member.HasRole(ClusterRoles.Cloud)) Check(e.Member.Address);
        });
        Receive<DirectChecked>(OnDirect);
        Receive<WitnessChecked>(OnWitness);
        Receive<Confirmed>(OnConfirmed);
        Receive<EndIncarnation>(_ => OnEndIncarnation());
        Receive<IClusterDomainEvent>(_ => { });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new PartialLinkGuard());

    protected override void PreStart() =>
        _cluster.Subscribe(Self, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(UnreachableMember));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Check(Address cloud)
    {
        if (_leaving || !_checking.Add(cloud)) return;
        PeerCheck.Identify(Context, cloud)
            .PipeTo(Self, success: ok => new DirectChecked(cloud, ok), failure: _ => new DirectChecked(cloud, false));
    }

    private void OnDirect(DirectChecked direct)
    {
        if (direct.Reachable || _leaving)
        {
            _checking.Remove(direct.Cloud); // this edge still reaches it: not our link
            return;
        }
        var unreachable = _cluster.State.Unreachable.Select(m => m.Address).ToHashSet();
        var witness = _cluster.State.Members
            .Where(m => m.HasRole(ClusterRoles.Cloud) && m.Status == MemberStatus.Up && !m.Address.Equals(direct.Cloud) && !unreachable.Contains(m.Address))
            .OrderBy(m => m, Member.AgeOrdering)
            .FirstOrDefault();
        if (witness is null)
        {
            _checking.Remove(direct.Cloud); // no other cloud node in sight: a full cut, the resolver's business
            return;
        }
        Context.ActorSelection(new RootActorPath(witness.Address) / "user" / PeerCheck.Name)
            .Ask<PeerChecked>(new CheckPeer(direct.Cloud.ToString()), PeerCheck.IdentifyTimeout + TimeSpan.FromSeconds(1))
            .PipeTo(Self, success: r => new WitnessChecked(direct.Cloud, witness.Address, r.Reachable),
                failure: _ => new WitnessChecked(direct.Cloud, witness.Address, false));
    }

    private void OnWitness(WitnessChecked result)
    {
        if (!result.ReachableByWitness || _leaving)
        {
            _checking.Remove(result.Cloud);
            return;
        }
        // Once more, directly: right after a link returns, remoting keeps the address gated for a few seconds and the
        // first Identify fails although the route is back; leaving then would only churn membership.
        PeerCheck.Identify(Context, result.Cloud)
            .PipeTo(Self, success: ok => new Confirmed(result, ok), failure: _ => new Confirmed(result, false));
    }

    private void OnConfirmed(Confirmed confirmed)
    {
        var result = confirmed.Witnessed;
        _checking.Remove(result.Cloud);
        if (confirmed.ReachableNow || _leaving) return;
        _leaving = true;
        _log.Warning("Partial link: this edge cannot reach cloud node {0}, which {1} still reaches. Leaving the cluster (down self) so the " +
                     "split brain resolver does not take the cloud node out with us; a new incarnation rejoins.", result.Cloud, result.Witness);
        _cluster.Down(_cluster.SelfAddress);
        // Normally the leader removes this member within a second or two and the watchdog ends the incarnation. If the
        // membership cannot converge (seen when the route returned just then), end it anyway: a stopped node's Down
        // member no longer gossips its stale observations.
        Context.System.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(10), Self, EndIncarnation.Instance, Self);
    }

    private void OnEndIncarnation()
    {
        _log.Warning("Partial link: still a member 10 s after downing itself; ending this cluster incarnation so a new one rejoins");
        CoordinatedShutdown.Get(Context.System).Run(CoordinatedShutdown.ClusterDowningReason.Instance);
    }

    private sealed record DirectChecked(Address Cloud, bool Reachable);

    private sealed record WitnessChecked(Address Cloud, Address Witness, bool ReachableByWitness);

    private sealed record Confirmed(WitnessChecked Witnessed, bool ReachableNow);

    private sealed class EndIncarnation
    {
        public static readonly EndIncarnation Instance = new();
    }
}
