namespace EdgeLabel.Tests.Labeling;

/// <summary>A clock whose timers fire only when the spec moves time: <see cref="FireNext"/> jumps to the earliest
/// pending timer and fires it, returning how far time moved (so a spec can read the actor's chosen delays).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly object _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward without firing anything (timers due by then fire on the next <see cref="FireNext"/>).</summary>
    public void Advance(TimeSpan by)
    {
        lock (_lock) _now += by;
    }

    /// <summary>Waits (real time) for a pending timer, moves time to its due time (never backwards) and fires it.</summary>
    public async Task<TimeSpan> FireNext(TimeSpan? patience = null)
    {
        var until = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            ManualTimer? next;
            TimeSpan moved;
            lock (_lock)
            {
                next = _timers.OrderBy(t => t.DueAt).FirstOrDefault();
                moved = TimeSpan.Zero;
                if (next is not null)
                {
                    if (next.DueAt > _now)
                    {
                        moved = next.DueAt - _now;
                        _now = next.DueAt;
                    }
                    if (next.Period == Timeout.InfiniteTimeSpan) _timers.Remove(next);
                    else next.DueAt += next.Period;
                }
            }
            if (next is not null)
            {
                next.Fire();
                return moved;
            }
            if (DateTime.UtcNow > until) throw new TimeoutException("no timer was scheduled");
            await Task.Delay(10);
        }
    }

    /// <summary>Fires every timer due by now (after <see cref="Advance"/>), once each.</summary>
    public void FireDue()
    {
        List<ManualTimer> due;
        lock (_lock)
        {
            due = _timers.Where(t => t.DueAt <= _now).ToList();
            foreach (var t in due)
                if (t.Period == Timeout.InfiniteTimeSpan) _timers.Remove(t);
                else t.DueAt = _now + t.Period;
        }
        foreach (var t in due) t.Fire();
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; set; }
        public TimeSpan Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
                Period = period;
                if (dueTime == Timeout.InfiniteTimeSpan) return true;
                DueAt = owner._now + dueTime;
                owner._timers.Add(this);
            }
            return true;
        }

        public void Dispose()
        {
            lock (owner._lock) owner._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
