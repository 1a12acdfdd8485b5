namespace EdgeLabel.Actors.Outbox;

/// <summary>The outbox's persisted state: items not yet uploaded, uploads whose spool files are not yet deleted,
/// permanent failures and counters. Mutable, owned by the outbox actor, changed only by events.</summary>
internal sealed class OutboxLedger
{
    private readonly Dictionary<ContentId, OutboxItem> _pending = new();
    private readonly Dictionary<ContentId, string> _awaitingRelease = new(); // id → spool extension
    private readonly Dictionary<ContentId, FailedItem> _failed = new();

    public IReadOnlyDictionary<ContentId, OutboxItem> Pending => _pending;
    public IReadOnlyDictionary<ContentId, string> AwaitingRelease => _awaitingRelease;
    public IReadOnlyDictionary<ContentId, FailedItem> Failed => _failed;
    public long ProjectedUpTo { get; private set; }
    public long UploadedCount { get; private set; }
    public long UploadedBytes { get; private set; }
    public DateTimeOffset? LastUploadAt { get; private set; }

    /// <summary>Pending auto-labeled items dropped, un-uploaded, to keep the spool within its quota.</summary>
    public long DroppedByQuota { get; private set; }

    /// <summary>True when the outbox still needs this image's spool file.</summary>
    public bool Holds(ContentId id) => _pending.ContainsKey(id) || _awaitingRelease.ContainsKey(id);

    public bool Knows(ContentId id) => Holds(id) || _failed.ContainsKey(id);

    public void Apply(object e)
    {
        switch (e)
        {
            case OutboxItemsEnqueued enqueued:
                foreach (var item in enqueued.Items) _pending[item.Id] = item;
                ProjectedUpTo = Math.Max(ProjectedUpTo, enqueued.UpToDecisionSequenceNr);
                break;
            case OutboxItemsUploaded uploaded:
                foreach (var o in uploaded.Objects)
                {
                    if (!_pending.Remove(o.Id, out var item)) continue; // a duplicate confirmation counts once
                    _awaitingRelease[o.Id] = item.Source.Extension;
                    UploadedCount++;
                    UploadedBytes += o.Bytes;
                    LastUploadAt = o.UploadedAt;
                }
                break;
            case OutboxItemsFailed failed:
                foreach (var f in failed.Items)
                {
                    _pending.Remove(f.Id);
                    _failed[f.Id] = f;
                }
                break;
            case OutboxBytesDropped dropped:
                // Their spool files go the way of an upload's: awaiting release until OutboxSpoolReleased.
                foreach (var id in dropped.Ids)
                {
                    if (!_pending.Remove(id, out var item)) continue; // a replayed drop counts once
                    _awaitingRelease[id] = item.Source.Extension;
                    DroppedByQuota++;
                }
                break;
            case OutboxSpoolReleased released:
                foreach (var id in released.Ids) _awaitingRelease.Remove(id);
                break;
            case OutboxSnapshot snapshot:
                Restore(snapshot);
                break;
        }
    }

    public void AdvanceProjection(long upTo) => ProjectedUpTo = Math.Max(ProjectedUpTo, upTo);

    public OutboxSnapshot ToSnapshot() =>
        new(_pending.Values.ToArray(), _awaitingRelease.Select(a => new SpoolFile(a.Key, a.Value)).ToArray(), _failed.Values.ToArray(), ProjectedUpTo, UploadedCount, UploadedBytes, DroppedByQuota);

    private void Restore(OutboxSnapshot s)
    {
        _pending.Clear();
        _awaitingRelease.Clear();
        _failed.Clear();
        foreach (var item in s.Pending) _pending[item.Id] = item;
        foreach (var file in s.AwaitingRelease) _awaitingRelease[file.Id] = file.Extension;
        foreach (var f in s.Failed) _failed[f.Id] = f;
        ProjectedUpTo = s.UpToDecisionSequenceNr;
        UploadedCount = s.UploadedCount;
        UploadedBytes = s.UploadedBytes;
        DroppedByQuota = s.DroppedByQuota;
    }
}
