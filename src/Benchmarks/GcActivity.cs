namespace EdgeLabel.Benchmarks;

/// <summary>What the garbage collector did during a phase: collections per generation, time paused, bytes allocated.
/// Each collection also lets the finalizer thread run, so their count explains CPU the phase spent outside its own code.</summary>
public sealed record GcActivity(int Gen0, int Gen1, int Gen2, double PauseMs, double AllocatedMb)
{
    public static Func<GcActivity> Start()
    {
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var pause = GC.GetTotalPauseDuration();
        var allocated = GC.GetTotalAllocatedBytes();
        return () => new GcActivity(GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2,
            Math.Round((GC.GetTotalPauseDuration() - pause).TotalMilliseconds, 1), Math.Round((GC.GetTotalAllocatedBytes() - allocated) / 1e6, 1));
    }

    public override string ToString() => $"GCs {Gen0}/{Gen1}/{Gen2} (gen0/1/2), paused {PauseMs:F0} ms, allocated {AllocatedMb:F0} MB";
}
