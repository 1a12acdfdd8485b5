namespace EdgeLabel.Actors.Rollout;

/// <summary>How an edge follows rollouts (HOCON <c>edgelabel.rollout</c>): whether it asks the cloud at all, how often,
/// and how long one ask may take. Model files live under <c>&lt;data-dir&gt;/models</c>.</summary>
public sealed record RolloutSettings(bool Enabled, TimeSpan PollInterval, TimeSpan AskTimeout)
{
    public static RolloutSettings Default { get; } = new(true, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
}
