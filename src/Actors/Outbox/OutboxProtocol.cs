using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Routing;

namespace EdgeLabel.Actors.Outbox;

/// <summary>An image waiting in the outbox for a human: its bytes stay in the spool under <see cref="Id"/>.</summary>
public sealed record ReviewItem(ContentId Id, RouteKind Kind, ImageSource Source, long DecisionSequenceNr, DateTimeOffset EnqueuedAt);

/// <summary>Persisted: items taken from the decision journal up to (and including) a sequence number.</summary>
public sealed record ReviewItemsEnqueued(IReadOnlyList<ReviewItem> Items, long UpToDecisionSequenceNr) : IEdgeLabelMessage;

public sealed record ReviewOutboxSnapshot(IReadOnlyList<ReviewItem> Pending, long UpToDecisionSequenceNr) : IEdgeLabelMessage;

public sealed record GetOutboxStatus
{
    public static readonly GetOutboxStatus Instance = new();
}

/// <summary>What an operator asks of the outbox: how much waits, how big, how old.</summary>
public sealed record OutboxStatus(int Depth, int Review, int Audit, long BytesPending, DateTimeOffset? OldestEnqueuedAt, long ProjectedUpTo);

public sealed record GetPendingReviewItems
{
    public static readonly GetPendingReviewItems Instance = new();
}

public sealed record PendingReviewItems(IReadOnlyList<ReviewItem> Items);
