using Akka.Actor;

namespace EdgeLabel.Actors.Health;

/// <summary>One condition of a node's readiness. A failed <see cref="Required"/> check makes the node not ready; the
/// others are reported for the operator (e.g. an edge cut off from the cloud still takes images).</summary>
public sealed record ReadinessCheck(string Name, bool Ok, string Detail, bool Required = true);

/// <summary>What GET /ready answers: ready when every required check passes, with the failing checks as reasons.</summary>
public sealed record Readiness(bool Ready, IReadOnlyList<string> Reasons, IReadOnlyList<ReadinessCheck> Checks)
{
    /// <summary>How long one check may take; a node whose actors cannot answer in that time is not ready.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public static Readiness Of(IReadOnlyList<ReadinessCheck> checks)
    {
        var reasons = checks.Where(c => c.Required && !c.Ok).Select(c => $"{c.Name}: {c.Detail}").ToArray();
        return new Readiness(reasons.Length == 0, reasons, checks);
    }

    /// <summary>Runs one check whose actor may be slow or gone: a timeout or failure is the check's failed detail.</summary>
    public static async Task<ReadinessCheck> Probe(string name, Func<Task<ReadinessCheck>> check, bool required = true)
    {
        try
        {
            return await check().ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return new ReadinessCheck(name, false, $"no answer within {CheckTimeout.TotalSeconds:0} s", required);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ReadinessCheck(name, false, e.Message, required);
        }
    }
}
