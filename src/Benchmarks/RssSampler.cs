namespace EdgeLabel.Benchmarks;

/// <summary>Peak resident memory of this process over one phase, measured two ways: the kernel's high-water mark
/// (VmHWM, reset at the phase start by writing 5 to /proc/self/clear_refs) and the highest VmRSS seen by a
/// sampler thread every 20 ms. A full GC runs first, so a phase does not pay for the previous one's garbage.</summary>
public sealed class RssSampler
{
    private Thread? _thread;
    private volatile bool _running;
    private long _maxSampledKb;
    private bool _hwmReset;
    private long _startKb;

    public void Begin()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        _hwmReset = TryResetHighWaterMark();
        _startKb = ReadKb("VmRSS");
        _maxSampledKb = _startKb;
        _running = true;
        _thread = new Thread(Sample) { IsBackground = true, Name = "rss-sampler" };
        _thread.Start();
    }

    public RssPeak End()
    {
        _running = false;
        _thread?.Join();
        var sampled = Math.Max(_maxSampledKb, ReadKb("VmRSS"));
        long? hwm = _hwmReset ? ReadKb("VmHWM") : null;
        return new RssPeak(Mb(_startKb), Mb(sampled), hwm is { } h ? Mb(h) : null);
    }

    /// <summary>Highest resident set of the whole process so far (VmHWM, or the .NET figure off Linux).</summary>
    public static double ProcessPeakMb() =>
        ReadKb("VmHWM") is var kb && kb > 0 ? Mb(kb) : Environment.WorkingSet / 1048576.0;

    private void Sample()
    {
        while (_running)
        {
            var kb = ReadKb("VmRSS");
            if (kb > _maxSampledKb) _maxSampledKb = kb;
            Thread.Sleep(20);
        }
    }

    private static bool TryResetHighWaterMark()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long ReadKb(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]);
        }
        catch (IOException) { }
        return 0;
    }

    private static double Mb(long kb) => Math.Round(kb / 1024.0, 1);
}

/// <summary>RSS at the phase start, highest sampled RSS, and the kernel's peak (null when it could not be reset).</summary>
public sealed record RssPeak(double StartMb, double SampledPeakMb, double? KernelPeakMb)
{
    public double PeakMb => Math.Max(SampledPeakMb, KernelPeakMb ?? 0);
}
