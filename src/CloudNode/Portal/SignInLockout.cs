using System.Collections.Concurrent;

namespace EdgeLabel.CloudNode.Portal;

/// <summary>Locks a labeler name out of sign-in for <see cref="LockFor"/> after <see cref="MaxFailures"/> wrong passwords in
/// a row (the per-address rate limit bounds guessing across names). In memory: a restart forgives.</summary>
public sealed class SignInLockout(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(5);
    private const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(int Failures, DateTimeOffset? LockedUntil);

    /// <summary>How long <paramref name="worker"/> stays locked out, or null when they may try.</summary>
    public TimeSpan? LockedFor(string worker)
    {
        if (!_entries.TryGetValue(worker, out var entry) || entry.LockedUntil is not { } until) return null;
        var left = until - clock.GetUtcNow();
        if (left > TimeSpan.Zero) return left;
        _entries.TryRemove(worker, out _); // the lock ran out: a fresh count of failures
        return null;
    }

    /// <summary>Counts a wrong password; true when this one locked the name.</summary>
    public bool Failed(string worker)
    {
        if (_entries.Count >= MaxTracked) Prune();
        // Still full of live locks (many names guessed from many addresses): stop tracking new names rather than grow.
        if (_entries.Count >= MaxTracked && !_entries.ContainsKey(worker)) return false;
        var entry = _entries.AddOrUpdate(worker,
            _ => new Entry(1, MaxFailures <= 1 ? clock.GetUtcNow() + LockFor : null),
            (_, e) => e.Failures + 1 >= MaxFailures ? new Entry(e.Failures + 1, clock.GetUtcNow() + LockFor) : e with { Failures = e.Failures + 1 });
        return entry.LockedUntil is not null && entry.Failures == MaxFailures;
    }

    public void Succeeded(string worker) => _entries.TryRemove(worker, out _);

    private void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (name, entry) in _entries)
            if (entry.LockedUntil is null || entry.LockedUntil <= now) _entries.TryRemove(name, out _);
    }
}
