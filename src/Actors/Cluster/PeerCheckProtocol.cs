namespace EdgeLabel.Actors.Cluster;

/// <summary>Asked of a cloud node's <see cref="PeerCheck"/> by an edge that lost sight of another cloud node: can you
/// reach the node at <see cref="Address"/> (an Akka address, e.g. <c>akka.tcp://edgelabel@10.0.0.2:4053</c>)?</summary>
public sealed record CheckPeer(string Address) : IEdgeLabelMessage;

/// <summary>The answer: <see cref="Reachable"/> when the peer's own <see cref="PeerCheck"/> answered in time.</summary>
public sealed record PeerChecked(string Address, bool Reachable) : IEdgeLabelMessage;
