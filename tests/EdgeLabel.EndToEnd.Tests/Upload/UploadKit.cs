using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeLabel.Actors.Camera;
using EdgeLabel.EndToEnd.Tests.Support;
using SkiaSharp;

namespace EdgeLabel.EndToEnd.Tests.Upload;

/// <summary>The <c>outbox</c> part of GET /status.</summary>
internal sealed record OutboxJson(int Depth, int Audit, int Review, int AutoLabeled, long BytesPending, long ProjectedUpTo, int InFlight,
    long Uploaded, long UploadedBytes, int FailedPermanently, string State, string? LastError, DateTimeOffset? LastUploadAt)
{
    public override string ToString() =>
        $"outbox state={State} depth={Depth} (audit={Audit} review={Review} auto={AutoLabeled}) inFlight={InFlight} uploaded={Uploaded} " +
        $"failed={FailedPermanently} projectedUpTo={ProjectedUpTo} lastUploadAt={LastUploadAt:O} lastError={LastError}";
}

/// <summary>GET /status with the outbox.</summary>
internal sealed record UploadStatus(NodeStatus Node, OutboxJson Outbox)
{
    public int Decided => Node.Decisions.Total;

    public override string ToString() => $"{Node}; {Outbox}";
}

/// <summary>Shared pieces of the upload tests: images, site files with an S3 store, status polling and the
/// store/spool assertions.</summary>
internal static class UploadKit
{
    public const string Bucket = "edgelabel-e2e";
    public const string Prefix = "uploads";
    public const string Camera = "gate";

    private static readonly Regex KeyPattern = new(@"^(?<prefix>.+)/(?<site>[a-z0-9-]+)/(?<camera>[a-z0-9-]+)/(?<y>\d{4})/(?<m>\d{2})/(?<d>\d{2})/(?<id>[0-9a-f]{64})\.(?<ext>jpg|json)$");

    /// <summary>The edge takes S3 credentials from the standard AWS chain; child processes inherit these.</summary>
    public static void UseS3rverCredentials()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", S3rverProcess.Credential);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", S3rverProcess.Credential);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    /// <summary>A site with uploads on, the store at <paramref name="endpoint"/> and fast retry/probe knobs.</summary>
    public static SiteConfig Site(string site, string dataDir, string inbox, string endpoint, string bucket = Bucket, params string[] upload)
    {
        var extra = S3StoreBlock(endpoint, bucket).ToList();
        extra.AddRange(upload.Select(u => $"upload.{u}"));
        return new SiteConfig
        {
            Site = site,
            DataDir = dataDir,
            Uploads = true,
            Cameras = { [Camera] = SiteConfig.DirectoryCamera(inbox) },
            Extra = extra,
        };
    }

    /// <summary>The lines (inside <c>edgelabel { }</c>) of an S3 store at <paramref name="endpoint"/> (s3rver, or a
    /// <see cref="FaultProxy"/> in front of it) with fast retry/probe knobs; they override a site file's local store.</summary>
    public static IReadOnlyList<string> S3StoreBlock(string endpoint, string bucket = Bucket) =>
    [
        $"store {{ kind = s3, bucket = {SiteConfig.Quote(bucket)}, prefix = {SiteConfig.Quote(Prefix)}",
        $"  s3 {{ endpoint = {SiteConfig.Quote(endpoint)}, region = \"us-east-1\", force-path-style = on, checksum-when-required = on, timeout = 10s }} }}",
        "upload { probe-interval = 1s, backoff-base = 100ms, backoff-cap = 2s, failures-before-link-down = 3 }",
    ];

    /// <summary>Distinct real-photo JPEGs: seeded crops/re-encodes of the small dlib faces, or of the opencv samples
    /// scaled down to at most <paramref name="maxSide"/> pixels (many small images, fast to make and to decide).
    /// Returns content id (sha256) → bytes.</summary>
    public static Dictionary<string, byte[]> MakeImages(int count, int seed, bool opencv = false, int maxSide = 320)
    {
        IReadOnlyList<byte[]> sources = opencv
            ? Directory.EnumerateFiles(Path.Combine(TestData.RepoRoot, ".cache", "samples", "opencv"))
                .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).Select(f => ScaleDown(File.ReadAllBytes(f), maxSide)).OfType<byte[]>().ToArray()
            : TestData.DlibPhotos.Where(p => new FileInfo(p).Length < 150_000).Select(File.ReadAllBytes).ToArray();
        Assert.True(sources.Count >= 8, $"too few sample photos ({sources.Count}); run ./build.sh samples");
        var variants = new PhotoVariants(sources, seed);
        var images = new byte[count][];
        Parallel.For(0, count, i => images[i] = variants.Make(i));
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
            Assert.True(result.TryAdd(TestData.Sha256(images[i]), images[i]), $"variant {i} repeats an earlier variant's bytes");
        return result;
    }

    /// <summary>Writes images into the camera folder (backdated so the first scan takes them); returns id → file name.</summary>
    public static Dictionary<string, string> WriteImages(string inbox, IEnumerable<KeyValuePair<string, byte[]>> images, int firstIndex = 0)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = firstIndex;
        foreach (var (id, bytes) in images)
        {
            var name = $"img-{i++:D5}.jpg";
            ImageFolder.Write(inbox, name, bytes);
            names[id] = name;
        }
        return names;
    }

    public static async Task<UploadStatus?> TryGetAsync(RunningNode node, CancellationToken ct)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(5));
            var json = await node.Http.GetStringAsync("/status", cts.Token);
            var status = JsonSerializer.Deserialize<NodeStatus>(json, NodeStatus.Json)!;
            using var doc = JsonDocument.Parse(json);
            var outbox = doc.RootElement.GetProperty("outbox").Deserialize<OutboxJson>(NodeStatus.Json)!;
            return new UploadStatus(status, outbox);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Polls /status until <paramref name="done"/>; fails with the last status, the node's log and
    /// <paramref name="context"/> (e.g. s3rver's output) after the timeout or when the node exits.</summary>
    public static async Task<UploadStatus> WaitAsync(RunningNode node, Func<UploadStatus, bool> done, TimeSpan timeout, string what,
        CancellationToken ct, Func<string>? context = null, int pollMs = 100)
    {
        var clock = Stopwatch.StartNew();
        UploadStatus? last = null;
        while (clock.Elapsed < timeout)
        {
            if (node.Process.HasExited)
                Assert.Fail($"edge node exited (code {node.Process.ExitCode}) while waiting for {what}. Last status: {last}\n{context?.Invoke()}\n{node.Process.Log}");
            var status = await TryGetAsync(node, ct);
            if (status is not null)
            {
                last = status;
                if (done(status)) return status;
            }
            await Task.Delay(pollMs, ct);
        }
        Assert.Fail($"timed out after {timeout.TotalSeconds:0}s waiting for {what}. Last status: {last?.ToString() ?? "(never answered)"}\n{context?.Invoke()}\n{node.Process.Log}");
        return null!;
    }

    /// <summary>Everything decided, the camera idle, and every image confirmed by the store (auto-labeled included).</summary>
    public static Func<UploadStatus, bool> Drained(int count) => s =>
        s.Decided >= count && s.Node.Camera(Camera).Idle && s.Outbox is { Depth: 0, InFlight: 0 } && s.Outbox.Uploaded >= count;

    public static Task<(HttpStatusCode Code, string Body)> HealthzAsync(RunningNode node, CancellationToken ct) => GetAsync(node, "/healthz", ct);

    public static Task<(HttpStatusCode Code, string Body)> ReadyAsync(RunningNode node, CancellationToken ct) => GetAsync(node, "/ready", ct);

    private static async Task<(HttpStatusCode Code, string Body)> GetAsync(RunningNode node, string path, CancellationToken ct)
    {
        using var response = await node.Http.GetAsync(path, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>Waits until the spool holds no file at all (uploaded images are released after the upload is persisted).</summary>
    public static async Task AssertSpoolEmptiesAsync(string dataDir, CancellationToken ct, TimeSpan? timeout = null)
    {
        var spool = Path.Combine(dataDir, "spool");
        var clock = Stopwatch.StartNew();
        List<string> files;
        do
        {
            files = Directory.Exists(spool) ? Directory.EnumerateFiles(spool, "*", SearchOption.AllDirectories).ToList() : [];
            if (files.Count == 0) return;
            await Task.Delay(200, ct);
        } while (clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(30)));
        var temps = files.Count(f => f.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.Fail($"spool still holds {files.Count} file(s) ({temps} *.tmp) {clock.Elapsed.TotalSeconds:0}s after the outbox drained:\n" +
            string.Join('\n', files.Take(20)));
    }

    /// <summary>The store holds, under the prefix, exactly one image object per decided image (bytes identical to the
    /// source file, key {prefix}/{site}/{camera}/yyyy/MM/dd/{sha256}.jpg) with its description (in its metadata, or in
    /// the sidecar beside it that its metadata names), and nothing else.</summary>
    public static void AssertStoreHoldsEachImageOnce(IReadOnlyList<S3Entry> objects, IReadOnlyDictionary<string, byte[]> images,
        IReadOnlyList<ExportedDecision> decisions, string site, ITestOutputHelper output)
    {
        var problems = new List<string>();

        // The journal: every source image decided once, with a route (all of them are uploaded: auto-labeled is on).
        var decided = decisions.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        problems.AddRange(decided.Where(d => d.Value.Count > 1).Select(d => $"decided {d.Value.Count} times: {d.Key}"));
        problems.AddRange(images.Keys.Where(id => !decided.ContainsKey(id)).Select(id => $"never decided: {id}"));
        problems.AddRange(decided.Keys.Where(id => !images.ContainsKey(id)).Select(id => $"decision for unknown content: {id}"));
        problems.AddRange(decisions.Where(d => d.Route is not ("auto-label" or "review" or "audit"))
            .Select(d => $"not routed: {d.Id} kind={d.Kind} route={d.Route} reason={d.Reason} {d.Detail}"));

        var byId = new Dictionary<string, List<S3Entry>>(StringComparer.Ordinal);
        var sidecars = new Dictionary<string, List<S3Entry>>(StringComparer.Ordinal);
        foreach (var o in objects)
        {
            var m = KeyPattern.Match(o.Key);
            if (!m.Success || m.Groups["prefix"].Value != Prefix || m.Groups["site"].Value != site || m.Groups["camera"].Value != Camera)
            {
                problems.Add($"unexpected key {o.Key}");
                continue;
            }
            var id = m.Groups["id"].Value;
            var target = m.Groups["ext"].Value == "json" ? sidecars : byId;
            if (!target.TryGetValue(id, out var list)) target[id] = list = [];
            list.Add(o);
        }

        var named = new HashSet<string>(StringComparer.Ordinal); // sidecars an image's metadata points to
        foreach (var (id, bytes) in images)
        {
            if (!byId.TryGetValue(id, out var stored))
            {
                problems.Add($"missing in the store: image {id} (route {decided.GetValueOrDefault(id)?.FirstOrDefault()?.Route})");
                continue;
            }
            if (stored.Count != 1) problems.Add($"image {id} stored {stored.Count} times: {string.Join(", ", stored.Select(s => s.Key))}");
            foreach (var s in stored)
            {
                if (s.Sha256 != id || s.Bytes != bytes.Length)
                    problems.Add($"bytes differ from the source for {s.Key}: sha256 {s.Sha256}, {s.Bytes} bytes (source {bytes.Length} bytes)");
            }
            var image = stored[0];
            var metadata = image.Metadata ?? new Dictionary<string, string>();
            string? description;
            if (metadata.TryGetValue("description", out var inline)) description = inline;
            else if (metadata.TryGetValue("description-sidecar", out var pointer))
            {
                var side = sidecars.GetValueOrDefault(id);
                if (side is not { Count: 1 } || !pointer.EndsWith("/" + side[0].Key, StringComparison.Ordinal))
                {
                    problems.Add($"image {image.Key} names sidecar {pointer}, the store holds {side?.Count ?? 0} for it");
                    continue;
                }
                named.Add(id);
                description = side[0].Text;
            }
            else
            {
                problems.Add($"image {image.Key} has no description (metadata: {string.Join(", ", metadata.Keys)})");
                continue;
            }
            problems.AddRange(DescriptionProblems(image.Key, id, description, decided.GetValueOrDefault(id)?.FirstOrDefault()?.Route, site));
        }
        problems.AddRange(byId.Keys.Where(id => !images.ContainsKey(id)).Select(id => $"image object for unknown content {id}"));
        problems.AddRange(sidecars.Keys.Where(id => !named.Contains(id)).Select(id => $"sidecar no image names: {id}"));

        var routes = decisions.GroupBy(d => d.Route ?? d.Kind).Select(g => $"{g.Key}={g.Count()}");
        output.WriteLine($"store: {objects.Count} objects ({byId.Count} images, {sidecars.Count} sidecars) for {images.Count} images; routes {string.Join(", ", routes)}");
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s) with the stored objects:\n{string.Join('\n', problems.Take(30))}");
        Assert.Equal(images.Count + named.Count, objects.Count);
    }

    /// <summary>What is wrong with an image's description JSON: it must name the image's content, site and route and
    /// carry Ground Truth pre-annotations.</summary>
    private static IEnumerable<string> DescriptionProblems(string key, string id, string? text, string? route, string site)
    {
        var problems = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(text ?? "");
            var root = doc.RootElement;
            if (root.GetProperty("content-id").GetString() != id) problems.Add($"{key}: description names content {root.GetProperty("content-id")}");
            if (root.GetProperty("site").GetString() != site) problems.Add($"{key}: description names site {root.GetProperty("site")}");
            if (root.GetProperty("pre-annotations").GetProperty("annotations").ValueKind != JsonValueKind.Array)
                problems.Add($"{key}: pre-annotations.annotations is not an array");
            var described = root.GetProperty("route").GetString();
            if (route is not null && described != route.Replace("-", "")) problems.Add($"{key}: description route {described}, decision says {route}");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            problems.Add($"{key}: description is not the expected JSON: {e.Message}: {text?[..Math.Min(200, text.Length)]}");
        }
        return problems;
    }

    private static byte[]? ScaleDown(byte[] bytes, int maxSide)
    {
        using var bitmap = SKBitmap.Decode(bytes);
        if (bitmap is null) return null;
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(bitmap.Width, bitmap.Height));
        var w = Math.Max(32, (int)(bitmap.Width * scale));
        var h = Math.Max(32, (int)(bitmap.Height * scale));
        using var surface = SKSurface.Create(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.White);
        using var image = SKImage.FromBitmap(bitmap);
        surface.Canvas.DrawImage(image, SKRect.Create(0, 0, w, h), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}
