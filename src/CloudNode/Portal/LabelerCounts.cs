using System.Collections.Concurrent;

namespace EdgeLabel.CloudNode.Portal;

/// <summary>Each labeler's answered and declined tasks since this node started (the queue page's "my counts").</summary>
public sealed class LabelerCounts
{
    private readonly ConcurrentDictionary<string, (int Answered, int Declined)> _counts = new(StringComparer.Ordinal);

    public (int Answered, int Declined) Of(string worker) => _counts.GetValueOrDefault(worker);

    public void Answered(string worker) => _counts.AddOrUpdate(worker, _ => (1, 0), (_, c) => (c.Answered + 1, c.Declined));

    public void Declined(string worker) => _counts.AddOrUpdate(worker, _ => (0, 1), (_, c) => (c.Answered, c.Declined + 1));
}
