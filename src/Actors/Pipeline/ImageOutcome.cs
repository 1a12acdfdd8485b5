using EdgeLabel.Actors.Routing;

namespace EdgeLabel.Actors.Pipeline;

public enum OutcomeKind
{
    Decided,
    Quarantined,
    /// <summary>A decision for the same content id already existed (a restart rescanned it, or a duplicate file).</summary>
    AlreadyDecided,
}

/// <summary>What happened to one image, as reported back to its camera.</summary>
public sealed record ImageOutcome(ContentId Id, OutcomeKind Kind, RouteKind? Route, string? Reason, string? Detail = null);
