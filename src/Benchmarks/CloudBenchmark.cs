using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Datasets;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Persistence;
using EdgeLabel.Dataset.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeLabel.Benchmarks;

/// <summary><c>cloud</c>: how fast the cloud absorbs a site's records, end to end, against the raw write rate of the
/// same journal kind.
/// <list type="bullet">
/// <item>(a) a site's outbox journal (SQLite, WAL) pre-filled with N decided images as <see cref="OutboxItemsEnqueued"/>
/// events (untimed, own process); then the real <see cref="CloudDelivery"/> projects it, sends windows through a link
/// actor (forwarding as CloudLink does) to a real <see cref="ProjectDataset"/> persisted on the cloud's own SQLite
/// journal (another ActorSystem, registered with <see cref="JournalHosting.AddJournal"/>), timed from the delivery
/// queue's creation until the acknowledgement of record N. Row "local": the systems talk in-process (no
/// serialization, no remoting). Row "remote": the link and the dataset live in two ActorSystems with Akka.Remote on
/// 127.0.0.1 (the shipped cluster.conf frame sizes), so every batch and ack is serialized and crosses TCP.</item>
/// <item>(b) a trivial persistent actor writes the same DatasetRecordsAbsorbed events the dataset writes (same records,
/// same serializer, one event of batch-size records per PersistAll), back to back, on a fresh journal of the same
/// kind; (b') the same with a whole window of events per PersistAll (diagnostic).</item>
/// <item>(c) the dataset of (a) recovered from the cloud journal, then ExportDataset (DatasetExports →
/// DatasetExporter.ExportAll, IncludeThumbnails = false), timed cold and again warm.</item>
/// </list>
/// Every phase runs in its own child process (its own peak RSS).</summary>
public static class CloudBenchmark
{
    private const string Site = "bench-cloud";
    private const string WarmupSite = "bench-cloud-warmup";
    private const string WarmupProject = "warmup";
    /// <summary>Records delivered untimed first, through a second delivery queue to another project's dataset over the
    /// same link path and journals: JIT of Akka, linq2db, the serializer and (remote) DotNetty.</summary>
    private const int WarmupRecords = 1000;
    /// <summary>Items per OutboxItemsEnqueued event: the outbox projection's largest group (a backlog it projected at once).</summary>
    private const int OutboxEventItems = 500;
    private const string RunFolder = "out/bench/cloud-run";
    private const string ReportFile = "out/bench/cloud.json";
    private const string EdgeReportFile = "out/bench/edge.json";
    private static readonly ProjectSettings Project = new("default", new LabelCategories(["face"]));
    private static readonly TimeSpan AskTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(20);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = CloudOptions.Parse(args);
        if (options.Phase is { } phase) return await RunPhaseAsync(phase, options);

        var settings = Settings(options);
        Console.WriteLine($"cloud benchmark: {options.Images} decided images in a site's outbox journal → CloudDelivery (batch {settings.BatchSize}, " +
                          $"window {settings.WindowBatches} batches) → link → ProjectDataset on the cloud's SQLite journal; {options.Repeat} round(s) of " +
                          $"(b) raw PersistAll, (a) local{(options.Remote ? ", (a) remote (Akka.Remote on 127.0.0.1)" : "")}, (c) export; each phase in its own process");
        var rounds = new List<CloudRound>();
        for (var run = 1; run <= options.Repeat; run++)
        {
            var folder = Path.GetFullPath(Path.Combine(RunFolder, $"run-{run}"));
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            var baseline = await RunChildAsync<BaselineResult>("baseline", run, options, "--data", Path.Combine(folder, "baseline"));
            var local = await DeliverAsync("local", run, options, Path.Combine(folder, "local"));
            var remote = options.Remote ? await DeliverAsync("remote", run, options, Path.Combine(folder, "remote")) : null;
            var export = await RunChildAsync<ExportResult>("export", run, options, "--data", Path.Combine(folder, "local"));
            var b = baseline.Writes[0];
            rounds.Add(new CloudRound(run, local, remote, baseline, export, Math.Round(local.RecordsPerSecond / b.RecordsPerSecond, 3),
                remote is null ? null : Math.Round(remote.RecordsPerSecond / b.RecordsPerSecond, 3)));
            Directory.Delete(folder, recursive: true);
        }

        var edge = EdgeReference.Load(EdgeReportFile);
        var median = new CloudMedians(
            BenchReport.Median(rounds.Select(r => r.Local.RecordsPerSecond)),
            options.Remote ? BenchReport.Median(rounds.Select(r => r.Remote!.RecordsPerSecond)) : null,
            BenchReport.Median(rounds.Select(r => r.Baseline.Writes[0].RecordsPerSecond)),
            BenchReport.Median(rounds.Select(r => r.Baseline.Writes[1].RecordsPerSecond)),
            BenchReport.Median(rounds.Select(r => r.Ratio)),
            options.Remote ? BenchReport.Median(rounds.Select(r => r.RemoteRatio!.Value)) : null,
            BenchReport.Median(rounds.Select(r => r.Export.ColdSeconds)),
            BenchReport.Median(rounds.Select(r => r.Export.WarmSeconds)));
        var slowest = median.RemoteRecordsPerSecond is { } rr ? Math.Min(rr, median.LocalRecordsPerSecond) : median.LocalRecordsPerSecond;
        var target = new CloudTarget(10, edge, Math.Round(median.LocalRecordsPerSecond / edge.InferenceImagesPerSecond, 1),
            median.RemoteRecordsPerSecond is { } r2 ? Math.Round(r2 / edge.InferenceImagesPerSecond, 1) : null,
            slowest / edge.InferenceImagesPerSecond >= 10);
        var report = new CloudReport(DateTimeOffset.Now, MachineInfo.Collect(), options.Images, settings.BatchSize, settings.WindowBatches,
            OutboxEventItems, WarmupRecords,
            "SQLite (WAL) through Akka.Persistence.Sql: the edge's via AddSqliteJournal, the cloud's (its own file) via AddJournal; baseline: the same, fresh file",
            "local: edge and cloud ActorSystems in one process, messages passed by reference (no serialization, no remoting); " +
            "remote: link and dataset in two ActorSystems with Akka.Remote (DotNetty TCP) on 127.0.0.1, same process. " +
            "Neither includes cluster membership or sharding (ProjectDataset is created directly, not as a shard entity)",
            rounds, median, target);
        PrintTable(report);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(ReportFile))!);
        await File.WriteAllTextAsync(ReportFile, JsonSerializer.Serialize(report, BenchReport.Json));
        Console.WriteLine($"wrote {ReportFile}");
        return 0;
    }

    private static async Task<DeliveryResult> DeliverAsync(string mode, int run, CloudOptions options, string data)
    {
        await RunChildAsync<Prefilled>("prefill", run, options, "--data", data);
        return await RunChildAsync<DeliveryResult>("deliver", run, options, "--data", data, "--mode", mode);
    }

    private static DeliverySettings Settings(CloudOptions options) => DeliverySettings.Default with
    {
        Project = Project.Name,
        BatchSize = options.Batch ?? DeliverySettings.Default.BatchSize,
        WindowBatches = options.Window ?? DeliverySettings.Default.WindowBatches,
    };

    /// <summary>Runs <c>edgelabel-bench cloud --phase NAME ...</c> in a fresh process and reads its result.</summary>
    private static async Task<T> RunChildAsync<T>(string phase, int run, CloudOptions options, params string[] extra)
    {
        var result = Path.Combine(Path.GetTempPath(), $"edgelabel-bench-{Environment.ProcessId}-cloud-{phase}-{run}.json");
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        var args = new List<string> { Assembly.GetEntryAssembly()!.Location, "cloud", "--phase", phase, "--run", $"{run}", "--images", $"{options.Images}", "--result", result };
        if (options.Batch is { } batch) args.AddRange(["--batch", $"{batch}"]);
        if (options.Window is { } window) args.AddRange(["--window", $"{window}"]);
        foreach (var arg in args.Concat(extra)) start.ArgumentList.Add(arg);
        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        if (child.ExitCode != 0) throw new InvalidOperationException($"phase {phase} (run {run}) exited with code {child.ExitCode}");
        var report = JsonSerializer.Deserialize<T>(await File.ReadAllTextAsync(result), BenchReport.Json)!;
        File.Delete(result);
        return report;
    }

    private static async Task<int> RunPhaseAsync(string phase, CloudOptions options)
    {
        object result = phase switch
        {
            "prefill" => await PrefillAsync(options),
            "deliver" => await RunDeliveryAsync(options),
            "baseline" => await RunBaselineAsync(options),
            "export" => await RunExportAsync(options),
            _ => throw new ArgumentException($"unknown phase '{phase}' (prefill, deliver, baseline, export)"),
        };
        switch (result)
        {
            case DeliveryResult d:
                Console.WriteLine($"run {options.Run} (a) {d.Mode,-6}: {d.RecordsPerSecond,8:F0} records/s end to end ({d.Records} records in {d.Seconds:F2} s; " +
                                  $"first batch sent after {d.FirstBatchAfterSeconds:F2} s, then {d.SteadyRecordsPerSecond:F0} records/s; " +
                                  $"{d.Batches} batches, {d.Acks} acks, {d.CpuSeconds:F1} CPU-s, peak RSS {d.Rss.PeakMb:F0} MB, load {d.LoadAverage:F1})");
                break;
            case BaselineResult b:
                foreach (var w in b.Writes)
                    Console.WriteLine($"run {options.Run} ({w.Name}) PersistAll x{w.EventsPerWrite}: {w.RecordsPerSecond,8:F0} records/s ({w.Events} events of " +
                                      $"{b.RecordsPerEvent} records, {b.MeanEventKb:F0} KB each, in {w.Seconds:F2} s = {w.MbPerSecond:F1} MB/s, {w.CpuSeconds:F1} CPU-s)");
                Console.WriteLine($"run {options.Run} (b) peak RSS {b.Rss.PeakMb:F0} MB, load {b.LoadAverage:F1}");
                break;
            case ExportResult e:
                Console.WriteLine($"run {options.Run} (c) export of {e.Images} images: {e.ColdSeconds:F2} s cold, {e.WarmSeconds:F2} s warm " +
                                  $"({e.Files} files, {e.TotalMb:F1} MB; recovery of the dataset {e.RecoverySeconds:F2} s; peak RSS {e.Rss.PeakMb:F0} MB, load {e.LoadAverage:F1})");
                break;
        }
        if (options.Result is { } file) await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, result.GetType(), BenchReport.Json));
        return 0;
    }

    // ---- prefill: the site's outbox journal ----

    /// <summary>Untimed, in its own process: a fresh edge journal holding the site's outbox events (N items in events of
    /// <see cref="OutboxEventItems"/>) and the warm-up site's (<see cref="WarmupRecords"/> items), written with the outbox's
    /// persistence ids, as the outbox would have persisted them.</summary>
    private static async Task<Prefilled> PrefillAsync(CloudOptions options)
    {
        var data = options.Data!;
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        var clock = Stopwatch.StartNew();
        using var host = BuildHost("edgelabel-bench-prefill", akka => akka.AddSqliteJournal(EdgeJournal(data)));
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        foreach (var (site, count) in new[] { (Site, options.Images), (WarmupSite, WarmupRecords) })
        {
            var writer = system.ActorOf(JournalWriter.Props($"outbox-{site}"));
            var events = new List<object>();
            for (var i = 0; i < count; i += OutboxEventItems)
            {
                var items = Enumerable.Range(i, Math.Min(OutboxEventItems, count - i)).Select(n => CloudRecords.Item(site, n)).ToArray();
                events.Add(new OutboxItemsEnqueued(items, items[^1].DecisionSequenceNr));
            }
            foreach (var chunk in events.Chunk(8)) await writer.Ask<EventsWritten>(new WriteEvents(chunk), AskTimeout);
        }
        await host.StopAsync();
        Console.WriteLine($"prefill: {options.Images} outbox items (+{WarmupRecords} warm-up) in {EdgeJournal(data)} ({clock.Elapsed.TotalSeconds:F1} s, untimed)");
        return new Prefilled(options.Images);
    }

    // ---- (a): outbox journal → CloudDelivery → link → ProjectDataset ----

    private static async Task<DeliveryResult> RunDeliveryAsync(CloudOptions options)
    {
        var data = options.Data!;
        var remote = options.Mode switch
        {
            "local" => false,
            "remote" => true,
            _ => throw new ArgumentException($"--mode must be local or remote, not '{options.Mode}'"),
        };
        var expected = options.Images;
        var settings = Settings(options);
        var exports = new DatasetExports(Path.Combine(data, "exports"), store: null);

        using var edgeHost = BuildHost("edgelabel-bench-edge", akka => akka.AddSqliteJournal(EdgeJournal(data)));
        using var cloudHost = BuildHost("edgelabel-bench-cloud", akka =>
        {
            if (remote) Remoting(akka);
            akka.AddJournal(new JournalSettings(JournalProvider.Sqlite, "", CloudJournal(data)));
        });
        using var linkHost = remote ? BuildHost("edgelabel-bench-link", Remoting) : null;
        await edgeHost.StartAsync();
        await cloudHost.StartAsync();
        if (linkHost is not null) await linkHost.StartAsync();
        var edgeSystem = edgeHost.Services.GetRequiredService<ActorSystem>();
        var cloudSystem = cloudHost.Services.GetRequiredService<ActorSystem>();
        var linkSystem = linkHost?.Services.GetRequiredService<ActorSystem>() ?? edgeSystem;

        var dataset = cloudSystem.ActorOf(ProjectDataset.Props(Project, exports), "dataset-default");
        var warmDataset = cloudSystem.ActorOf(ProjectDataset.Props(Project with { Name = WarmupProject }, exports), "dataset-warmup");
        var datasetRef = remote ? await ResolveAsync(linkSystem, cloudSystem, "dataset-default") : dataset;
        var warmRef = remote ? await ResolveAsync(linkSystem, cloudSystem, "dataset-warmup") : warmDataset;

        // Untimed warm-up: another site to another project's dataset, same path and journals.
        var warmGateway = new CloudGateway();
        var warmCounters = new LinkCounters(WarmupRecords);
        linkSystem.ActorOf(BenchLink.Props(warmRef, warmGateway, warmCounters), "link-warmup");
        var warmDelivery = edgeSystem.ActorOf(CloudDelivery.Props(WarmupSite, settings with { Project = WarmupProject }, CloudRecords.Store,
            warmGateway, TimeProvider.System), "delivery-warmup");
        await warmCounters.AllAcknowledged.Task.WaitAsync(RunLimit);
        await warmDelivery.GracefulStop(AskTimeout);

        var gateway = new CloudGateway();
        var counters = new LinkCounters(expected);
        linkSystem.ActorOf(BenchLink.Props(datasetRef, gateway, counters), "link");
        var rss = new RssSampler();
        rss.Begin();
        var cpu = CpuTime();
        var start = Stopwatch.GetTimestamp();
        var delivery = edgeSystem.ActorOf(CloudDelivery.Props(Site, settings, CloudRecords.Store, gateway, TimeProvider.System), "delivery");
        var end = await counters.AllAcknowledged.Task.WaitAsync(RunLimit);
        var cpuSeconds = CpuTime() - cpu;
        var peak = rss.End();
        var seconds = Stopwatch.GetElapsedTime(start, end).TotalSeconds;
        var firstSent = Stopwatch.GetElapsedTime(start, counters.FirstSent).TotalSeconds;

        var status = await delivery.Ask<DeliveryStatus>(GetDeliveryStatus.Instance, AskTimeout);
        var stats = await dataset.Ask<DatasetStats>(new GetDatasetStats(Project.Name), AskTimeout);
        if (status.Acknowledged != expected || stats.Images != expected || stats.SiteHighWaterMarks.GetValueOrDefault(Site) != expected)
            throw new InvalidOperationException($"after the run: delivery acknowledged {status.Acknowledged} (pending {status.Pending}), dataset holds " +
                                                $"{stats.Images} images, high-water mark {stats.SiteHighWaterMarks.GetValueOrDefault(Site)}; expected {expected}");
        var sample = new DeliverRecords(Project.Name, Site, Enumerable.Range(0, Math.Min(settings.BatchSize, expected)).Select(i => CloudRecords.Record(Site, i)).ToArray());
        var batchKb = cloudSystem.Serialization.FindSerializerFor(sample).ToBinary(sample).Length / 1024.0;
        var acks = counters.Acks;
        var batches = counters.Batches;
        if (linkHost is not null) await linkHost.StopAsync();
        await edgeHost.StopAsync();
        await cloudHost.StopAsync();
        return new DeliveryResult(options.Mode!, expected, Math.Round(seconds, 3), Math.Round(expected / seconds, 1), Math.Round(firstSent, 3),
            Math.Round(expected / (seconds - firstSent), 1), batches, acks, Math.Round(batchKb, 1), Math.Round(cpuSeconds, 2), MachineInfo.LoadAverage(), peak,
            stats.Images, stats.ByStatus, Math.Round(FileMb(EdgeJournal(data)), 1), Math.Round(FileMb(CloudJournal(data)), 1));
    }

    private static async Task<IActorRef> ResolveAsync(ActorSystem from, ActorSystem cloud, string name)
    {
        var address = ((ExtendedActorSystem)cloud).Provider.DefaultAddress;
        return await from.ActorSelection(new RootActorPath(address) / "user" / name).ResolveOne(AskTimeout);
    }

    // ---- (b): raw PersistAll of the dataset's events ----

    /// <summary>A fresh journal of the cloud's kind; the DatasetRecordsAbsorbed events the dataset persists for these
    /// records (one per batch), written back to back by a trivial persistent actor: one event per PersistAll (b), then a
    /// window of events per PersistAll (b', another persistence id). A few writes go first, untimed (JIT).</summary>
    private static async Task<BaselineResult> RunBaselineAsync(CloudOptions options)
    {
        var data = options.Data!;
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        var settings = Settings(options);
        var events = Enumerable.Range(0, options.Images).Select(i => CloudRecords.Record(Site, i)).Chunk(settings.BatchSize)
            .Select(records => (object)new DatasetRecordsAbsorbed(Site, records[^1].Seq, records)).ToArray();
        using var host = BuildHost("edgelabel-bench-baseline", akka => akka.AddJournal(new JournalSettings(JournalProvider.Sqlite, "", CloudJournal(data))));
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var eventBytes = events.Average(e => (double)system.Serialization.FindSerializerFor(e).ToBinary(e).Length);

        var warm = system.ActorOf(JournalWriter.Props("bench-baseline-warmup"));
        foreach (var e in events.Take(5)) await warm.Ask<EventsWritten>(new WriteEvents([e]), AskTimeout);

        var rss = new RssSampler();
        rss.Begin();
        var writes = new List<BaselineWrite>();
        foreach (var (name, perWrite) in new[] { ("b", 1), ("b'", settings.WindowBatches) })
        {
            var writer = system.ActorOf(JournalWriter.Props($"bench-baseline-{perWrite}"));
            await writer.Ask<ActorIdentity>(new Identify(null), AskTimeout); // created; recovery (empty) is done once it answers commands
            var cpu = CpuTime();
            var clock = Stopwatch.StartNew();
            // All commands queued at once: the actor writes one PersistAll after the other, as the dataset does with queued batches.
            await Task.WhenAll(events.Chunk(perWrite).Select(chunk => writer.Ask<EventsWritten>(new WriteEvents(chunk), AskTimeout)).ToArray());
            var seconds = clock.Elapsed.TotalSeconds;
            writes.Add(new BaselineWrite(name, perWrite, events.Length, Math.Round(seconds, 3), Math.Round(options.Images / seconds, 1),
                Math.Round(events.Length / seconds, 1), Math.Round(events.Length * eventBytes / 1e6 / seconds, 2), Math.Round(CpuTime() - cpu, 2)));
        }
        var peak = rss.End();
        await host.StopAsync();
        return new BaselineResult(options.Images, settings.BatchSize, Math.Round(eventBytes / 1024.0, 1), writes, MachineInfo.LoadAverage(), peak);
    }

    // ---- (c): export ----

    /// <summary>The dataset of the local run, recovered from its cloud journal (timed on its own), then exported in every
    /// format without thumbnails twice: cold (first use of the exporters in this process) and warm.</summary>
    private static async Task<ExportResult> RunExportAsync(CloudOptions options)
    {
        var data = options.Data!;
        var root = Path.Combine(data, "exports");
        var rss = new RssSampler();
        rss.Begin();
        using var host = BuildHost("edgelabel-bench-export", akka => akka.AddJournal(new JournalSettings(JournalProvider.Sqlite, "", CloudJournal(data))));
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var cpu = CpuTime();
        var clock = Stopwatch.StartNew();
        var dataset = system.ActorOf(ProjectDataset.Props(Project, new DatasetExports(root, store: null)), "dataset-default");
        var stats = await dataset.Ask<DatasetStats>(new GetDatasetStats(Project.Name), AskTimeout);
        var recovery = clock.Elapsed.TotalSeconds;
        if (stats.Images != options.Images) throw new InvalidOperationException($"recovered dataset holds {stats.Images} images, expected {options.Images}");

        var timings = new List<double>();
        DatasetExported exported = null!;
        for (var i = 0; i < 2; i++)
        {
            clock.Restart();
            exported = await dataset.Ask<DatasetExported>(new ExportDataset(Project.Name, IncludeThumbnails: false), AskTimeout);
            timings.Add(clock.Elapsed.TotalSeconds);
            if (exported.Error is not null) throw new InvalidOperationException($"export failed: {exported.Error}");
        }
        var cpuSeconds = CpuTime() - cpu;
        var peak = rss.End();
        await host.StopAsync();
        var byFormat = exported.Files.GroupBy(f => Path.GetRelativePath(exported.Directory, f).Split(Path.DirectorySeparatorChar)[0])
            .ToDictionary(g => g.Key, g => g.Count());
        var totalMb = exported.Files.Sum(f => new FileInfo(f).Length) / 1e6;
        return new ExportResult(exported.Images, Math.Round(recovery, 3), Math.Round(timings[0], 3), Math.Round(timings[1], 3), exported.Files.Count,
            Math.Round(totalMb, 1), byFormat, Math.Round(cpuSeconds, 2), MachineInfo.LoadAverage(), peak);
    }

    // ---- shared ----

    private static string EdgeJournal(string data) => Path.Combine(data, "edge", "journal.db");

    private static string CloudJournal(string data) => Path.Combine(data, "cloud", "journal.db");

    private static double FileMb(string db) =>
        new[] { db, db + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length) / 1e6;

    private static IHost BuildHost(string name, Action<AkkaConfigurationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAkka(name, akka =>
        {
            akka.AddHocon("akka { loglevel = WARNING, stdout-loglevel = WARNING, log-dead-letters-during-shutdown = off }", HoconAddMode.Prepend)
                .ConfigureLoggers(l => l.AddLoggerFactory())
                .AddEdgeLabelSerialization();
            configure(akka);
        });
        return builder.Build();
    }

    /// <summary>Akka.Remote on 127.0.0.1, a free port, over the shipped cluster.conf (frame and buffer sizes the nodes use).</summary>
    private static void Remoting(AkkaConfigurationBuilder akka)
    {
        var shipped = ConfigLoader.Parse(Path.Combine(ConfigLoader.HoconDirectory(), "cluster.conf"));
        akka.AddHocon(ConfigurationFactory.ParseString("akka.actor.provider = remote\nakka.remote.dot-netty.tcp { hostname = \"127.0.0.1\", port = 0 }")
            .WithFallback(shipped), HoconAddMode.Prepend);
    }

    private static double CpuTime() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static void PrintTable(CloudReport r)
    {
        Console.WriteLine();
        Console.WriteLine($"{r.Records} records (decided images), delivery batch {r.BatchSize} x window {r.WindowBatches}; {r.Machine.Cores} cores ({r.Machine.Cpu}), " +
                          $"{r.Machine.Os}, {r.Machine.DotNet}");
        Console.WriteLine($"journals: {r.Journal}");
        Console.WriteLine($"transport: {r.Transport}");
        Console.WriteLine("(a) end to end: from CloudDelivery's creation (recovery, outbox projection, link pick-up included) to the ack of record N; " +
                          "steady = from the first batch sent. (b) raw PersistAll of the dataset's events, 1 per write; (b') a window of them per write.");
        Console.WriteLine("run | (a) local rec/s (steady) | (a) remote rec/s (steady) | (b) PersistAll rec/s | (a)/(b) local | (a)/(b) remote | (b') window rec/s | 1st batch after s local/remote | peak RSS MB local/remote/(b)/(c) | CPU-s local/remote/(b) | load local/remote");
        Console.WriteLine("----|--------------------------|---------------------------|----------------------|---------------|----------------|-------------------|-------------------------------|----------------------------------|------------------------|------------------");
        foreach (var x in r.Runs)
        {
            var b = x.Baseline.Writes[0];
            var w = x.Baseline.Writes[1];
            var rem = x.Remote;
            Console.WriteLine($"{x.Run,3} | {x.Local.RecordsPerSecond,15:F0} ({x.Local.SteadyRecordsPerSecond,6:F0}) | " +
                              $"{(rem is null ? "-" : $"{rem.RecordsPerSecond:F0} ({rem.SteadyRecordsPerSecond:F0})"),25} | {b.RecordsPerSecond,20:F0} | " +
                              $"{x.Ratio,13:F2} | {(x.RemoteRatio is { } rr ? rr.ToString("F2") : "-"),14} | {w.RecordsPerSecond,17:F0} | " +
                              $"{x.Local.FirstBatchAfterSeconds,20:F2}/{(rem is null ? "-" : rem.FirstBatchAfterSeconds.ToString("F2"))} | " +
                              $"{x.Local.Rss.PeakMb,20:F0}/{(rem is null ? "-" : rem.Rss.PeakMb.ToString("F0"))}/{x.Baseline.Rss.PeakMb:F0}/{x.Export.Rss.PeakMb:F0} | " +
                              $"{x.Local.CpuSeconds,12:F1}/{(rem is null ? "-" : rem.CpuSeconds.ToString("F1"))}/{b.CpuSeconds:F1} | " +
                              $"{x.Local.LoadAverage:F1}/{(rem is null ? "-" : rem.LoadAverage.ToString("F1"))}");
        }
        var m = r.Median;
        Console.WriteLine($"median: (a) local {m.LocalRecordsPerSecond:F0} rec/s" + (m.RemoteRecordsPerSecond is { } mr ? $", remote {mr:F0} rec/s" : "") +
                          $"; (b) {m.BaselineRecordsPerSecond:F0} rec/s, (b') {m.BaselineWindowRecordsPerSecond:F0} rec/s; (a)/(b) local {m.Ratio:F2}" +
                          (m.RemoteRatio is { } rr2 ? $", remote {rr2:F2}" : ""));
        foreach (var x in r.Runs)
            Console.WriteLine($"(c) run {x.Run}: export of {x.Export.Images} images' labels in every format (no thumbnails): {x.Export.ColdSeconds:F2} s cold, " +
                              $"{x.Export.WarmSeconds:F2} s warm; {x.Export.Files} files, {x.Export.TotalMb:F1} MB " +
                              $"({string.Join(", ", x.Export.FilesByFormat.Select(kv => $"{kv.Key} {kv.Value}"))}); dataset recovery {x.Export.RecoverySeconds:F2} s");
        var t = r.Target;
        Console.WriteLine($"(d) target: the cloud absorbs >= {t.Multiple}x the edge's inference rate. Edge: {t.Edge.InferenceImagesPerSecond:F1} img/s " +
                          $"(plain-loop inference; edge site {t.Edge.EdgeSiteImagesPerSecond:F1} img/s; from {t.Edge.Source}). " +
                          $"Cloud: local {t.LocalMultiple:F1}x" + (t.RemoteMultiple is { } rm ? $", remote {rm:F1}x" : "") + $" → {(t.Met ? "met" : "NOT met")}");
    }
}

/// <summary>(a) one delivery run. Seconds: delivery queue created → ack of record N; FirstBatchAfterSeconds: until the
/// link forwarded the first batch; Steady: records / (Seconds − FirstBatchAfterSeconds). Batches: DeliverRecords the link
/// forwarded (re-sends included); Acks: acknowledgements it passed back. BatchKb: one full DeliverRecords serialized
/// (what crosses the wire in the remote row). Journal MB: file + WAL after the run.</summary>
public sealed record DeliveryResult(string Mode, int Records, double Seconds, double RecordsPerSecond, double FirstBatchAfterSeconds,
    double SteadyRecordsPerSecond, int Batches, int Acks, double BatchKb, double CpuSeconds, double LoadAverage, RssPeak Rss,
    int DatasetImages, IReadOnlyDictionary<string, int> DatasetByStatus, double EdgeJournalMb, double CloudJournalMb);

public sealed record BaselineWrite(string Name, int EventsPerWrite, int Events, double Seconds, double RecordsPerSecond, double EventsPerSecond,
    double MbPerSecond, double CpuSeconds);

/// <summary>(b) and (b'): the same events (DatasetRecordsAbsorbed of RecordsPerEvent records, MeanEventKb serialized).</summary>
public sealed record BaselineResult(int Records, int RecordsPerEvent, double MeanEventKb, IReadOnlyList<BaselineWrite> Writes, double LoadAverage, RssPeak Rss);

/// <summary>(c) RecoverySeconds: ProjectDataset created → first stats answer; Cold/Warm: ExportDataset → DatasetExported.</summary>
public sealed record ExportResult(int Images, double RecoverySeconds, double ColdSeconds, double WarmSeconds, int Files, double TotalMb,
    IReadOnlyDictionary<string, int> FilesByFormat, double CpuSeconds, double LoadAverage, RssPeak Rss);

public sealed record CloudRound(int Run, DeliveryResult Local, DeliveryResult? Remote, BaselineResult Baseline, ExportResult Export, double Ratio,
    double? RemoteRatio);

public sealed record CloudMedians(double LocalRecordsPerSecond, double? RemoteRecordsPerSecond, double BaselineRecordsPerSecond,
    double BaselineWindowRecordsPerSecond, double Ratio, double? RemoteRatio, double ExportColdSeconds, double ExportWarmSeconds);

/// <summary>The edge's rates the target is measured against: the plain inference loop (the higher, so the stricter
/// reference) and the whole edge site.</summary>
public sealed record EdgeReference(string Source, double InferenceImagesPerSecond, double EdgeSiteImagesPerSecond)
{
    public static EdgeReference Load(string file)
    {
        if (File.Exists(file))
        {
            try
            {
                var report = JsonSerializer.Deserialize<EdgeReport>(File.ReadAllText(file), BenchReport.Json);
                if (report?.Median is { PlainImagesPerSecond: > 0 } m)
                    return new EdgeReference($"{file} of {report.Date:yyyy-MM-dd HH:mm}", Math.Round(m.PlainImagesPerSecond, 1), Math.Round(m.EdgeImagesPerSecond, 1));
            }
            catch (JsonException)
            {
            }
        }
        return new EdgeReference("docs/benchmarks.md (edge results, medians)", 144.1, 132.4);
    }
}

public sealed record CloudTarget(int Multiple, EdgeReference Edge, double LocalMultiple, double? RemoteMultiple, bool Met);

public sealed record CloudReport(DateTimeOffset Date, MachineInfo Machine, int Records, int BatchSize, int WindowBatches, int OutboxEventItems,
    int WarmupRecords, string Journal, string Transport, IReadOnlyList<CloudRound> Runs, CloudMedians Median, CloudTarget Target);
