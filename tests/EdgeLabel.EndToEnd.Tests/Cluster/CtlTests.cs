using System.Text.Json;
using EdgeLabel.EndToEnd.Tests.Support;
using EdgeLabel.EndToEnd.Tests.Support.Cluster;

namespace EdgeLabel.EndToEnd.Tests.Cluster;

/// <summary><c>edgelabel ctl</c> as an operator runs it, a real process against a running deployment (two cloud nodes,
/// two sites): <c>cluster show --json</c> lists members, roles and sites; <c>site list</c> shows both sites' outboxes;
/// <c>cluster leave</c> of a cloud node while images flow moves its shards, and the dataset still ends with every
/// image once; a wrong token is refused without the token ever being printed.</summary>
public sealed class CtlTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ctl_shows_members_and_sites_and_a_cloud_node_that_leaves_mid_stream_loses_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = new ClusterDeployment("ctl", output);
        cluster.AddCloud();
        var leaving = cluster.AddCloud();
        var feedA = new ImageFeed(cluster.Temp, "site-a", seed: 303, count: 300);
        var feedB = new ImageFeed(cluster.Temp, "site-b", seed: 404, count: 300);
        var a = cluster.AddEdge("site-a", new Dictionary<string, string> { ["gate"] = feedA.CameraBlock });
        var b = cluster.AddEdge("site-b", new Dictionary<string, string> { ["gate"] = feedB.CameraBlock });
        var prepared = Task.Run(() => Task.WhenAll(feedA.PrepareAsync(ct), feedB.PrepareAsync(ct)), ct);
        await cluster.StartAsync(ct);
        await prepared;
        var ctl = new Ctl(cluster, cluster.Clouds[0]);

        var view = await ctl.JsonAsync(ct, "cluster", "show");
        var members = view.GetProperty("members").EnumerateArray().ToList();
        cluster.Check(members.Count == 4, () => $"cluster show listed {members.Count} members: {view}");
        var roles = members.ToDictionary(m => m.GetProperty("address").GetString()!, m => m.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToList());
        foreach (var cloud in cluster.Clouds) cluster.Check(roles[cloud.AkkaAddress].Contains("cloud"), () => $"{cloud.Name} has roles {string.Join(",", roles[cloud.AkkaAddress])}");
        foreach (var edge in cluster.Edges)
            cluster.Check(roles[edge.AkkaAddress].Contains("edge") && roles[edge.AkkaAddress].Contains("site-" + edge.Site),
                () => $"{edge.Name} has roles {string.Join(",", roles[edge.AkkaAddress])}");
        var table = await ctl.TextAsync(ct, "cluster", "show");
        cluster.Check(table.Contains("site-a") && table.Contains("site-b") && table.Contains(leaving.AkkaAddress), () => $"cluster show table:\n{table}");

        var sites = await ctl.WaitJsonAsync(ct, s => s.GetProperty("sites").GetArrayLength() == 2, "both sites reporting", "site", "list");
        cluster.Log($"site list: {sites}");

        // Images flow while cloud-2 leaves: its dataset shards move to cloud-1 and delivery goes on.
        var feeding = Task.WhenAll(feedA.ReleaseAtRateAsync(300, 15, ct), feedB.ReleaseAtRateAsync(300, 15, ct));
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var left = await ctl.JsonAsync(ct, "cluster", "leave", leaving.AkkaAddress);
        cluster.Check(left.GetProperty("status").GetString() == "leaving", () => $"cluster leave answered {left}");
        await cluster.Clouds[0].WaitForClusterAsync(v => v.Members.All(m => m.Address != leaving.AkkaAddress || m.Status != "up"),
            TimeSpan.FromSeconds(60), $"{leaving.Name} no longer Up in cloud-1's view", ct);
        cluster.Log($"{leaving.Name} left: {await cluster.Clouds[0].TryGetClusterAsync(ct)}");
        await feeding;

        await feedA.WaitAllDeliveredAsync(a, TimeSpan.FromSeconds(120), ct);
        await feedB.WaitAllDeliveredAsync(b, TimeSpan.FromSeconds(60), ct);
        var (finals, stats) = await cluster.WaitForEverythingDeliveredAsync(TimeSpan.FromSeconds(120), ct: ct);
        var manifest = ExportedManifest.Read(await cluster.ExportAsync(ct: ct));
        cluster.AssertNothingLostNothingDuplicated(finals, stats, manifest);
        cluster.Check(finals[a.Site].Decisions.Total == feedA.Count && finals[b.Site].Decisions.Total == feedB.Count,
            () => $"the edges decided {finals[a.Site].Decisions.Total} and {finals[b.Site].Decisions.Total} images, fed {feedA.Count} and {feedB.Count}");

        var outbox = await ctl.TextAsync(ct, "site", "outbox", "show", "site-a");
        cluster.Check(outbox.Contains("site-a"), () => $"outbox show site-a:\n{outbox}");
        var refused = await ctl.RunAsync(ct, "cluster", "show", "--token-file", cluster.WrongTokenFile());
        cluster.Check(refused.ExitCode == 1 && refused.Stderr.Contains("refused the admin token") && !refused.Stdout.Contains(cluster.AdminToken)
                      && !refused.Stderr.Contains(cluster.AdminToken), () => $"wrong token: exit {refused.ExitCode}, stderr {refused.Stderr}");
    }
}
