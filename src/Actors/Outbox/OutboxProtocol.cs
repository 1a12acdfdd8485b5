using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.Actors.Outbox;

/// <summary>An image waiting to leave the site: its decision (for the pre-annotations stored with it) and where it came
/// from. The bytes stay in the spool under <see cref="Id"/> until the store has confirmed them.</summary>
public sealed record OutboxItem(
    ContentId Id, RouteKind Kind, ImageSource Source, int Width, int Height, ModelIdentity Model,
    IReadOnlyList<DecidedBox> Boxes, long DecisionSequenceNr, DateTimeOffset EnqueuedAt)
{
    /// <summary>Upload order: audit first (they measure precision), then review, then everything else.</summary>
    public int Priority => Kind switch { RouteKind.Audit => 0, RouteKind.Review => 1, _ => 2 };
}

/// <summary>An object the store confirmed.</summary>
public sealed record UploadedObject(ContentId Id, string ObjectUri, string ETag, long Bytes, DateTimeOffset UploadedAt);

/// <summary>An item that can never be uploaded, and why.</summary>
public sealed record FailedItem(ContentId Id, string Reason, DateTimeOffset FailedAt);

// Persisted events of the outbox (one per batch, so a busy site writes few rows).

/// <summary>Items taken from the decision journal up to (and including) a sequence number.</summary>
public sealed record OutboxItemsEnqueued(IReadOnlyList<OutboxItem> Items, long UpToDecisionSequenceNr) : IEdgeLabelMessage;

/// <summary>The store confirmed these objects; their spool files may now go.</summary>
public sealed record OutboxItemsUploaded(IReadOnlyList<UploadedObject> Objects) : IEdgeLabelMessage;

/// <summary>These items failed permanently (kept for the operator; their spool files stay).</summary>
public sealed record OutboxItemsFailed(IReadOnlyList<FailedItem> Items) : IEdgeLabelMessage;

/// <summary>The spool files of these uploaded items are deleted.</summary>
public sealed record OutboxSpoolReleased(IReadOnlyList<ContentId> Ids) : IEdgeLabelMessage;

/// <summary>A spool file the outbox will delete once its upload is persisted.</summary>
public sealed record SpoolFile(ContentId Id, string Extension);

public sealed record OutboxSnapshot(
    IReadOnlyList<OutboxItem> Pending, IReadOnlyList<SpoolFile> AwaitingRelease, IReadOnlyList<FailedItem> Failed,
    long UpToDecisionSequenceNr, long UploadedCount, long UploadedBytes, long DroppedByQuota = 0) : IEdgeLabelMessage;

// Queries (local).

public sealed record GetOutboxStatus
{
    public static readonly GetOutboxStatus Instance = new();
}

/// <summary>What an operator asks of the outbox: how much waits, how big, how old, how fast it drains, and
/// whether it is running, waiting for the link, or paused by a store error (with the reason).</summary>
public sealed record OutboxStatus(
    int Depth, int Audit, int Review, int AutoLabeled, long BytesPending, DateTimeOffset? OldestEnqueuedAt,
    long ProjectedUpTo, int InFlight, long Uploaded, long UploadedBytes, double UploadObjectsPerSecond,
    double UploadBytesPerSecond, int FailedPermanently, string State, string? LastError, DateTimeOffset? LastUploadAt,
    long DroppedByQuota = 0)
{
    public bool Paused => State == OutboxStates.Paused;
}

public static class OutboxStates
{
    public const string Running = "running";
    public const string LinkDown = "link-down";
    public const string Paused = "paused";
    public const string Disabled = "disabled";
    public const string OutsideWindow = "outside-window";
}

public sealed record GetPendingItems
{
    public static readonly GetPendingItems Instance = new();
}

public sealed record PendingItems(IReadOnlyList<OutboxItem> Items);

/// <summary>A camera re-admitted an image that was decided before; its fresh spool copy can go unless the
/// outbox still needs it.</summary>
public sealed record SpoolCopyNotNeeded(ContentId Id, string Extension);
