using Akka.Actor;

namespace EdgeLabel.Actors.Delivery;

/// <summary>Where the edge's delivery queue finds the cloud: the link actor of the current cluster incarnation, or
/// none while the cluster ActorSystem is down or restarting. The site's pipeline, journal, outbox and delivery queue
/// live in a local ActorSystem that never restarts; only the cluster side comes and goes, and it attaches its link
/// actor here.</summary>
public sealed class CloudGateway
{
    private IActorRef? _link;

    public IActorRef? Link => Volatile.Read(ref _link);

    public void Attach(IActorRef link) => Volatile.Write(ref _link, link);

    /// <summary>Detaches only if <paramref name="link"/> is still the current one (a new incarnation may have attached already).</summary>
    public void Detach(IActorRef link) => Interlocked.CompareExchange(ref _link, null, link);
}
