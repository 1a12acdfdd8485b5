namespace EdgeLabel.Workforce.Simulation;

/// <summary>How one simulated labeler behaves: who they are, how long a task takes them, and the mistakes they make.</summary>
/// <param name="WorkerId">The labeler id the cloud node knows (hocon <c>ground-truth.workforce.workers</c>).</param>
/// <param name="Token">Their bearer token (<c>EDGELABEL_GT_WORKER_TOKENS</c>).</param>
public sealed record WorkerProfile(string WorkerId, string Token)
{
    /// <summary>Shortest time spent on a task before the answer is sent.</summary>
    public TimeSpan MinLatency { get; init; } = TimeSpan.Zero;

    /// <summary>Longest time spent on a task; each task takes a uniform draw in [<see cref="MinLatency"/>, this].</summary>
    public TimeSpan MaxLatency { get; init; } = TimeSpan.Zero;

    /// <summary>Probability in [0, 1] that a true box is not drawn.</summary>
    public double MissRate { get; init; }

    /// <summary>Each edge of a drawn box moves by up to this many pixels (uniform, either way).</summary>
    public double JitterPixels { get; init; }

    /// <summary>Each edge moves by up to this fraction of the box's width (left/right) or height (top/bottom) as well.</summary>
    public double JitterFraction { get; init; }

    /// <summary>Probability in [0, 1] that an answer gets one box where there is nothing.</summary>
    public double FalseBoxRate { get; init; }

    /// <summary>Seeds every random draw of this labeler; the same seed gives the same answers to the same tasks.</summary>
    public int Seed { get; init; }

    /// <summary>True when this labeler draws exactly the reference boxes.</summary>
    public bool IsPerfect => MissRate == 0 && JitterPixels == 0 && JitterFraction == 0 && FalseBoxRate == 0;

    /// <summary>A labeler that answers at once and draws exactly the true boxes.</summary>
    public static WorkerProfile Perfect(string workerId, string token, int seed = 0) => new(workerId, token) { Seed = seed };

    /// <summary>Why this profile cannot be used, or null.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(WorkerId)) return "a worker needs an id";
        if (string.IsNullOrWhiteSpace(Token)) return $"worker {WorkerId} needs a token";
        if (MinLatency < TimeSpan.Zero || MaxLatency < MinLatency)
            return $"worker {WorkerId}: latency range [{MinLatency}, {MaxLatency}] is not 0 ≤ min ≤ max";
        if (!IsRate(MissRate)) return $"worker {WorkerId}: miss rate {MissRate} is not in [0, 1]";
        if (!IsRate(FalseBoxRate)) return $"worker {WorkerId}: false-box rate {FalseBoxRate} is not in [0, 1]";
        if (!(JitterPixels >= 0) || !double.IsFinite(JitterPixels)) return $"worker {WorkerId}: jitter {JitterPixels} px is not ≥ 0";
        if (!(JitterFraction >= 0) || !double.IsFinite(JitterFraction)) return $"worker {WorkerId}: jitter fraction {JitterFraction} is not ≥ 0";
        return null;
    }

    /// <summary>One line for logs, e.g. <c>w1 (latency 0-2s, miss 10%, jitter 3px+5%, false 5%, seed 7)</c>.</summary>
    public string Describe() =>
        IsPerfect && MaxLatency == TimeSpan.Zero
            ? $"{WorkerId} (perfect, no latency, seed {Seed})"
            : $"{WorkerId} (latency {MinLatency.TotalSeconds:0.##}-{MaxLatency.TotalSeconds:0.##}s, miss {Percent(MissRate)}, " +
              $"jitter {JitterPixels:0.##}px+{Percent(JitterFraction)}, false {Percent(FalseBoxRate)}, seed {Seed})";

    private static string Percent(double rate) => $"{rate * 100:0.#}%";

    /// <summary>Never the token: profiles end up in logs.</summary>
    public override string ToString() => Describe();

    private static bool IsRate(double r) => r is >= 0 and <= 1;
}
