namespace EdgeLabel.Actors.Outbox;

/// <summary>Asked by a camera's intake under <c>spool.on-full = drop-oldest-auto</c> when an image does not fit
/// the spool quota: delete the spool files of the oldest pending auto-labeled items (never audit or review,
/// never one being uploaded) until at least <see cref="BytesNeeded"/> are freed. Answered with
/// <see cref="SpoolSpaceFreed"/> once the drop is persisted and the files are gone.</summary>
public sealed record FreeSpoolSpace(long BytesNeeded);

/// <summary>What a <see cref="FreeSpoolSpace"/> freed; 0 items when nothing droppable was pending (the camera then waits).</summary>
public sealed record SpoolSpaceFreed(int Items, long Bytes);

/// <summary>Persisted: these pending auto-labeled items were dropped to keep the spool within its quota; they
/// leave the outbox un-uploaded and their spool files are deleted (recorded like an upload's release).</summary>
public sealed record OutboxBytesDropped(IReadOnlyList<ContentId> Ids, string Reason, DateTimeOffset At) : IEdgeLabelMessage;

public static class DropReasons
{
    public const string SpoolQuota = "spool-quota";
}
