using Akka.Actor;

namespace EdgeLabel.Actors.Cluster;

/// <summary>A cloud node's witness for edges (at <c>/user/peer-check</c>): <see cref="CheckPeer"/> → does the other
/// node's peer check answer an Identify from here? Lets an edge tell "my link to that node is cut" from "that node is
/// gone" (see <see cref="PartialLinkGuard"/>). It also is what edges Identify to test their own link to a cloud node.</summary>
public sealed class PeerCheck : ReceiveActor
{
    public const string Name = "peer-check";
    public static readonly TimeSpan IdentifyTimeout = TimeSpan.FromSeconds(2);

    public PeerCheck()
    {
        Receive<CheckPeer>(check =>
        {
            var replyTo = Sender;
            if (!Akka.Actor.Address.TryParse(check.Address, out var address))
            {
                replyTo.Tell(new PeerChecked(check.Address, false));
                return;
            }
            Identify(Context, address)
                .PipeTo(replyTo, success: ok => new PeerChecked(check.Address, ok), failure: _ => new PeerChecked(check.Address, false));
        });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new PeerCheck());

    /// <summary>True when the peer check at <paramref name="address"/> answers an Identify within <see cref="IdentifyTimeout"/>.</summary>
    public static async Task<bool> Identify(IActorContext context, Address address)
    {
        var identity = await context.ActorSelection(new RootActorPath(address) / "user" / Name)
            .Ask<ActorIdentity>(new Identify(null), IdentifyTimeout).ConfigureAwait(false);
        return identity.Subject is not null;
    }
}
