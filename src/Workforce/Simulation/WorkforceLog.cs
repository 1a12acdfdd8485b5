namespace EdgeLabel.Workforce.Simulation;

/// <summary>The workforce's log: every line starts with <see cref="Prefix"/>, so nobody mistakes it for real labelers.</summary>
public sealed class WorkforceLog(Action<string>? sink)
{
    public const string Prefix = "[simulated workforce]";
    private readonly Lock _gate = new();

    public static WorkforceLog None { get; } = new(null);

    public void Write(string message)
    {
        if (sink is null) return;
        lock (_gate) sink($"{Prefix} {message}");
    }
}
