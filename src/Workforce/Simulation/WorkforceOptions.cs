namespace EdgeLabel.Workforce.Simulation;

/// <summary>How the simulated labelers poll and retry.</summary>
public sealed record WorkforceOptions
{
    /// <summary>How long a labeler with no open task waits before asking again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The first wait after a 503 or a connection error; doubled per failed attempt, capped by <see cref="RetryMax"/>.</summary>
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per call before the task is left for the next round (the list is retried forever).</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Log every answer (off: only problems, start and stop).</summary>
    public bool LogAnswers { get; init; } = true;

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
