using System.CommandLine;
using System.Text;
using System.Text.Json;

namespace EdgeLabel.Cli.Ctl;

/// <summary><c>edgelabel ctl</c>: a node's admin endpoints as a command palette (tables for people, <c>--json</c> for
/// scripts): cluster show|leave|down, actor tree, site list, outbox show, jobs list|show|stop, dataset stats,
/// model show|publish|rollout|abort|rollback, thresholds get|set.</summary>
public static partial class CtlCommands
{
    private static readonly Option<string> Node = new("--node") { Description = "The cloud node's HTTP URL", DefaultValueFactory = _ => "http://127.0.0.1:5090", Recursive = true };
    private static readonly Option<string?> TokenFile = new("--token-file") { Description = "File with the admin token (default: $EDGELABEL_ADMIN_TOKEN, else out/cloud/admin-token)", Recursive = true };
    private static readonly Option<string?> CaFile = new("--ca-file")
    {
        Description = "PEM certificate (a CA's, or the node's self-signed one) to trust for an https --node", Recursive = true,
    };
    private static readonly Option<bool> AsJson = new("--json") { Description = "Print the node's JSON answer", Recursive = true };
    private static readonly Option<string?> Deployment = new("--deployment")
    {
        Description = "A deployment started by `cluster up` (e.g. hocon/deployments/local.conf): its first running cloud node and its admin token",
        Recursive = true,
    };

    public static Command Create()
    {
        var ctl = new Command("ctl", "Inspect and steer a running deployment through a node's admin endpoints") { Node, TokenFile, CaFile, AsJson, Deployment };
        ctl.Subcommands.Add(ClusterCommands());
        ctl.Subcommands.Add(ActorCommands());
        ctl.Subcommands.Add(SiteCommands());
        ctl.Subcommands.Add(JobCommands());
        ctl.Subcommands.Add(DatasetCommands());
        ctl.Subcommands.Add(ModelCommands());
        ctl.Subcommands.Add(ThresholdCommands());
        return ctl;
    }

    private static Command ClusterCommands()
    {
        var show = new Command("show", "Members with roles and sites, status, leader, unreachable");
        show.SetAction((r, ct) => Run(r, ct, c => c.GetAsync("/cluster", ct), ClusterTable));
        var address = new Argument<string>("address") { Description = "A member's address, as `cluster show` lists it" };
        var leave = new Command("leave", "Ask a member to leave gracefully (its shards move first)") { address };
        leave.SetAction((r, ct) => Run(r, ct, c => c.PostAsync("/cluster/leave", new { address = r.GetValue(address) }, ct), Status));
        var down = new Command("down", "Down a member (for one that is gone and will not come back)") { address };
        down.SetAction((r, ct) => Run(r, ct, c => c.PostAsync("/cluster/down", new { address = r.GetValue(address) }, ct), Status));
        return new Command("cluster", "Cluster membership") { show, leave, down };
    }

    private static Command ActorCommands()
    {
        var path = new Argument<string>("path") { Description = "Where to start", DefaultValueFactory = _ => "/user" };
        var depth = new Option<int>("--depth") { Description = "Levels to walk (1-8)", DefaultValueFactory = _ => 3 };
        var tree = new Command("tree", "The actors under a path") { path, depth };
        tree.SetAction((r, ct) => Run(r, ct, c => c.GetAsync($"/actors?path={Uri.EscapeDataString(r.GetValue(path)!)}&depth={r.GetValue(depth)}", ct), Tree));
        return new Command("actor", "Actors of the node") { tree };
    }

    private static Command SiteCommands()
    {
        var list = new Command("list", "Every site that reports to the cloud, with its outbox depth");
        list.SetAction((r, ct) => Run(r, ct, c => c.GetAsync("/sites", ct), SitesTable));
        var site = new Argument<string?>("site") { Description = "One site (default: all)", Arity = ArgumentArity.ZeroOrOne };
        var outbox = new Command("show", "A site's outbox: depth, bytes, oldest age, state, last error") { site };
        outbox.SetAction((r, ct) => Run(r, ct, c => c.GetAsync(r.GetValue(site) is { } s ? $"/sites/{Uri.EscapeDataString(s)}" : "/sites", ct), OutboxTable));
        return new Command("site", "Edge sites") { list, new Command("outbox", "Edge outboxes") { outbox } };
    }

    private static Command JobCommands()
    {
        var project = new Argument<string>("project") { Description = "The project (edgelabel.cloud.projects)" };
        var job = new Argument<string>("job") { Description = "The labeling job's name" };
        var list = new Command("list", "The project's labeling jobs, images waiting and alerts") { project };
        list.SetAction((r, ct) => Run(r, ct, c => c.GetAsync($"/labeling/{Segment(r.GetValue(project))}", ct), JobsTable));
        var show = new Command("show", "One job: phase, backend status, counters, failure") { project, job };
        show.SetAction((r, ct) => Run(r, ct, c => c.GetAsync($"/labeling/{Segment(r.GetValue(project))}/jobs/{Segment(r.GetValue(job))}", ct), JobDetail));
        var stop = new Command("stop", "Stop a job; what was labeled is still merged") { project, job };
        stop.SetAction((r, ct) => Run(r, ct, c => c.PostAsync($"/labeling/{Segment(r.GetValue(project))}/jobs/{Segment(r.GetValue(job))}/stop", null, ct), JobDetail));
        return new Command("jobs", "Labeling jobs") { list, show, stop };
    }

    private static Command DatasetCommands()
    {
        var project = new Argument<string>("project") { Description = "The project", DefaultValueFactory = _ => "default" };
        var stats = new Command("stats", "Images by status and site, boxes, audit precision") { project };
        stats.SetAction((r, ct) => Run(r, ct, c => c.GetAsync($"/datasets/{Segment(r.GetValue(project))}/stats", ct), DatasetTable));
        return new Command("dataset", "Project datasets") { stats };
    }

    private static string Segment(string? value) => Uri.EscapeDataString(value ?? "");

    private static async Task<int> Run(ParseResult r, CancellationToken ct, Func<AdminClient, Task<JsonElement>> call, Func<JsonElement, string> render)
    {
        try
        {
            var (node, tokenFile) = r.GetValue(Deployment) is { } deployment ? Target(deployment, r.GetValue(TokenFile)) : (r.GetValue(Node)!, r.GetValue(TokenFile));
            using var client = AdminClient.Create(node, tokenFile, r.GetValue(CaFile));
            var answer = await call(client);
            Console.Write(r.GetValue(AsJson) ? JsonSerializer.Serialize(answer, new JsonSerializerOptions { WriteIndented = true }) + "\n" : render(answer));
            return 0;
        }
        catch (Exception e) when (e is CtlException or Actors.Configuration.ConfigurationException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    private static (string Node, string TokenFile) Target(string deploymentFile, string? tokenFile)
    {
        var deployment = LocalCluster.DeploymentFile.Read(deploymentFile);
        var cloud = LocalCluster.ClusterState.Load(deployment.OutDir)?.Nodes.FirstOrDefault(n => n.Kind == "cloud" && LocalCluster.ClusterState.IsRunning(n))
                    ?? throw new CtlException($"{deployment.Name} has no running cloud node (./build.sh cluster up {deploymentFile})");
        return (cloud.HttpUrl, tokenFile ?? Path.Combine(deployment.OutDir, "admin-token"));
    }

    private static string Status(JsonElement answer) => $"{answer.Text("address")}: {answer.Text("status")}\n";

    private static string ClusterTable(JsonElement view)
    {
        var table = new Table("address", "status", "roles", "site", "reachable", "leader");
        var leader = view.Text("leader");
        foreach (var m in view.Items("members"))
        {
            var roles = m.Items("roles").Select(x => x.GetString() ?? "").ToList();
            table.Add(m.Text("address"), m.Text("status"), string.Join(",", roles.Where(x => !x.StartsWith("site-", StringComparison.Ordinal))),
                roles.FirstOrDefault(x => x.StartsWith("site-", StringComparison.Ordinal))?["site-".Length..],
                m.At("unreachable")?.GetBoolean() is not true, m.Text("address") == leader ? "*" : "");
        }
        return $"self {view.Text("selfAddress")} ({view.Text("selfStatus")}, incarnation {view.Text("incarnations")}); leader {leader ?? "none"}; " +
               $"unreachable: {(view.Items("unreachable").Any() ? view.Text("unreachable") : "none")}\n{table}";
    }

    private static string Tree(JsonElement node)
    {
        var text = new StringBuilder();
        void Walk(JsonElement n, int depth)
        {
            text.Append(' ', depth * 2).AppendLine(depth == 0 ? n.Text("path") : n.Text("path")?.Split('/')[^1]);
            foreach (var child in n.Items("children")) Walk(child, depth + 1);
        }
        Walk(node, 0);
        return text.ToString();
    }

    private static IEnumerable<JsonElement> Sites(JsonElement answer) =>
        answer.At("sites") is not null ? answer.Items("sites") : [answer];

    private static string SitesTable(JsonElement answer)
    {
        var table = new Table("site", "node", "outbox", "bytes", "oldest", "state", "reported", "stale");
        foreach (var s in Sites(answer))
            table.Add(s.Text("site"), s.Text("node"), s.Text("outbox", "pending"), s.Bytes("outbox", "pendingBytes"), s.Seconds("outbox", "oldestAgeSeconds"),
                s.Text("outbox", "state"), s.Text("receivedAt"), s.At("stale")?.GetBoolean());
        return table.ToString();
    }

    private static string OutboxTable(JsonElement answer)
    {
        var table = new Table("site", "pending", "bytes", "oldest", "state", "rate", "last upload", "uploaded", "failed", "report", "last error");
        foreach (var s in Sites(answer))
            table.Add(s.Text("site"), s.Text("outbox", "pending"), s.Bytes("outbox", "pendingBytes"), s.Seconds("outbox", "oldestAgeSeconds"),
                s.Text("outbox", "state"), UploadRate(s), Ago(s.Seconds("outbox", "lastUploadAgeSeconds")), s.Text("outbox", "uploaded"),
                s.Text("outbox", "failed"), s.At("stale")?.GetBoolean() is true ? "STALE" : "fresh", s.Text("outbox", "lastError"));
        var notes = Sites(answer).Select(s => s.Text("outbox", "state")).Distinct()
            .Select(state => state is not null && OutboxStateNotes.TryGetValue(state, out var note) ? $"{state}: {note}\n" : "");
        return table + string.Concat(notes);
    }

    // What an operator should make of a state that is not "running" (the codes are terse; the outbox never drops images).
    private static readonly Dictionary<string, string> OutboxStateNotes = new(StringComparer.Ordinal)
    {
        ["link-down"] = "uploads fail in transport (see last error); the edge probes the store and resumes by itself, images wait in the outbox",
        ["paused"] = "the store refuses uploads (see last error): fix its credentials or bucket; uploads resume by themselves, images wait",
        ["outside-window"] = "uploads wait for the site's upload window",
        ["disabled"] = "uploads are off at this site (edgelabel.upload.enabled)",
    };

    // Objects and bytes per second over the edge's last ten seconds: 0/s with images pending is a stalled uplink.
    private static string UploadRate(JsonElement site) =>
        site.At("outbox", "uploadObjectsPerSecond") is { ValueKind: JsonValueKind.Number } objects
            ? $"{objects.GetDouble():0.#}/s {site.Bytes("outbox", "uploadBytesPerSecond")}/s"
            : "-";

    private static string Ago(string age) => age == "-" ? "never" : age + " ago";

    private static string JobsTable(JsonElement status)
    {
        var table = new Table("job", "attempt", "items", "outcome", "unlabeled", "reason");
        foreach (var j in status.Items("jobs"))
            table.Add(j.Text("jobName"), j.Text("attempt"), j.Text("items"), j.Text("outcome") ?? "running", j.Text("unlabeled"), j.Text("reason"));
        var alerts = status.Items("alerts").Select(a => $"ALERT {a.GetString()}\n");
        return $"project {status.Text("project")}: {status.Text("pending")} image(s) waiting for a job (oldest since {status.Text("oldestPendingAt") ?? "-"})\n" +
               table + string.Concat(alerts);
    }

    private static string JobDetail(JsonElement job) =>
        new Table("job", "project", "phase", "attempt", "items", "status", "labeled", "total", "polls", "failure", "last error")
            .Add(job.Text("jobName"), job.Text("project"), job.Text("phase"), job.Text("attempt"), job.Text("items"), job.Text("status"),
                job.Text("counters", "humanLabeled"), job.Text("counters", "totalLabeled"), job.Text("polls"), job.Text("failureReason"), job.Text("lastError"))
            .ToString();

    private static string DatasetTable(JsonElement stats)
    {
        var text = new StringBuilder($"project {stats.Text("project")}: {stats.Text("images")} images, {stats.Text("machineBoxes")} machine boxes, " +
                                     $"{stats.Text("humanBoxes")} human boxes, {stats.Text("duplicateRecords")} duplicate records\n");
        var byStatus = new Table("status", "images");
        if (stats.At("byStatus") is { } statuses) foreach (var p in statuses.EnumerateObject()) byStatus.Add(p.Name, p.Value);
        var bySite = new Table("site", "images", "absorbed up to");
        if (stats.At("bySite") is { } sites) foreach (var p in sites.EnumerateObject()) bySite.Add(p.Name, p.Value, stats.Text("siteHighWaterMarks", p.Name));
        var precision = new Table("class", "model", "version", "machine boxes", "matched", "precision", "95% interval");
        foreach (var a in stats.Items("autoLabelPrecision"))
            precision.Add(a.Text("class"), a.Text("modelId"), a.Text("modelVersion"), a.Text("machineBoxes"), a.Text("matched"), a.Text("precision"),
                $"{a.Text("lower")}–{a.Text("upper")}");
        return text.Append(byStatus).AppendLine().Append(bySite).AppendLine().AppendLine("audit-based auto-label precision:").Append(precision).ToString();
    }
}
