namespace EdgeLabel.Actors.Routing;

/// <summary>The site's current router thresholds, replaced whole when a rollout changes them. The router reads it
/// once per image at decision time, and every decision records the thresholds it applied.</summary>
public sealed class RoutingPolicySlot(RoutingPolicy initial)
{
    private RoutingPolicy _current = initial;

    public RoutingPolicy Current => Volatile.Read(ref _current);

    public void Set(RoutingPolicy policy) => Volatile.Write(ref _current, policy ?? throw new ArgumentNullException(nameof(policy)));
}
