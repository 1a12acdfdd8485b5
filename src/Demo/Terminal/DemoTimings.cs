namespace EdgeLabel.Demo.Terminal;

/// <summary>When the phases of a run ended, all measured from the demo's start (the export as its own duration).</summary>
public sealed class DemoTimings
{
    public TimeSpan CloudUp { get; set; }
    public TimeSpan EdgesStarted { get; set; }
    public TimeSpan EdgesUp { get; set; }
    public TimeSpan? Decided { get; set; }
    public TimeSpan InDataset { get; set; }
    public TimeSpan Export { get; set; }
    public TimeSpan Total { get; set; }

    /// <summary>Decisions counted at the first status poll after the edges were up, and when: the rate is measured
    /// from there, so the nodes' start-up (model load, cluster join) does not dilute it.</summary>
    public (long Decided, TimeSpan At)? FirstPoll { get; set; }

    /// <summary>How long the edge processes took from their start until both answered.</summary>
    public TimeSpan EdgeStartup => EdgesUp - EdgesStarted;

    /// <summary>From the edges' start to their last decision.</summary>
    public TimeSpan Deciding => (Decided ?? InDataset) - EdgesStarted;

    /// <summary>Decisions per second while both sites were up; over the whole time from their start when almost
    /// everything was decided before the first poll (a tiny sample set).</summary>
    public (double PerSecond, long Images, TimeSpan Over) Rate(long decided, TimeSpan? now = null)
    {
        var end = now ?? Decided ?? InDataset;
        if (FirstPoll is { } first && decided - first.Decided >= 10 && end - first.At >= TimeSpan.FromSeconds(1))
            return ((decided - first.Decided) / (end - first.At).TotalSeconds, decided - first.Decided, end - first.At);
        var over = end - EdgesStarted;
        return (decided / Math.Max(over.TotalSeconds, 0.001), decided, over);
    }
}
