namespace EdgeLabel.Actors.Inference;

/// <summary>The site's active detector, swappable while images are in flight. Each image takes a
/// <see cref="DetectorLease"/> before it is prepared (the tensor layout belongs to the model) and keeps it until it is
/// decided, so one image is prepared, run and recorded by exactly one model. A replaced detector is disposed when its
/// last lease is returned, never under an image that still uses it.</summary>
public sealed class DetectorSlot : IDisposable
{
    private Holder _current;

    public DetectorSlot(IImageDetector initial) => _current = new Holder(initial);

    /// <summary>The detector new images get (a snapshot: it may be replaced right after).</summary>
    public IImageDetector Current => Volatile.Read(ref _current).Detector;

    /// <summary>A lease on the current detector; the caller returns it with <see cref="DetectorLease.Dispose"/>.</summary>
    public DetectorLease Acquire()
    {
        while (true)
        {
            var holder = Volatile.Read(ref _current);
            // Fails only when a swap retired this holder between the read and here: read the new one.
            if (holder.TryRetain()) return new DetectorLease(holder);
        }
    }

    /// <summary>Makes <paramref name="next"/> the detector of every image prepared from now on and returns the
    /// detector it replaced (disposed by this slot once no image holds it any more).</summary>
    public IImageDetector Swap(IImageDetector next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var previous = Interlocked.Exchange(ref _current, new Holder(next));
        previous.Release(); // the slot's own reference; leases still out keep it alive
        return previous.Detector;
    }

    /// <summary>Gives up the slot's reference to the current detector (disposed once its leases are back).</summary>
    public void Dispose() => Volatile.Read(ref _current).Release();

    /// <summary>A detector and how many references (the slot's own plus one per lease) keep it alive.</summary>
    internal sealed class Holder(IImageDetector detector)
    {
        private int _references = 1;

        public IImageDetector Detector { get; } = detector;

        public bool TryRetain()
        {
            while (true)
            {
                var seen = Volatile.Read(ref _references);
                if (seen == 0) return false; // retired and disposed (or being disposed): never resurrect it
                if (Interlocked.CompareExchange(ref _references, seen + 1, seen) == seen) return true;
            }
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0 && Detector is IDisposable disposable) disposable.Dispose();
        }
    }
}

/// <summary>One image's hold on the detector that prepares, runs and is recorded for it. Returning it twice is harmless.</summary>
public sealed class DetectorLease : IDisposable
{
    private DetectorSlot.Holder? _holder;

    internal DetectorLease(DetectorSlot.Holder holder)
    {
        _holder = holder;
        Detector = holder.Detector;
    }

    public IImageDetector Detector { get; }

    public void Dispose() => Interlocked.Exchange(ref _holder, null)?.Release();
}
