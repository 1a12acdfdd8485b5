using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace EdgeLabel.EndToEnd.Tests.Support.Cluster;

/// <summary>Where the cloud nodes of a deployment keep their (one, shared) journal.</summary>
internal abstract record CloudJournal
{
    /// <summary>One SQLite file every cloud node of the machine opens (absolute path).</summary>
    public sealed record Sqlite(string Path) : CloudJournal;

    /// <summary>A PostgreSQL database; the connection string reaches the node through EDGELABEL_PG_CONNECTION only.</summary>
    public sealed record PostgreSql(string ConnectionString) : CloudJournal;
}

/// <summary>A cloud node under test: a real <c>edgelabel-cloud</c> process in a <see cref="ClusterDeployment"/>, with its admin-token HTTP client
/// for /healthz, /cluster, /sites, dataset stats and exports.</summary>
internal sealed class CloudNode : ClusterMember
{
    public const string TokenVariable = "EDGELABEL_ADMIN_TOKEN";

    private readonly Func<IReadOnlyList<string>> _seeds;
    private readonly CloudJournal _journal;

    public CloudNode(string name, string directory, int httpPort, int clusterPort, Func<IReadOnlyList<string>> seeds, CloudJournal journal,
        string adminToken, IReadOnlyList<string> projects, IReadOnlyList<string> extraHocon)
        : base(name, TestData.CloudDll, directory, httpPort, clusterPort)
    {
        _seeds = seeds;
        _journal = journal;
        AdminToken = adminToken;
        Projects = projects;
        ExtraHocon = extraHocon;
        Environment[TokenVariable] = adminToken;
        if (journal is CloudJournal.PostgreSql pg) Environment["EDGELABEL_PG_CONNECTION"] = pg.ConnectionString;
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
    }

    public string AdminToken { get; }

    /// <summary>Projects in <c>edgelabel.cloud.projects</c>, each with <c>label-categories = [face]</c>.</summary>
    public IReadOnlyList<string> Projects { get; }

    /// <summary>Lines inside <c>edgelabel { }</c>, verbatim (e.g. <c>cluster.public-port = 1234</c>).</summary>
    public IReadOnlyList<string> ExtraHocon { get; }

    public string DataDir => Path.Combine(Directory, "data");

    protected override string RenderConfig()
    {
        var journal = _journal switch
        {
            CloudJournal.Sqlite s => $"journal {{ provider = sqlite, sqlite-path = {Quote(s.Path)} }}",
            CloudJournal.PostgreSql => "journal { provider = postgresql, postgresql.connection-string-env = \"EDGELABEL_PG_CONNECTION\" }",
            _ => throw new InvalidOperationException(_journal.ToString()),
        };
        var text = new StringBuilder()
            .AppendLine("edgelabel {")
            .AppendLine("  cloud {")
            .AppendLine($"    data-dir = {Quote(DataDir)}")
            .AppendLine($"    http.url = {Quote(HttpUrl)}")
            .AppendLine($"    {journal}")
            .AppendLine($"    projects {{ {string.Join(" ", Projects.Select(p => $"{p} {{ label-categories = [face] }}"))} }}")
            .AppendLine($"    store {{ kind = local, local-root = {Quote(Path.Combine(Directory, "object-store"))} }}")
            .AppendLine("  }")
            .AppendLine($"  cluster {{ host = \"127.0.0.1\", port = {ClusterPort}, seeds = [{string.Join(", ", _seeds().Select(Quote))}] }}");
        foreach (var line in ExtraHocon) text.AppendLine("  " + line);
        return text.AppendLine("}").ToString();
    }

    /// <summary>GET /healthz answers 200: this node is an Up member.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken ct = default)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await Http.GetAsync("/healthz", cts.Token);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    public Task<ClusterViewJson?> TryGetClusterAsync(CancellationToken ct = default) => TryGetAsync<ClusterViewJson>("/cluster", ct);

    /// <summary>GET /sites: this node's directory of the sites' latest reports.</summary>
    public Task<SitesJson?> TryGetSitesAsync(CancellationToken ct = default) => TryGetAsync<SitesJson>("/sites", ct);

    public Task<DatasetStatsJson?> TryGetStatsAsync(string project = "default", CancellationToken ct = default) =>
        TryGetAsync<DatasetStatsJson>($"/datasets/{project}/stats", ct);

    /// <summary>Waits until /healthz is 200 and /cluster shows this node Up.</summary>
    public Task<ClusterViewJson> WaitUpAsync(TimeSpan timeout, CancellationToken ct = default) =>
        WaitForAsync(async c => await IsHealthyAsync(c) ? await TryGetClusterAsync(c) : null, v => v.IsUp, timeout, "/healthz 200 and cluster Up", ct);

    public Task<ClusterViewJson> WaitForClusterAsync(Func<ClusterViewJson, bool> done, TimeSpan timeout, string what, CancellationToken ct = default) =>
        WaitForAsync(TryGetClusterAsync, done, timeout, what, ct);

    public Task<DatasetStatsJson> WaitForStatsAsync(Func<DatasetStatsJson, bool> done, TimeSpan timeout, string what, string project = "default",
        CancellationToken ct = default) =>
        WaitForAsync(c => TryGetStatsAsync(project, c), done, timeout, what, ct, TimeSpan.FromMilliseconds(500));

    /// <summary>POST /datasets/{project}/export?thumbnails=false; fails with the answer and the log unless 200 without error.
    /// Retries a 503 (shards moving) for up to <paramref name="timeout"/>.</summary>
    public async Task<DatasetExportedJson> ExportAsync(string project = "default", TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(60));
            using var response = await Http.PostAsync($"/datasets/{project}/export?thumbnails=false", null, cts.Token);
            var body = await response.Content.ReadAsStringAsync(cts.Token);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < until)
            {
                await Task.Delay(1000, ct);
                continue;
            }
            Assert.True(response.IsSuccessStatusCode, $"{Name}: export of {project} answered {(int)response.StatusCode}: {body}\n{Logs()}");
            var exported = System.Text.Json.JsonSerializer.Deserialize<DatasetExportedJson>(body, NodeStatus.Json)!;
            Assert.True(exported.Error is null, $"{Name}: export of {project} failed: {exported.Error}\n{Logs()}");
            return exported;
        }
    }
}
