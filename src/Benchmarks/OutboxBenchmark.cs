using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using EdgeLabel.Actors;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Actors.Spool;
using EdgeLabel.Actors.Upload;
using EdgeLabel.Inference.Models;
using EdgeLabel.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SkiaSharp;
using OutboxActor = EdgeLabel.Actors.Outbox.Outbox;

namespace EdgeLabel.Benchmarks;

/// <summary><c>outbox</c>: the same ~200 KB photos to the same local s3rver (a fresh bucket per phase), at the same
/// concurrency, through (a) a raw AWSSDK.S3 PutObject loop (one PUT with Content-MD5 per image), (a') the same loop
/// with the image's description as metadata (diagnostic: the outbox's requests without the actor), and (b) a real Outbox actor
/// with the SQLite journal, draining a decision journal pre-filled with one ImageDecided per image (written in its own,
/// untimed process). Each phase runs in its own process (clean peak RSS). Optionally (--pending N) an outbox with
/// uploads disabled projects N decisions and the process RSS is reported.</summary>
public static class OutboxBenchmark
{
    private const string Site = "bench-outbox";
    private const string WarmupSite = "bench-warmup";
    /// <summary>Images each phase uploads untimed first (to a warm-up prefix or through a warm-up outbox of another site):
    /// the JIT (tier-0 → instrumented → tier-1) of the AWS SDK, Akka and linq2db costs seconds of CPU on these two cores,
    /// which a site pays once at start-up, not per image.</summary>
    private const int WarmupImages = 100;
    private const string Camera = "bench-cam";
    private const string Prefix = "edgelabel";
    private const string ImagesFolder = "out/bench/outbox-images";
    private const string RunFolder = "out/bench/outbox-run";
    private const string ReportFile = "out/bench/outbox.json";
    private static readonly ModelIdentity Model = new("blazeface-back-256", "bench", new string('b', 64));
    private static readonly DateTimeOffset CapturedBase = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = OutboxOptions.Parse(args);
        if (options.Phase is { } phase) return await RunPhaseAsync(phase, options);

        var files = OutboxImages.Ensure(Path.GetFullPath(ImagesFolder), options.Images);
        var meanKb = files.Average(f => new FileInfo(f).Length) / 1024.0;
        Console.WriteLine($"outbox benchmark: {files.Count} images (mean {meanKb:F0} KB) from {ImagesFolder}, concurrency {options.Concurrency}, " +
                          $"{options.Repeat} round(s) of (a) raw PUT, (a') raw PUT + metadata, (b) outbox; each phase in its own process");
        using var server = await S3rverProcess.StartAsync(Path.GetFullPath(Path.Combine(RunFolder, "s3rver")));
        Console.WriteLine($"s3rver 3.7.1 at {server.Endpoint}");

        var rounds = new List<OutboxRound>();
        for (var run = 1; run <= options.Repeat; run++)
        {
            var raw = await RunUploadChildAsync(server, "raw", run, options, $"raw-{run}");
            var rawDescribed = await RunUploadChildAsync(server, "raw-described", run, options, $"raw-described-{run}");
            var data = Path.GetFullPath(Path.Combine(RunFolder, $"run-{run}"));
            await RunChildAsync<Prefilled>("prefill", run, options, "--data", data, "--count", $"{files.Count}");
            var outbox = await RunUploadChildAsync(server, "outbox", run, options, $"outbox-{run}", "--data", data);
            rounds.Add(new OutboxRound(run, raw, rawDescribed, outbox,
                Math.Round(outbox.ImagesPerSecond / raw.ImagesPerSecond, 3), Math.Round(outbox.ImagesPerSecond / rawDescribed.ImagesPerSecond, 3)));
            Directory.Delete(data, recursive: true);
        }

        PendingResult? pending = null;
        if (options.Pending > 0)
        {
            var data = Path.GetFullPath(Path.Combine(RunFolder, "pending"));
            await RunChildAsync<Prefilled>("prefill-tiny", 1, options, "--data", data, "--count", $"{options.Pending}");
            pending = await RunChildAsync<PendingResult>("pending", 1, options, "--data", data, "--count", $"{options.Pending}");
            Directory.Delete(data, recursive: true);
        }

        var medians = new OutboxMedians(
            BenchReport.Median(rounds.Select(r => r.Raw.ImagesPerSecond)),
            BenchReport.Median(rounds.Select(r => r.RawDescribed.ImagesPerSecond)),
            BenchReport.Median(rounds.Select(r => r.Outbox.ImagesPerSecond)),
            BenchReport.Median(rounds.Select(r => r.Ratio)),
            BenchReport.Median(rounds.Select(r => r.RatioVsRawDescribed)),
            BenchReport.Median(rounds.Select(r => r.Raw.MegabytesPerSecond)),
            BenchReport.Median(rounds.Select(r => r.Outbox.MegabytesPerSecond)));
        var report = new OutboxReport(DateTimeOffset.Now, MachineInfo.Collect(), files.Count, Math.Round(meanKb, 1), ImagesFolder, OutboxImages.Seed,
            options.Concurrency, "s3rver 3.7.1 (node " + NodeVersion() + ") on 127.0.0.1, same machine", rounds, medians, pending);
        PrintTable(report);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(ReportFile))!);
        await File.WriteAllTextAsync(ReportFile, JsonSerializer.Serialize(report, BenchReport.Json));
        Console.WriteLine($"wrote {ReportFile}");
        return 0;
    }

    private static async Task<UploadPhaseResult> RunUploadChildAsync(S3rverProcess server, string phase, int run, OutboxOptions options,
        string bucket, params string[] extra)
    {
        var serverCpu = server.CpuSeconds();
        var result = await RunChildAsync<UploadPhaseResult>(phase, run, options,
            ["--endpoint", server.Endpoint, "--bucket", bucket, "--concurrency", $"{options.Concurrency}", .. extra]);
        // The server's CPU over the whole child (warm-up and verification listing included, both small).
        return result with { ServerCpuSeconds = Math.Round(server.CpuSeconds() - serverCpu, 2) };
    }

    /// <summary>Runs <c>edgelabel-bench outbox --phase NAME ...</c> in a fresh process and reads its result.</summary>
    private static async Task<T> RunChildAsync<T>(string phase, int run, OutboxOptions options, params string[] extra)
    {
        var result = Path.Combine(Path.GetTempPath(), $"edgelabel-bench-{Environment.ProcessId}-outbox-{phase}-{run}.json");
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        foreach (var arg in new[] { Assembly.GetEntryAssembly()!.Location, "outbox", "--phase", phase, "--run", $"{run}", "--images", $"{options.Images}",
                     "--result", result }.Concat(extra))
            start.ArgumentList.Add(arg);
        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        if (child.ExitCode != 0) throw new InvalidOperationException($"phase {phase} (run {run}) exited with code {child.ExitCode}");
        var report = JsonSerializer.Deserialize<T>(await File.ReadAllTextAsync(result), BenchReport.Json)!;
        File.Delete(result);
        return report;
    }

    private static async Task<int> RunPhaseAsync(string phase, OutboxOptions options)
    {
        object result = phase switch
        {
            "raw" => await RunRawAsync(options, described: false),
            "raw-described" => await RunRawAsync(options, described: true),
            "prefill" => await PrefillAsync(options, tiny: false),
            "prefill-tiny" => await PrefillAsync(options, tiny: true),
            "outbox" => await RunOutboxAsync(options),
            "pending" => await RunPendingAsync(options),
            _ => throw new ArgumentException($"unknown phase '{phase}' (raw, raw-described, prefill, prefill-tiny, outbox, pending)"),
        };
        switch (result)
        {
            case UploadPhaseResult r:
                var label = phase switch { "raw" => "(a)  raw PUT          ", "raw-described" => "(a') raw PUT + metadata", _ => "(b)  outbox actor     " };
                Console.WriteLine($"run {options.Run} {label}: {r.ImagesPerSecond,6:F1} images/s, {r.ObjectsPerSecond,6:F1} objects/s, {r.MegabytesPerSecond,5:F1} MB/s " +
                                  $"({r.Seconds:F2} s, {r.CpuSeconds:F1} CPU-s, peak RSS {r.Rss.PeakMb:F0} MB, load {r.LoadAverage:F1}, " +
                                  $"PUTs in flight {r.MeanPutsInFlight:F2} of {options.Concurrency}, {r.MeanPutMs:F1} ms per PUT" +
                                  (r.ProjectionSeconds is { } proj ? $", all {r.Images} projected after {proj:F2} s" : "") + $"; {r.Gc})");
                break;
            case PendingResult p:
                Console.WriteLine($"pending: {p.Items} items projected in {p.Seconds:F1} s; RSS {p.RssBeforeOutboxMb:F0} MB before the outbox, " +
                                  $"{p.RssWithOutboxMb:F0} MB holding them (managed heap {p.ManagedBeforeMb:F0} → {p.ManagedWithOutboxMb:F0} MB), peak {p.Rss.PeakMb:F0} MB");
                break;
        }
        if (options.Result is { } file) await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, result.GetType(), BenchReport.Json));
        return 0;
    }

    // ---- (a) and (a'): AWSSDK.S3 directly ----

    /// <summary>(a) read each image, PutObject with Content-MD5 (no aws-chunked framing), at the given concurrency;
    /// (a') the same with the image's metadata as the uploader builds it (<see cref="ImageDescription"/>).</summary>
    private static async Task<UploadPhaseResult> RunRawAsync(OutboxOptions options, bool described)
    {
        var files = Inputs(options);
        // Untimed: the description needs each image's decision (content id, size, dimensions), which the outbox has in its ledger.
        var items = described ? files.Select((f, i) => ToItem(Decide(i, Describe(f)), i + 1)).ToArray() : null;
        var endpoint = options.Endpoint!;
        var bucket = options.Bucket!;
        using var client = CreateClient(endpoint);
        await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        await Parallel.ForEachAsync(Enumerable.Range(0, Math.Min(WarmupImages, files.Count)), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, ct) =>
        {
            var image = await File.ReadAllBytesAsync(files[i], ct);
            await RawPutAsync(client, bucket, $"warm-up/{i}.jpg", image, "image/jpeg", ct, metadata: MetadataOf(items?[i], bucket, $"warm-up/{i}.jpg"));
        });

        var meter = new PutMeter();
        var rss = new RssSampler();
        rss.Begin();
        var cpu = CpuTime();
        var gc = GcActivity.Start();
        meter.Reset();
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, ct) =>
        {
            var image = await File.ReadAllBytesAsync(files[i], ct);
            var key = $"{Prefix}/raw/{Path.GetFileName(files[i])}";
            await RawPutAsync(client, bucket, key, image, "image/jpeg", ct, meter, MetadataOf(items?[i], bucket, key));
            Interlocked.Add(ref bytes, image.LongLength);
        });
        var seconds = clock.Elapsed.TotalSeconds;
        var puts = meter.Read();
        var cpuSeconds = CpuTime() - cpu;
        var gcActivity = gc();
        var peak = rss.End();
        var objects = files.Count;
        var verified = await CountObjectsAsync(client, bucket, Prefix + "/");
        if (verified != objects) throw new InvalidOperationException($"bucket {bucket} holds {verified} objects under {Prefix}/, expected {objects}");
        return Result(described ? "raw-described" : "raw", files.Count, objects, bytes, seconds, cpuSeconds, peak, null, verified, puts, gcActivity);
    }

    /// <summary>The metadata the uploader gives this image; the benchmark's 1-3 boxes always fit (no sidecar).</summary>
    private static IReadOnlyDictionary<string, string>? MetadataOf(OutboxItem? item, string bucket, string key)
    {
        if (item is null) return null;
        var objects = ImageDescription.Plan(item, ObjectUri.Create(bucket, key), ObjectUri.Create(bucket, key + ".json"));
        return objects.Sidecar is null ? objects.Metadata : throw new InvalidOperationException($"{key}: description did not fit the metadata");
    }

    private static async Task RawPutAsync(IAmazonS3 client, string bucket, string key, byte[] body, string contentType, CancellationToken ct,
        PutMeter? meter = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = new MemoryStream(body, writable: false),
            ContentType = contentType,
            MD5Digest = Convert.ToBase64String(MD5.HashData(body)),
            UseChunkEncoding = false,
        };
        foreach (var (name, value) in metadata ?? ObjectMetadata.Empty) request.Metadata.Add(name, value);
        if (meter is null) await client.PutObjectAsync(request, ct);
        else await meter.Measure(() => client.PutObjectAsync(request, ct));
    }

    // ---- (b): the Outbox actor over a pre-filled decision journal ----

    /// <summary>Untimed, in its own process: writes each image into a fresh site's spool and persists one
    /// <see cref="ImageDecided"/> per image through the <see cref="DecisionJournal"/> (batches of 256, like the pipeline).
    /// Tiny: N distinct ~40-byte spool files instead of the photos (for the pending-items phase).</summary>
    private static async Task<Prefilled> PrefillAsync(OutboxOptions options, bool tiny)
    {
        var data = options.Data!;
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        var spool = new ImageSpool(Path.Combine(data, "spool"), fsync: false);
        var files = tiny ? null : Inputs(options);
        var count = tiny ? options.Count : files!.Count;
        var clock = Stopwatch.StartNew();
        using var host = BuildHost(Path.Combine(data, "journal.db"), out _);
        await host.StartAsync();
        var journal = host.Services.GetRequiredService<IRequiredActor<DecisionJournal>>().ActorRef;
        var batch = new List<IDecisionEvent>(256);
        var recorded = 0;
        for (var i = 0; i < count; i++)
        {
            var image = tiny ? new ImageFacts(Encoding.UTF8.GetBytes($"pending-image-{i:D7}-{Guid.NewGuid():N}"), 1920, 1080) : Describe(files![i]);
            await spool.StoreAsync(image.Id, "jpg", image.Bytes);
            batch.Add(Decide(i, image));
            if (batch.Count == 256 || i == count - 1)
            {
                var reply = await journal.Ask<DecisionsRecorded>(new RecordDecisions(batch.ToArray()), TimeSpan.FromSeconds(60));
                recorded += reply.Recorded.Count;
                batch.Clear();
            }
        }
        if (!tiny)
        {
            // The warm-up outbox's site: its own decision journal and spool (uploads delete spool files).
            var warmSpool = new ImageSpool(Path.Combine(data, "spool-warmup"), fsync: false);
            var warmJournal = host.Services.GetRequiredService<ActorSystem>().ActorOf(DecisionJournal.Props(WarmupSite), "decisions-warmup");
            var warm = new List<IDecisionEvent>();
            for (var i = 0; i < Math.Min(WarmupImages, count); i++)
            {
                var image = Describe(files![i]);
                await warmSpool.StoreAsync(image.Id, "jpg", image.Bytes);
                warm.Add(Decide(i, image, WarmupSite));
            }
            var reply = await warmJournal.Ask<DecisionsRecorded>(new RecordDecisions(warm), TimeSpan.FromSeconds(60));
            if (reply.Recorded.Count != warm.Count) throw new InvalidOperationException("warm-up prefill failed");
        }
        await host.StopAsync();
        if (recorded != count) throw new InvalidOperationException($"prefill recorded {recorded} decisions, expected {count}");
        Console.WriteLine($"prefill: {count} decisions and spool files in {data} ({clock.Elapsed.TotalSeconds:F1} s, untimed)");
        return new Prefilled(count);
    }

    /// <summary>(b) host with the SQLite journal and the decision journal (recovered, untimed); then the outbox actor is
    /// created and timed until every item's upload is confirmed and persisted (status: 0 pending, N uploaded).</summary>
    private static async Task<UploadPhaseResult> RunOutboxAsync(OutboxOptions options)
    {
        var data = options.Data!;
        var endpoint = options.Endpoint!;
        var bucket = options.Bucket!;
        var expected = options.Images;
        var spool = new ImageSpool(Path.Combine(data, "spool"), fsync: true);
        using var host = BuildHost(Path.Combine(data, "journal.db"), out _);
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var journal = host.Services.GetRequiredService<IRequiredActor<DecisionJournal>>().ActorRef;
        var summary = await journal.Ask<DecisionSummary>(GetDecisionSummary.Instance, StatusTimeout);
        if (summary.Total != expected) throw new InvalidOperationException($"journal holds {summary.Total} decisions, expected {expected}");

        using var client = CreateClient(endpoint);
        var s3 = S3Settings(endpoint);
        var meter = new PutMeter();
        var store = new MeteredObjectStore(new S3ObjectStore(client, s3), meter);
        await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        var storeSettings = new StoreSettings("s3", bucket, Prefix, "", s3);
        var upload = UploadSettings.Default with { Concurrency = options.Concurrency };
        var warmup = system.ActorOf(OutboxActor.Props(WarmupSite, upload, storeSettings with { Prefix = "warm-up" }, store,
            new ImageSpool(Path.Combine(data, "spool-warmup"), fsync: true), TimeProvider.System), "outbox-warmup");
        var warmExpected = Math.Min(WarmupImages, expected);
        while ((await warmup.Ask<OutboxStatus>(GetOutboxStatus.Instance, StatusTimeout)) is var w && (w.Uploaded < warmExpected || w.Depth > 0))
        {
            if (w.FailedPermanently > 0 || w.State is OutboxStates.Paused) throw new InvalidOperationException($"warm-up outbox is {w.State}: {w.LastError}");
            await Task.Delay(20);
        }
        await warmup.GracefulStop(StatusTimeout);

        var rss = new RssSampler();
        rss.Begin();
        var cpu = CpuTime();
        var gc = GcActivity.Start();
        meter.Reset();
        var clock = Stopwatch.StartNew();
        var outbox = system.ActorOf(OutboxActor.Props(Site, upload, storeSettings, store, spool, TimeProvider.System), "outbox");
        double? projected = null;
        OutboxStatus status;
        while (true)
        {
            await Task.Delay(20);
            status = await outbox.Ask<OutboxStatus>(GetOutboxStatus.Instance, StatusTimeout);
            if (projected is null && status.ProjectedUpTo >= expected) projected = Math.Round(clock.Elapsed.TotalSeconds, 3);
            if (status.FailedPermanently > 0 || status.State is OutboxStates.Paused or OutboxStates.LinkDown)
                throw new InvalidOperationException($"outbox is {status.State}, {status.FailedPermanently} failed permanently: {status.LastError}");
            if (status.Uploaded >= expected && status.Depth == 0) break;
            if (clock.Elapsed > TimeSpan.FromMinutes(15)) throw new TimeoutException($"outbox still has {status.Depth} items after 15 minutes");
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var puts = meter.Read();
        var cpuSeconds = CpuTime() - cpu;
        var gcActivity = gc();
        var peak = rss.End();
        var verified = await CountObjectsAsync(client, bucket, Prefix + "/");
        await host.StopAsync();
        // One object per image: the benchmark's 1-3 boxes always fit the image's metadata (no sidecar).
        if (verified != expected) throw new InvalidOperationException($"bucket {bucket} holds {verified} objects under {Prefix}/, expected {expected}");
        return Result("outbox", expected, expected, status.UploadedBytes, seconds, cpuSeconds, peak, projected, verified, puts, gcActivity);
    }

    /// <summary>--pending N: a site whose uploads are disabled (as when its link is down for days) recovers a journal of N
    /// decisions, then its outbox projects all N into pending items. RSS and the managed heap (after a full GC) are read
    /// before the outbox starts and once it holds all N, so the difference is the outbox's in-memory state.</summary>
    private static async Task<PendingResult> RunPendingAsync(OutboxOptions options)
    {
        var data = options.Data!;
        var expected = options.Count;
        var spool = new ImageSpool(Path.Combine(data, "spool"), fsync: true);
        var rss = new RssSampler();
        rss.Begin();
        using var host = BuildHost(Path.Combine(data, "journal.db"), out _);
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var journal = host.Services.GetRequiredService<IRequiredActor<DecisionJournal>>().ActorRef;
        var summary = await journal.Ask<DecisionSummary>(GetDecisionSummary.Instance, StatusTimeout);
        if (summary.Total != expected) throw new InvalidOperationException($"journal holds {summary.Total} decisions, expected {expected}");
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var rssBefore = CurrentRssKb();

        var clock = Stopwatch.StartNew();
        var storeSettings = new StoreSettings("s3", "bench-unused", Prefix, "", S3Settings("http://127.0.0.1:9"));
        var outbox = system.ActorOf(OutboxActor.Props(Site, UploadSettings.Default with { Enabled = false }, storeSettings, null, spool, TimeProvider.System), "outbox");
        OutboxStatus status;
        while (true)
        {
            await Task.Delay(100);
            status = await outbox.Ask<OutboxStatus>(GetOutboxStatus.Instance, StatusTimeout);
            if (status.Depth >= expected) break;
            if (clock.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"outbox holds {status.Depth} of {expected} items after 10 minutes");
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await Task.Delay(1000); // let the last persist and the projection's next poll settle
        var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        var rssAfter = CurrentRssKb();
        var peak = rss.End();
        await host.StopAsync();
        return new PendingResult(expected, Math.Round(seconds, 2), Mb(rssBefore * 1024), Mb(rssAfter * 1024), Mb(managedBefore), Mb(managedAfter),
            peak, MachineInfo.LoadAverage(), status.State);
    }

    // ---- shared ----

    private static IHost BuildHost(string journalPath, out string name)
    {
        name = "edgelabel-bench-outbox";
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAkka(name, akka => akka
            .AddHocon("akka { loglevel = WARNING, stdout-loglevel = WARNING, log-dead-letters-during-shutdown = off }", HoconAddMode.Prepend)
            .ConfigureLoggers(l => l.AddLoggerFactory())
            .AddEdgeLabelSerialization()
            .AddSqliteJournal(journalPath)
            .WithActors((system, registry) =>
                registry.Register<DecisionJournal>(system.ActorOf(DecisionJournal.Props(Site), "decisions"))));
        return builder.Build();
    }

    private static S3StoreSettings S3Settings(string endpoint) =>
        new(endpoint, "us-east-1", ForcePathStyle: true, ChecksumWhenRequired: true, 16L * 1024 * 1024, 8 * 1024 * 1024);

    /// <summary>The same SDK configuration as the outbox's store (<see cref="S3ObjectStore.CreateConfig"/>), with s3rver's fixed credentials.</summary>
    private static AmazonS3Client CreateClient(string endpoint) =>
        new(new BasicAWSCredentials(S3rverProcess.AccessKey, S3rverProcess.SecretKey), S3ObjectStore.CreateConfig(S3Settings(endpoint)));

    private static async Task<int> CountObjectsAsync(IAmazonS3 client, string bucket, string prefix)
    {
        var count = 0;
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        while (true)
        {
            var page = await client.ListObjectsV2Async(request);
            count += page.S3Objects?.Count ?? 0;
            if (page.IsTruncated != true) return count;
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    private static IReadOnlyList<string> Inputs(OutboxOptions options)
    {
        var files = EdgeImages.List(Path.GetFullPath(ImagesFolder));
        if (files.Count != options.Images) throw new InvalidOperationException($"{ImagesFolder} has {files.Count} images, expected {options.Images}");
        return files;
    }

    private sealed record ImageFacts(byte[] Bytes, int Width, int Height)
    {
        public ContentId Id { get; } = ContentId.Of(Bytes);
    }

    private static ImageFacts Describe(string file)
    {
        var bytes = File.ReadAllBytes(file);
        using var codec = SKCodec.Create(new MemoryStream(bytes)) ?? throw new InvalidDataException($"{file} does not decode");
        return new ImageFacts(bytes, codec.Info.Width, codec.Info.Height);
    }

    /// <summary>A plausible decision: 10 % audit, 30 % review, 60 % auto-labeled (so the priority order is exercised),
    /// one to three face boxes.</summary>
    private static ImageDecided Decide(int index, ImageFacts image, string site = Site)
    {
        var route = (index % 10) switch { 0 => RouteKind.Audit, 1 or 2 or 3 => RouteKind.Review, _ => RouteKind.AutoLabel };
        var boxes = Enumerable.Range(0, 1 + index % 3).Select(b => new DecidedBox(0, "face", 0.55f + 0.1f * b,
            10 + 50 * b, 20 + 30 * b, 64, 80, 0.8f, 0.3f)).ToArray();
        var captured = CapturedBase.AddSeconds(index);
        var source = new ImageSource(site, Camera, captured, "jpg", image.Bytes.LongLength, $"bench/img-{index:D5}.jpg");
        return new ImageDecided(image.Id, source, image.Width, image.Height, route, route.ToString().ToLowerInvariant(), Model, 0.05, boxes,
            captured.AddMilliseconds(300));
    }

    /// <summary>The outbox item the outbox's projection makes of a decision.</summary>
    private static OutboxItem ToItem(ImageDecided d, long sequenceNr) =>
        new(d.Id, d.Route, d.Source, d.Width, d.Height, d.Model, d.Boxes, sequenceNr, d.DecidedAt);

    private static UploadPhaseResult Result(string phase, int images, int objects, long bytes, double seconds, double cpuSeconds, RssPeak peak,
        double? projected, int verified, (double MeanInFlight, double MeanPutMs) puts, GcActivity gc) =>
        new(phase, images, objects, bytes, Math.Round(seconds, 3), Math.Round(images / seconds, 1), Math.Round(objects / seconds, 1),
            Math.Round(bytes / 1e6 / seconds, 2), Math.Round(cpuSeconds, 2), 0, MachineInfo.LoadAverage(), peak, projected, verified,
            puts.MeanInFlight, puts.MeanPutMs, gc);

    private static double CpuTime() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static long CurrentRssKb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]);
        return 0;
    }

    private static double Mb(long bytes) => Math.Round(bytes / 1024.0 / 1024.0, 1);

    private static string NodeVersion()
    {
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var version = node.StandardOutput.ReadToEnd().Trim();
            node.WaitForExit();
            return version;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return "?";
        }
    }

    private static void PrintTable(OutboxReport r)
    {
        Console.WriteLine();
        Console.WriteLine($"{r.Images} images (mean {r.MeanImageKb:F0} KB), concurrency {r.Concurrency}, {r.Server}; " +
                          $"{r.Machine.Cores} cores ({r.Machine.Cpu}), {r.Machine.Os}, {r.Machine.DotNet}");
        Console.WriteLine("one PUT per image in every phase; (a') and (b) send the image's description as metadata. MB/s = image bytes, 10^6.");
        Console.WriteLine("run | (a) raw img/s  MB/s | (a') +metadata img/s | (b) outbox img/s  MB/s | (b)/(a) | (b)/(a') | peak RSS MB (a)/(a')/(b) | client CPU-s (a)/(a')/(b) | s3rver CPU-s (a)/(a')/(b) | PUTs in flight (a)/(a')/(b) | ms/PUT (a)/(a')/(b) | load");
        Console.WriteLine("----|--------------------|---------------------|------------------------|---------|----------|--------------------------|---------------------------|---------------------------|-----------------------------|---------------------|-----");
        foreach (var x in r.Runs)
            Console.WriteLine($"{x.Run,3} | {x.Raw.ImagesPerSecond,13:F1} {x.Raw.MegabytesPerSecond,5:F1} | {x.RawDescribed.ImagesPerSecond,20:F1} | " +
                              $"{x.Outbox.ImagesPerSecond,16:F1} {x.Outbox.MegabytesPerSecond,5:F1} | {x.Ratio,7:F2} | {x.RatioVsRawDescribed,8:F2} | " +
                              $"{x.Raw.Rss.PeakMb,8:F0}/{x.RawDescribed.Rss.PeakMb:F0}/{x.Outbox.Rss.PeakMb:F0} | " +
                              $"{x.Raw.CpuSeconds,10:F1}/{x.RawDescribed.CpuSeconds:F1}/{x.Outbox.CpuSeconds:F1} | " +
                              $"{x.Raw.ServerCpuSeconds,10:F1}/{x.RawDescribed.ServerCpuSeconds:F1}/{x.Outbox.ServerCpuSeconds:F1} | " +
                              $"{x.Raw.MeanPutsInFlight,12:F2}/{x.RawDescribed.MeanPutsInFlight:F2}/{x.Outbox.MeanPutsInFlight:F2} | " +
                              $"{x.Raw.MeanPutMs,6:F1}/{x.RawDescribed.MeanPutMs:F1}/{x.Outbox.MeanPutMs:F1} | {x.Outbox.LoadAverage:F1}");
        var m = r.Median;
        Console.WriteLine($"median: (a) {m.RawImagesPerSecond:F1} img/s ({m.RawMbPerSecond:F1} MB/s), (a') {m.RawDescribedImagesPerSecond:F1} img/s, " +
                          $"(b) {m.OutboxImagesPerSecond:F1} img/s ({m.OutboxMbPerSecond:F1} MB/s); (b)/(a) {m.Ratio:F2} (target >= 0.9), (b)/(a') {m.RatioVsRawDescribed:F2}");
        if (r.Pending is { } p)
            Console.WriteLine($"pending {p.Items}: RSS {p.RssWithOutboxMb:F0} MB holding them (before the outbox {p.RssBeforeOutboxMb:F0} MB), " +
                              $"peak {p.Rss.PeakMb:F0} MB (target <= 300); managed heap {p.ManagedBeforeMb:F0} → {p.ManagedWithOutboxMb:F0} MB; state {p.OutboxState}");
    }
}

/// <summary>One upload phase. Images: images uploaded; Objects: PUTs (one per image); ImageBytes: image bytes only;
/// CpuSeconds: this process; ServerCpuSeconds: s3rver over the child's lifetime; Rss: this process (VmHWM = peak);
/// ProjectionSeconds (outbox only): when every decision had become a pending item; VerifiedObjects: listed in the bucket afterwards;
/// MeanPutsInFlight: PUTs in flight averaged over the timed window (at most the concurrency); MeanPutMs: time in flight per PUT.</summary>
public sealed record UploadPhaseResult(string Phase, int Images, int Objects, long ImageBytes, double Seconds, double ImagesPerSecond,
    double ObjectsPerSecond, double MegabytesPerSecond, double CpuSeconds, double ServerCpuSeconds, double LoadAverage, RssPeak Rss,
    double? ProjectionSeconds, int VerifiedObjects, double MeanPutsInFlight, double MeanPutMs, GcActivity? Gc);

public sealed record OutboxRound(int Run, UploadPhaseResult Raw, UploadPhaseResult RawDescribed, UploadPhaseResult Outbox, double Ratio,
    double RatioVsRawDescribed);

public sealed record OutboxMedians(double RawImagesPerSecond, double RawDescribedImagesPerSecond, double OutboxImagesPerSecond, double Ratio,
    double RatioVsRawDescribed, double RawMbPerSecond, double OutboxMbPerSecond);

/// <summary>--pending: RSS (MB) and managed heap after a full GC, before the outbox started and once it held every item.</summary>
public sealed record PendingResult(int Items, double Seconds, double RssBeforeOutboxMb, double RssWithOutboxMb, double ManagedBeforeMb,
    double ManagedWithOutboxMb, RssPeak Rss, double LoadAverage, string OutboxState);

public sealed record Prefilled(int Decisions);

public sealed record OutboxReport(DateTimeOffset Date, MachineInfo Machine, int Images, double MeanImageKb, string ImagesFolder, int ImageSeed,
    int Concurrency, string Server, IReadOnlyList<OutboxRound> Runs, OutboxMedians Median, PendingResult? Pending);
