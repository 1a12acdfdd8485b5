using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EdgeLabel.Actors.Camera;
using EdgeLabel.EndToEnd.Tests.Support;

namespace EdgeLabel.EndToEnd.Tests;

/// <summary>The HTTP push camera of a real edge process: answers once the decision is persisted, refuses with 503 +
/// Retry-After when saturated (never queueing without bound), and loses nothing it answered 200 for.</summary>
public sealed class HttpPushCameraTests(ITestOutputHelper output)
{
    private const string Camera = "dock";

    [Fact]
    public async Task Concurrent_posts_are_each_answered_with_their_content_id_and_a_persisted_route()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDir("http");
        var images = Variants(20, seed: 11);
        var config = Site(temp, "http-push");
        var configFile = temp.File("site.conf");
        using (var node = RunningNode.Start(config, configFile, temp.Path))
        {
            await node.WaitUntilUpAsync(TimeSpan.FromSeconds(60), ct);
            var answers = await Task.WhenAll(images.Select(image => PostAsync(node, image, ct)));
            for (var i = 0; i < images.Count; i++)
            {
                var (status, _, body) = answers[i];
                Assert.True(status == HttpStatusCode.OK, $"image {i}: expected 200, got {(int)status} {body?.Error}");
                Assert.Equal(TestData.Sha256(images[i]), body!.ContentId);
                Assert.Equal("Decided", body.Outcome);
                Assert.False(string.IsNullOrEmpty(body.Route), $"image {i}: decided without a route");
            }

            using (var empty = await node.Http.PostAsync($"/cameras/{Camera}/images", new ByteArrayContent([]), ct))
                Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            using (var unknown = await node.Http.PostAsync("/cameras/no-such-camera/images", Jpeg(images[0]), ct))
                Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

            var status2 = await node.WaitForStatusAsync(s => s.Site.InFlight == 0, TimeSpan.FromSeconds(10), "in-flight to drain", ct);
            Assert.Equal(images.Count, status2.Decisions.Total);
            await node.StopAsync(TimeSpan.FromSeconds(30));
        }

        var decisions = await DecisionExportFile.ExportAsync(configFile, temp.Path);
        Assert.Equal(images.Select(TestData.Sha256).Order(), decisions.Select(d => d.Id).Order());
        Assert.All(decisions, d => Assert.Equal(Camera, d.Camera));
    }

    [Fact]
    public async Task Saturated_camera_answers_503_with_Retry_After_and_loses_nothing_it_accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDir("http-busy");
        var images = Variants(50, seed: 12);
        var ids = images.Select(TestData.Sha256).ToList();
        var config = Site(temp, "http-busy");
        config.Extra.Add("pipeline.max-in-flight = 1");
        var configFile = temp.File("site.conf");
        var accepted = new HashSet<string>(StringComparer.Ordinal);
        var refused = new List<int>();
        using (var node = RunningNode.Start(config, configFile, temp.Path))
        {
            await node.WaitUntilUpAsync(TimeSpan.FromSeconds(60), ct);
            var answers = await Task.WhenAll(images.Select(image => PostAsync(node, image, ct)));
            for (var i = 0; i < images.Count; i++)
            {
                var (status, retryAfter, body) = answers[i];
                switch (status)
                {
                    case HttpStatusCode.OK:
                        Assert.Equal(ids[i], body!.ContentId);
                        accepted.Add(ids[i]);
                        break;
                    case HttpStatusCode.ServiceUnavailable:
                        Assert.True(retryAfter is not null, $"image {i}: 503 without a Retry-After header");
                        refused.Add(i);
                        break;
                    default:
                        Assert.Fail($"image {i}: expected 200 or 503, got {(int)status} {body?.Error}\n{node.Process.Log}");
                        break;
                }
            }
            output.WriteLine($"burst of {images.Count} with max-in-flight 1: {accepted.Count} accepted, {refused.Count} refused with 503");
            Assert.True(refused.Count >= 1, "a burst of 50 concurrent posts against max-in-flight 1 should see at least one 503");
            Assert.True(accepted.Count >= 1, "the burst should get at least one image through");

            // Every refused image is accepted when posted again later, honouring Retry-After.
            foreach (var i in refused)
            {
                var body = await PostUntilAcceptedAsync(node, images[i], TimeSpan.FromSeconds(60), ct);
                Assert.Equal(ids[i], body.ContentId);
                accepted.Add(ids[i]);
            }
            var status2 = await node.WaitForStatusAsync(s => s.Site.InFlight == 0, TimeSpan.FromSeconds(10), "in-flight to drain", ct);
            Assert.Equal(1, status2.Site.PeakInFlight);
            await node.StopAsync(TimeSpan.FromSeconds(30));
        }

        var decisions = await DecisionExportFile.ExportAsync(configFile, temp.Path);
        var duplicates = decisions.GroupBy(d => d.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"decided more than once: {string.Join(", ", duplicates)}");
        Assert.Equal(accepted.Order(), decisions.Select(d => d.Id).Order());
        Assert.Equal(ids.Order(), accepted.Order());
    }

    private static SiteConfig Site(TempDir temp, string site) => new()
    {
        Site = site,
        DataDir = temp.Sub("data"),
        Cameras = { [Camera] = "type = http" },
    };

    private static List<byte[]> Variants(int count, int seed)
    {
        var variants = PhotoVariants.FromDirectory(TestData.DlibFaces, seed);
        var images = new byte[count][];
        Parallel.For(0, count, i => images[i] = variants.Make(i));
        Assert.Equal(count, images.Select(TestData.Sha256).Distinct().Count());
        return [.. images];
    }

    private static ByteArrayContent Jpeg(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return content;
    }

    private static async Task<(HttpStatusCode Status, RetryConditionHeaderValue? RetryAfter, PostAnswer? Body)> PostAsync(
        RunningNode node, byte[] image, CancellationToken ct)
    {
        using var response = await node.Http.PostAsync($"/cameras/{Camera}/images", Jpeg(image), ct);
        PostAnswer? body = null;
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json") == true)
            body = await response.Content.ReadFromJsonAsync<PostAnswer>(NodeStatus.Json, ct);
        return (response.StatusCode, response.Headers.RetryAfter, body);
    }

    private static async Task<PostAnswer> PostUntilAcceptedAsync(RunningNode node, byte[] image, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (status, retryAfter, body) = await PostAsync(node, image, ct);
            if (status == HttpStatusCode.OK) return body!;
            Assert.True(status == HttpStatusCode.ServiceUnavailable, $"re-post: expected 200 or 503, got {(int)status} {body?.Error}");
            Assert.True(clock.Elapsed < timeout, $"re-post still refused after {timeout.TotalSeconds:0}s");
            // Retry-After is whole seconds; a quiet pipeline frees its permit much sooner, so poll faster than it says.
            await Task.Delay(retryAfter?.Delta is { } d && d < TimeSpan.FromMilliseconds(200) ? d : TimeSpan.FromMilliseconds(200), ct);
        }
    }

    private sealed record PostAnswer(string? ContentId, string? Outcome, string? Route, string? Reason, string? Error, string? Detail);
}
