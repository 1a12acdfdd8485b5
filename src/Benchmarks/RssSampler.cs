namespace EdgeLabel.Benchmarks;

/// <summary>Resident memory of this process over a phase: RSS when it starts, the highest VmRSS seen by a sampler
/// thread every 20 ms, and the kernel's high-water mark (VmHWM) for the whole process when it ends. Each phase
/// runs in its own process, so VmHWM is that phase's peak including model load and warm-up.</summary>
public sealed class RssSampler
{
    private Thread? _thread;
    private volatile bool _running;
    private long _startKb, _maxKb;

    public void Begin()
    {
        _startKb = _maxKb = ReadKb("VmRSS");
        _running = true;
        _thread = new Thread(Sample) { IsBackground = true, Name = "rss-sampler" };
        _thread.Start();
    }

    public RssPeak End()
    {
        _running = false;
        _thread?.Join();
        var sampled = Math.Max(_maxKb, ReadKb("VmRSS"));
        var hwm = ReadKb("VmHWM");
        return new RssPeak(Mb(_startKb), Mb(sampled), Mb(Math.Max(hwm, sampled)));
    }

    private void Sample()
    {
        while (_running)
        {
            _maxKb = Math.Max(_maxKb, ReadKb("VmRSS"));
            Thread.Sleep(20);
        }
    }

    private static long ReadKb(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]);
        return 0;
    }

    private static double Mb(long kb) => Math.Round(kb / 1024.0, 1);
}

/// <summary>MB: RSS at the phase start (model loaded, ORT warmed up), highest sampled during the phase, and the
/// process's peak (VmHWM), which is the figure reported.</summary>
public sealed record RssPeak(double StartMb, double SampledPeakMb, double PeakMb);
