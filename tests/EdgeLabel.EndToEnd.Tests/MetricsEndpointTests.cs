using EdgeLabel.EndToEnd.Tests.Support;

namespace EdgeLabel.EndToEnd.Tests;

/// <summary>GET /metrics of a real edge process: Prometheus text with the decision counters and the outbox and
/// in-flight gauges (docs/operations.md lists them all).</summary>
public sealed class MetricsEndpointTests(ITestOutputHelper output)
{
    private const string Camera = "gate";
    private static readonly string[] Photos = ["2007_007763.jpg", "2008_001009.jpg", "2008_001322.jpg", "2008_002506.jpg"];

    [Fact]
    public async Task Metrics_count_every_decided_image_and_expose_the_outbox_gauges()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDir("metrics");
        var inbox = temp.Sub("inbox");
        foreach (var photo in Photos) File.Copy(Path.Combine(TestData.DlibFaces, photo), Path.Combine(inbox, photo));
        ImageFolder.Backdate(inbox);

        var config = new SiteConfig
        {
            Site = "metrics",
            DataDir = temp.Sub("data"),
            Cameras = { [Camera] = SiteConfig.DirectoryCamera(inbox) },
        };
        using var node = RunningNode.Start(config, temp.File("site.conf"), temp.Path);
        var status = await node.WaitForStatusAsync(
            s => s.Camera(Camera) is { Idle: true } c && c.Discovered >= Photos.Length && s.Decisions.Total >= Photos.Length && s.Site.InFlight == 0,
            TimeSpan.FromSeconds(60), $"all {Photos.Length} photos to be settled", ct);
        output.WriteLine(status.ToString());
        Assert.Equal(Photos.Length, status.Decisions.AutoLabeled + status.Decisions.Review + status.Decisions.Audit);

        using var response = await node.Http.GetAsync("/metrics", ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        output.WriteLine(text);
        Assert.True(response.IsSuccessStatusCode, $"GET /metrics answered {(int)response.StatusCode}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);

        var samples = PrometheusText.Parse(text);
        Assert.Equal(Photos.Length, samples.Sum("edgelabel_images_decided_total"));
        Assert.Contains(samples, s => s.Name == "edgelabel_images_decided_total" && s.Labels.Contains("route=\""));
        Assert.Equal(0, samples.Sum("edgelabel_images_quarantined_total"));
        foreach (var gauge in new[] { "edgelabel_outbox_depth", "edgelabel_outbox_bytes", "edgelabel_outbox_oldest_age_seconds", "edgelabel_outbox_paused", "edgelabel_inflight_images" })
            Assert.True(samples.Any(s => s.Name == gauge), $"gauge {gauge} missing from /metrics");
        Assert.Equal(0, samples.Sum("edgelabel_outbox_paused"));
        Assert.Equal(0, samples.Sum("edgelabel_inflight_images"));
        Assert.True(samples.Sum("edgelabel_inference_seconds_count") >= 1, "no inference duration recorded");
        Assert.True(samples.Sum("edgelabel_journal_write_seconds_count", "writer=\"decisions\"") >= 1, "no decision journal write recorded");

        await node.StopAsync(TimeSpan.FromSeconds(30));
    }
}
