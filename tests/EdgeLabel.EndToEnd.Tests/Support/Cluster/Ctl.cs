using System.Diagnostics;
using System.Text.Json;

namespace EdgeLabel.EndToEnd.Tests.Support.Cluster;

/// <summary>Runs <c>dotnet edgelabel.dll ctl --node URL ...</c> with the admin token in the environment.</summary>
internal sealed class Ctl(ClusterDeployment cluster, CloudNode node)
{
    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(CancellationToken ct, params string[] args) =>
        CliProcess.RunAsync(["ctl", "--node", node.HttpUrl, .. args],
            args.Contains("--token-file") ? null : new Dictionary<string, string> { ["EDGELABEL_ADMIN_TOKEN"] = cluster.AdminToken }, ct);

    public async Task<string> TextAsync(CancellationToken ct, params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(ct, args);
        if (exit != 0) cluster.Fail($"edgelabel ctl {string.Join(" ", args)} exited {exit}: {stderr}");
        return stdout;
    }

    public async Task<JsonElement> JsonAsync(CancellationToken ct, params string[] args) =>
        JsonSerializer.Deserialize<JsonElement>(await TextAsync(ct, ["--json", .. args]));

    public async Task<JsonElement> WaitJsonAsync(CancellationToken ct, Func<JsonElement, bool> done, string what, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await JsonAsync(ct, args);
            if (done(answer)) return answer;
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) cluster.Fail($"ctl {string.Join(" ", args)}: no {what} after 30 s: {answer}");
            await Task.Delay(1000, ct);
        }
    }
}
