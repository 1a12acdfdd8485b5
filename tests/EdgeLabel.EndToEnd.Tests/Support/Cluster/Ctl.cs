using System.Diagnostics;
using System.Text.Json;

namespace EdgeLabel.EndToEnd.Tests.Support.Cluster;

/// <summary>Runs <c>dotnet edgelabel.dll ctl --node URL ...</c> against one cloud node of a deployment, with the admin
/// token in the environment (unless the arguments name a <c>--token-file</c>).</summary>
internal sealed class Ctl(ClusterDeployment cluster, CloudNode node)
{
    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(CancellationToken ct, params string[] args) =>
        CliProcess.RunAsync(["ctl", "--node", node.HttpUrl, .. args],
            args.Contains("--token-file") ? null : new Dictionary<string, string> { [CloudNode.TokenVariable] = cluster.AdminToken }, ct);

    public async Task<string> TextAsync(CancellationToken ct, params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(ct, args);
        if (exit != 0) cluster.Fail($"edgelabel ctl {string.Join(" ", args)} exited {exit}: {stderr}");
        return stdout;
    }

    public async Task<JsonElement> JsonAsync(CancellationToken ct, params string[] args) =>
        JsonSerializer.Deserialize<JsonElement>(await TextAsync(ct, ["--json", .. args]));

    /// <summary>Runs the command with <c>--json</c> about once a second until <paramref name="done"/> holds; fails with
    /// the last answer and every node's log after 30 s.</summary>
    public Task<JsonElement> WaitJsonAsync(CancellationToken ct, Func<JsonElement, bool> done, string what, params string[] args) =>
        WaitJsonAsync(TimeSpan.FromSeconds(30), ct, done, what, args);

    public async Task<JsonElement> WaitJsonAsync(TimeSpan timeout, CancellationToken ct, Func<JsonElement, bool> done, string what, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await JsonAsync(ct, args);
            if (done(answer)) return answer;
            if (clock.Elapsed > timeout) cluster.Fail($"ctl {string.Join(" ", args)}: no {what} after {timeout.TotalSeconds:0} s: {answer}");
            await Task.Delay(1000, ct);
        }
    }
}
