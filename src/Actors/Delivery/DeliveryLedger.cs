using EdgeLabel.Actors.Routing;

namespace EdgeLabel.Actors.Delivery;

/// <summary>The edge delivery queue's persisted state: records not yet acknowledged (in sequence order), review and
/// audit images whose upload is not yet confirmed, and how far the outbox journal has been read. Mutable, owned by
/// <see cref="CloudDelivery"/>, changed only by events.</summary>
internal sealed class DeliveryLedger
{
    private readonly SortedList<long, SiteRecord> _unacknowledged = new();
    private readonly Dictionary<ContentId, SiteRecord> _awaitingUpload = new();

    public long NextSeq { get; private set; } = 1;
    public long AcknowledgedUpTo { get; private set; }
    public long OutboxUpTo { get; private set; }
    public int Pending => _unacknowledged.Count;
    public int AwaitingUpload => _awaitingUpload.Count;
    public SiteRecord? OldestPending => _unacknowledged.Count == 0 ? null : _unacknowledged.Values[0];

    public bool IsAwaitingUpload(ContentId id) => _awaitingUpload.ContainsKey(id);

    public SiteRecord AwaitingRecord(ContentId id) => _awaitingUpload[id];

    /// <summary>Up to <paramref name="max"/> unacknowledged records starting after <paramref name="after"/>.</summary>
    public IReadOnlyList<SiteRecord> Window(long after, int max)
    {
        var result = new List<SiteRecord>(Math.Min(max, _unacknowledged.Count));
        var keys = _unacknowledged.Keys;
        var start = FirstIndexAfter(after);
        for (var i = start; i < keys.Count && result.Count < max; i++) result.Add(_unacknowledged.Values[i]);
        return result;
    }

    public void Apply(object e)
    {
        switch (e)
        {
            case DeliveryRecordsQueued queued:
                foreach (var record in queued.Records)
                {
                    if (record.Seq < NextSeq) continue; // replayed twice: the sequence number says it is known
                    _unacknowledged[record.Seq] = record;
                    NextSeq = record.Seq + 1;
                    if (record.Kind == SiteRecordKind.Image && record.Route != RouteKind.AutoLabel) _awaitingUpload[record.Id] = record;
                    else if (record.Kind == SiteRecordKind.ReviewNotice) _awaitingUpload.Remove(record.Id);
                }
                OutboxUpTo = Math.Max(OutboxUpTo, queued.OutboxUpTo);
                break;
            case DeliveryAcknowledged acknowledged when acknowledged.UpTo > AcknowledgedUpTo:
                AcknowledgedUpTo = acknowledged.UpTo;
                while (_unacknowledged.Count > 0 && _unacknowledged.Keys[0] <= AcknowledgedUpTo) _unacknowledged.RemoveAt(0);
                break;
            case DeliverySnapshot snapshot:
                _unacknowledged.Clear();
                foreach (var record in snapshot.Unacknowledged) _unacknowledged[record.Seq] = record;
                _awaitingUpload.Clear();
                foreach (var record in snapshot.AwaitingUpload) _awaitingUpload[record.Id] = record;
                NextSeq = snapshot.NextSeq;
                AcknowledgedUpTo = snapshot.AcknowledgedUpTo;
                OutboxUpTo = snapshot.OutboxUpTo;
                break;
        }
    }

    public DeliverySnapshot ToSnapshot() =>
        new(_unacknowledged.Values.ToArray(), _awaitingUpload.Values.ToArray(), NextSeq, AcknowledgedUpTo, OutboxUpTo);

    private int FirstIndexAfter(long seq)
    {
        // Binary search over the sorted keys: resending a window must not scan 20,000 pending records.
        var keys = _unacknowledged.Keys;
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (keys[mid] <= seq) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
