namespace EdgeLabel.EndToEnd.Tests.Support.Cluster;

/// <summary>A real <c>edgelabel-edge</c> process with <c>cluster.enabled = on</c> in a <see cref="ClusterDeployment"/>:
/// its site file is a <see cref="SiteConfig"/> (cameras, uploads to a local folder) plus the cluster and delivery blocks.</summary>
internal sealed class EdgeSite : ClusterMember
{
    private readonly Func<IReadOnlyList<string>> _seeds;

    public EdgeSite(string site, string directory, int httpPort, int clusterPort, Func<IReadOnlyList<string>> seeds, string project,
        IReadOnlyDictionary<string, string> cameras, IReadOnlyList<string> extraHocon)
        : base(site, TestData.EdgeDll, directory, httpPort, clusterPort)
    {
        _seeds = seeds;
        Site = site;
        Project = project;
        Cameras = cameras;
        ExtraHocon = extraHocon;
    }

    public string Site { get; }

    /// <summary>delivery.project.</summary>
    public string Project { get; }

    public IReadOnlyDictionary<string, string> Cameras { get; }

    /// <summary>Lines inside <c>edgelabel { }</c>, verbatim, after everything else (so they override).</summary>
    public IReadOnlyList<string> ExtraHocon { get; }

    public string DataDir => Path.Combine(Directory, "data");

    /// <summary>Uploads go to <c>&lt;local-root&gt;/edgelabel/...</c> (the default bucket).</summary>
    public string ObjectStoreRoot => Path.Combine(DataDir, "object-store");

    protected override string RenderConfig()
    {
        var config = new SiteConfig
        {
            Site = Site,
            DataDir = DataDir,
            Uploads = true,
            Extra =
            [
                $"cluster {{ enabled = on, host = \"127.0.0.1\", port = {ClusterPort}, seeds = [{string.Join(", ", _seeds().Select(Quote))}] }}",
                // Acks stop coming when a cloud node dies: re-send soon; a rejected project is retried soon too.
                $"delivery {{ project = {Quote(Project)}, resend-after = 3s, retry-rejected-after = 5s }}",
                "upload { probe-interval = 1s, backoff-base = 100ms, backoff-cap = 2s }",
                .. ExtraHocon,
            ],
        };
        foreach (var (name, body) in Cameras) config.Cameras[name] = body;
        return File.ReadAllText(config.Write(ConfigFile, HttpPort));
    }

    public Task<EdgeStatus?> TryGetStatusAsync(CancellationToken ct = default) => TryGetAsync<EdgeStatus>("/status", ct);

    public Task<EdgeStatus> WaitForStatusAsync(Func<EdgeStatus, bool> done, TimeSpan timeout, string what, CancellationToken ct = default) =>
        WaitForAsync(TryGetStatusAsync, done, timeout, what, ct, TimeSpan.FromMilliseconds(500));

    /// <summary>Waits until /status answers and the node's cluster incarnation is Up.</summary>
    public Task<EdgeStatus> WaitUpAsync(TimeSpan timeout, CancellationToken ct = default) =>
        WaitForStatusAsync(s => s.Cluster is { IsUp: true }, timeout, "/status with cluster Up", ct);

    /// <summary>Waits until every camera is done, the outbox drained, and the cloud acknowledged every record queued.</summary>
    public Task<EdgeStatus> WaitFullyDeliveredAsync(TimeSpan timeout, CancellationToken ct = default) =>
        WaitForStatusAsync(s => s.FullyDelivered, timeout, "every image decided, uploaded, and every record acknowledged", ct);

    /// <summary>A synthetic camera's block: <paramref name="count"/> variants of the dlib photos (seed per site, so two
    /// sites never make the same bytes).</summary>
    public static string SyntheticCamera(int count, int seed) =>
        $"type = synthetic, photos = {Quote(TestData.DlibFaces)}, count = {count}, seed = {seed}";
}
