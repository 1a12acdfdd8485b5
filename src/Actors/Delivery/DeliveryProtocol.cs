using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.Actors.Delivery;

/// <summary>What a record tells the cloud: an image was decided at the edge (every image, once), or a review or
/// audit image is now in the object store and can go to human labelers.</summary>
public enum SiteRecordKind
{
    Image,
    ReviewNotice,
}

/// <summary>One record of a site's delivery stream. <see cref="Seq"/> is the site's delivery sequence number: contiguous,
/// assigned once and persisted on the edge before the record is sent, so the cloud can dedupe by a per-site
/// high-water mark. <see cref="ObjectUri"/> is the image's deterministic object URI (where it is or will be).</summary>
public sealed record SiteRecord(
    long Seq, SiteRecordKind Kind, ContentId Id, RouteKind Route, ImageSource Source, int Width, int Height,
    ModelIdentity Model, IReadOnlyList<DecidedBox> Boxes, string ObjectUri, DateTimeOffset At)
{
    public static SiteRecord From(long seq, SiteRecordKind kind, OutboxItem item, string objectUri, DateTimeOffset at) =>
        new(seq, kind, item.Id, item.Kind, item.Source, item.Width, item.Height, item.Model, item.Boxes, objectUri, at);
}

/// <summary>A message routed to the dataset of one project (the sharding key).</summary>
public interface IProjectMessage
{
    string Project { get; }
}

// Edge ⇄ cloud (remote; serialized with stable manifests).

/// <summary>Records of one site in sequence order, a contiguous run. Sent again until acknowledged.</summary>
public sealed record DeliverRecords(string Project, string Site, IReadOnlyList<SiteRecord> Records) : IEdgeLabelMessage, IProjectMessage;

/// <summary>Cumulative: the cloud has persisted every record of the site up to and including <see cref="UpTo"/>.</summary>
public sealed record RecordsAcknowledged(string Project, string Site, long UpTo) : IEdgeLabelMessage;

/// <summary>The cloud refuses the site's records (e.g. an unknown project); the edge keeps them and retries later.</summary>
public sealed record RecordsRejected(string Project, string Site, string Reason) : IEdgeLabelMessage;

// Persisted events of the edge's delivery queue.

/// <summary>Records created from the outbox journal up to (and including) its sequence number <see cref="OutboxUpTo"/>.</summary>
public sealed record DeliveryRecordsQueued(IReadOnlyList<SiteRecord> Records, long OutboxUpTo) : IEdgeLabelMessage;

public sealed record DeliveryAcknowledged(long UpTo) : IEdgeLabelMessage;

public sealed record DeliverySnapshot(
    IReadOnlyList<SiteRecord> Unacknowledged, IReadOnlyList<SiteRecord> AwaitingUpload, long NextSeq, long AcknowledgedUpTo,
    long OutboxUpTo) : IEdgeLabelMessage;

// Local queries.

public sealed record GetDeliveryStatus
{
    public static readonly GetDeliveryStatus Instance = new();
}

/// <summary>How far the site's records have got: queued, acknowledged by the cloud, waiting, and the link's state.</summary>
public sealed record DeliveryStatus(
    string Project, string State, long Queued, long Acknowledged, int Pending, int AwaitingUpload, DateTimeOffset? OldestPendingAt,
    DateTimeOffset? LastAcknowledgedAt, string? LastError);

public static class DeliveryStates
{
    public const string Delivering = "delivering";
    public const string Idle = "idle";
    public const string LinkDown = "link-down";
    public const string Rejected = "rejected";
    public const string Disabled = "disabled";
}
