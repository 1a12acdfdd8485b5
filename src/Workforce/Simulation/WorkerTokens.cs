namespace EdgeLabel.Workforce.Simulation;

/// <summary>Reads labeler tokens in the cloud node's <c>EDGELABEL_GT_WORKER_TOKENS</c> format: <c>"w1:token1,w2:token2"</c>.</summary>
public static class WorkerTokens
{
    public static IReadOnlyList<(string WorkerId, string Token)> Parse(string? value)
    {
        var result = new List<(string, string)>();
        foreach (var entry in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.IndexOf(':');
            if (colon <= 0 || colon == entry.Length - 1)
                throw new FormatException($"a worker token entry must be 'worker:token' (entry {result.Count + 1} is not)");
            result.Add((entry[..colon].Trim(), entry[(colon + 1)..].Trim()));
        }
        return result;
    }

    /// <summary>One perfect labeler per token, seeded 1, 2, 3… in order.</summary>
    public static IReadOnlyList<WorkerProfile> PerfectProfiles(IEnumerable<(string WorkerId, string Token)> tokens) =>
        tokens.Select((t, i) => WorkerProfile.Perfect(t.WorkerId, t.Token, seed: i + 1)).ToArray();
}
