namespace EdgeLabel.Actors.Upload;

/// <summary>Objects and bytes per second over the last ten seconds. Owned by one actor: not thread-safe.</summary>
public sealed class UploadRate(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private readonly Queue<(DateTimeOffset At, long Bytes)> _recent = new();

    public void Record(long bytes)
    {
        var now = clock.GetUtcNow();
        _recent.Enqueue((now, bytes));
        Trim(now);
    }

    public double ObjectsPerSecond
    {
        get
        {
            Trim(clock.GetUtcNow());
            return _recent.Count / Window.TotalSeconds;
        }
    }

    public double BytesPerSecond
    {
        get
        {
            Trim(clock.GetUtcNow());
            return _recent.Sum(r => r.Bytes) / Window.TotalSeconds;
        }
    }

    private void Trim(DateTimeOffset now)
    {
        while (_recent.Count > 0 && now - _recent.Peek().At > Window) _recent.Dequeue();
    }
}
