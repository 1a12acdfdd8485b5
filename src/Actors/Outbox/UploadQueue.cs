using EdgeLabel.Actors.Upload;

namespace EdgeLabel.Actors.Outbox;

/// <summary>The outbox's volatile scheduling state: which pending items are ready (in priority order), which are
/// in flight, and which wait out a retry backoff. Rebuilt from the ledger after a restart: an upload that was in
/// flight when the process died simply starts again, writing the same bytes to the same key.</summary>
internal sealed class UploadQueue(Random random)
{
    private readonly SortedSet<(int Priority, long Sequence, ContentId Id)> _ready = new();
    private readonly HashSet<ContentId> _inFlight = new();
    private readonly Dictionary<ContentId, (DateTimeOffset NotBefore, int Attempts)> _waiting = new();
    private readonly Dictionary<ContentId, int> _attempts = new();

    public int InFlight => _inFlight.Count;

    public bool IsInFlight(ContentId id) => _inFlight.Contains(id);

    public void Add(OutboxItem item)
    {
        if (_inFlight.Contains(item.Id) || _waiting.ContainsKey(item.Id)) return;
        _ready.Add((item.Priority, item.DecisionSequenceNr, item.Id));
    }

    public void Remove(OutboxItem item)
    {
        _ready.Remove((item.Priority, item.DecisionSequenceNr, item.Id));
        _inFlight.Remove(item.Id);
        _waiting.Remove(item.Id);
        _attempts.Remove(item.Id);
    }

    /// <summary>The next item to upload, highest priority and oldest first, or null.</summary>
    public (int Priority, ContentId Id)? Peek() => _ready.Count == 0 ? null : (_ready.Min.Priority, _ready.Min.Id);

    public int Start(OutboxItem item)
    {
        _ready.Remove((item.Priority, item.DecisionSequenceNr, item.Id));
        _inFlight.Add(item.Id);
        var attempt = _attempts.GetValueOrDefault(item.Id) + 1;
        _attempts[item.Id] = attempt;
        return attempt;
    }

    /// <summary>The upload failed for now: wait a jittered, capped backoff before trying this item again.</summary>
    public void RetryLater(OutboxItem item, DateTimeOffset now, TimeSpan baseDelay, TimeSpan cap)
    {
        _inFlight.Remove(item.Id);
        var attempts = _attempts.GetValueOrDefault(item.Id);
        _waiting[item.Id] = (now + UploadBackoff.Delay(attempts, baseDelay, cap, random), attempts);
    }

    /// <summary>Moves items whose backoff has passed back to ready (all of them when <paramref name="all"/>,
    /// e.g. the moment the link is back).</summary>
    public void Release(DateTimeOffset now, Func<ContentId, OutboxItem?> lookup, bool all = false)
    {
        foreach (var (id, wait) in _waiting.ToArray())
        {
            if (!all && wait.NotBefore > now) continue;
            _waiting.Remove(id);
            if (lookup(id) is { } item) _ready.Add((item.Priority, item.DecisionSequenceNr, item.Id));
        }
    }

    public void Finish(ContentId id)
    {
        _inFlight.Remove(id);
        _attempts.Remove(id);
    }
}
