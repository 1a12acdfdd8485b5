using System.Diagnostics;
using System.Text.Json;
using EdgeLabel.EndToEnd.Tests.Support;

namespace EdgeLabel.EndToEnd.Tests.Cluster;

/// <summary><c>edgelabel cluster up|status|down</c> over a deployment file of 2 cloud nodes and 3 sites, as an operator
/// runs it: the nodes start as local processes and stay up after the command returns; <c>ctl --deployment</c> finds
/// them and lists members, roles and sites; every site's images reach the dataset; <c>down</c> stops every process.
/// A deployment whose node files disagree (a seed that is no cloud node) starts nothing.</summary>
public sealed class LocalClusterTests(ITestOutputHelper output) : IDisposable
{
    private const int ImagesPerSite = 30;
    private static readonly string[] Sites = ["north", "south", "east"];
    private readonly TempDir _temp = new("local-cluster");

    [Fact]
    public async Task Cluster_up_starts_two_clouds_and_three_sites_that_ctl_lists_and_cluster_down_stops_them_all()
    {
        var ct = TestContext.Current.CancellationToken;
        var deployment = WriteDeployment(seedOfSouth: null);
        var outDir = Path.Combine(_temp.Path, "out");
        try
        {
            var up = await RunAsync(ct, "cluster", "up", deployment);
            Assert.True(up.ExitCode == 0, $"cluster up exited {up.ExitCode}:\n{up.Stdout}\n{up.Stderr}");
            Assert.Contains("is up: 5 nodes", up.Stdout);
            Assert.Contains("all 5 members up", up.Stdout);
            Assert.Contains("all 5 nodes ready", up.Stdout);
            var pids = Pids(outDir);
            Assert.Equal(5, pids.Count);
            await AssertEveryNodeReadyAsync(outDir, ct);

            var status = await RunAsync(ct, "cluster", "status", deployment);
            Assert.True(status.ExitCode == 0, $"cluster status exited {status.ExitCode}:\n{status.Stdout}");

            var view = await CtlJsonAsync(ct, deployment, "cluster", "show");
            var members = view.GetProperty("members").EnumerateArray()
                .Select(m => (Status: m.GetProperty("status").GetString(), Roles: m.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToList()))
                .ToList();
            Assert.Equal(5, members.Count);
            Assert.All(members, m => Assert.Equal("up", m.Status));
            Assert.Equal(2, members.Count(m => m.Roles.Contains("cloud")));
            Assert.Equal(Sites.Order(), members.Where(m => m.Roles.Contains("edge")).Select(m => m.Roles.Single(r => r.StartsWith("site-", StringComparison.Ordinal))["site-".Length..]).Order());

            // Every site's images reach the dataset, and each site reports its (empty) outbox to the cloud.
            var clock = Stopwatch.StartNew();
            JsonElement stats, sites;
            do
            {
                await Task.Delay(1000, ct);
                stats = await CtlJsonAsync(ct, deployment, "dataset", "stats");
                sites = await CtlJsonAsync(ct, deployment, "site", "list");
            } while ((stats.GetProperty("images").GetInt32() < Sites.Length * ImagesPerSite || sites.GetProperty("sites").GetArrayLength() < Sites.Length)
                     && clock.Elapsed < TimeSpan.FromMinutes(2));
            output.WriteLine($"after {clock.Elapsed.TotalSeconds:0}s: {stats}\n{sites}");
            Assert.Equal(Sites.Length * ImagesPerSite, stats.GetProperty("images").GetInt32());
            Assert.Equal(0, stats.GetProperty("duplicateRecords").GetInt32());
            Assert.Equal(Sites.Order(), sites.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("site").GetString()!).Order());

            var again = await RunAsync(ct, "cluster", "up", deployment);
            Assert.True(again.ExitCode == 1 && again.Stderr.Contains("already up"), $"a second up: exit {again.ExitCode}, {again.Stderr}");

            var down = await RunAsync(ct, "cluster", "down", deployment);
            Assert.True(down.ExitCode == 0, $"cluster down exited {down.ExitCode}:\n{down.Stdout}\n{down.Stderr}");
            Assert.All(pids, pid => Assert.False(IsAlive(pid), $"pid {pid} still runs after cluster down"));
            Assert.Equal(1, (await RunAsync(ct, "cluster", "status", deployment)).ExitCode);
        }
        finally
        {
            KillLeftovers(outDir);
        }
    }

    [Fact]
    public async Task Cluster_up_refuses_a_deployment_whose_site_seeds_no_cloud_node_and_starts_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var deployment = WriteDeployment(seedOfSouth: $"127.0.0.1:{FreePort.Next()}");

        var up = await RunAsync(ct, "cluster", "up", deployment);

        Assert.Equal(1, up.ExitCode);
        Assert.Contains("edgelabel.cluster.seeds", up.Stderr);
        Assert.Contains("nothing was started", up.Stderr);
        Assert.False(File.Exists(Path.Combine(_temp.Path, "out", "state.json")));
    }

    /// <summary>The deployment file and its five node files, on free ports, with data under the temp folder.</summary>
    private string WriteDeployment(string? seedOfSouth)
    {
        string Q(string s) => JsonSerializer.Serialize(s);
        var (cloudHttp, cloudCluster) = (new[] { FreePort.Next(), FreePort.Next() }, new[] { FreePort.Next(), FreePort.Next() });
        var seeds = string.Join(", ", cloudCluster.Select(p => Q($"127.0.0.1:{p}")));
        var nodes = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var file = Path.Combine(_temp.Path, $"cloud-{i + 1}.conf");
            File.WriteAllText(file, $$"""
                edgelabel {
                  cloud { data-dir = {{Q(_temp.Sub($"cloud-{i + 1}"))}}, http.url = "http://127.0.0.1:{{cloudHttp[i]}}"
                          journal.sqlite-path = {{Q(Path.Combine(_temp.Path, "cloud-journal.db"))}}
                          store { kind = local, local-root = {{Q(_temp.Sub("store"))}} } }
                  cluster { host = "127.0.0.1", port = {{cloudCluster[i]}}, seeds = [{{seeds}}] }
                }
                """);
            nodes.Add($"cloud-{i + 1} {{ kind = cloud, config = {Q(file)} }}");
        }
        for (var i = 0; i < Sites.Length; i++)
        {
            var file = Path.Combine(_temp.Path, $"{Sites[i]}.conf");
            var siteSeeds = Sites[i] == "south" && seedOfSouth is not null ? Q(seedOfSouth) : seeds;
            File.WriteAllText(file, $$"""
                edgelabel {
                  site = {{Q(Sites[i])}}, data-dir = {{Q(_temp.Sub(Sites[i]))}}, http.url = "http://127.0.0.1:{{FreePort.Next()}}"
                  cameras { synthetic { type = synthetic, photos = {{Q(TestData.DlibFaces)}}, count = {{ImagesPerSite}}, seed = {{i + 1}} } }
                  store { kind = local, local-root = {{Q(_temp.Sub("store"))}} }
                  cluster { enabled = on, host = "127.0.0.1", port = {{FreePort.Next()}}, seeds = [{{siteSeeds}}] }
                }
                """);
            nodes.Add($"{Sites[i]} {{ kind = edge, config = {Q(file)} }}");
        }
        var deployment = Path.Combine(_temp.Path, "deployment.conf");
        File.WriteAllText(deployment, $$"""
            deployment {
              name = "e2e"
              out-dir = {{Q(Path.Combine(_temp.Path, "out"))}}
              nodes {
                {{string.Join("\n    ", nodes)}}
              }
            }
            """);
        return deployment;
    }

    // The nodes outlive `cluster up`, so init reaps them, whenever it gets to it: a zombie counts as gone.
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>GET /ready on every node answers 200 with no reasons, and an edge reports its cluster check as passed.</summary>
    private async Task AssertEveryNodeReadyAsync(string outDir, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var node in JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "state.json"))).RootElement.GetProperty("nodes").EnumerateArray())
        {
            var url = node.GetProperty("httpUrl").GetString()!.TrimEnd('/') + "/ready";
            using var response = await http.GetAsync(url, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            output.WriteLine($"{url}: {(int)response.StatusCode} {body}");
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
            var ready = JsonSerializer.Deserialize<JsonElement>(body);
            Assert.True(ready.GetProperty("ready").GetBoolean());
            Assert.Empty(ready.GetProperty("reasons").EnumerateArray());
            var cluster = ready.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "cluster");
            Assert.True(cluster.GetProperty("ok").GetBoolean(), $"{url}: cluster check {cluster}");
        }
    }

    private static List<int> Pids(string outDir) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "state.json"))).RootElement.GetProperty("nodes").EnumerateArray()
            .Select(n => n.GetProperty("pid").GetInt32()).ToList();

    // A failed test must not leave nodes behind (they would hold ports for the tests after it).
    private static void KillLeftovers(string outDir)
    {
        if (!File.Exists(Path.Combine(outDir, "state.json"))) return;
        foreach (var pid in Pids(outDir))
        {
            try
            {
                Process.GetProcessById(pid).Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // gone
            }
        }
    }

    private async Task<JsonElement> CtlJsonAsync(CancellationToken ct, string deployment, params string[] args)
    {
        var result = await RunAsync(ct, ["ctl", "--deployment", deployment, "--json", .. args]);
        Assert.True(result.ExitCode == 0, $"ctl {string.Join(" ", args)} exited {result.ExitCode}: {result.Stderr}");
        return JsonSerializer.Deserialize<JsonElement>(result.Stdout);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(CancellationToken ct, params string[] args)
    {
        var result = await CliProcess.RunAsync(args, null, ct);
        output.WriteLine($"$ edgelabel {string.Join(" ", args)} -> {result.ExitCode}\n{result.Stdout}{result.Stderr}");
        return result;
    }

    public void Dispose() => _temp.Dispose();
}
