namespace EdgeLabel.Actors.Pipeline;

/// <summary>The explicit bound on images between "camera accepted" and "decision persisted". Cameras await a
/// permit before admitting an image (the HTTP camera only tries, and answers 503 when none is free); settling
/// an image returns its permit. This keeps memory and spool growth bounded whatever the stage buffers do.</summary>
public sealed class InFlightLimiter
{
    private readonly SemaphoreSlim _permits;
    private int _inFlight;
    private int _peak;

    public InFlightLimiter(int capacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "max-in-flight must be >= 1");
        Capacity = capacity;
        _permits = new SemaphoreSlim(capacity, capacity);
    }

    public int Capacity { get; }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Highest number of images in flight seen so far.</summary>
    public int Peak => Volatile.Read(ref _peak);

    public async Task AcquireAsync(CancellationToken ct = default)
    {
        await _permits.WaitAsync(ct).ConfigureAwait(false);
        Track();
    }

    public bool TryAcquire()
    {
        if (!_permits.Wait(0)) return false;
        Track();
        return true;
    }

    public void Release()
    {
        Interlocked.Decrement(ref _inFlight);
        _permits.Release();
    }

    private void Track()
    {
        var now = Interlocked.Increment(ref _inFlight);
        int peak;
        while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak) { }
    }
}
