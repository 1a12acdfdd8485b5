using System.Diagnostics;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Inference;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Pipeline;
using EdgeLabel.EdgeNode.Hosting;
using EdgeLabel.Terminal;

namespace EdgeLabel.EdgeNode.Commands;

/// <summary><c>demo</c>: runs an edge site over the sample photographs until every image is decided, then
/// prints a summary and leaves the journal and a JSON Lines export under the site's data folder.</summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(string? configFile, bool keep, CancellationToken ct)
    {
        var (settings, hocon) = EdgeConfiguration.Load(configFile ?? Path.Combine(Actors.Configuration.ConfigLoader.HoconDirectory(), "demo.conf"));
        if (!keep && Directory.Exists(settings.DataDirectory)) Directory.Delete(settings.DataDirectory, recursive: true);
        foreach (var camera in settings.Cameras.OfType<Actors.Camera.DirectoryCameraSettings>())
            if (!Directory.Exists(camera.Path))
                throw new DirectoryNotFoundException($"camera '{camera.Name}': folder {camera.Path} not found (run ./build.sh samples)");

        var detector = DetectorFactory.Create(settings.Model);
        using var detectors = new DetectorSlot(detector); // disposes the detector once the pipeline is done with it
        await using var app = EdgeNodeHost.Build(settings, hocon, detectors, LogLevel.Warning);
        await app.StartAsync(ct);
        Console.WriteLine($"EdgeLabel demo: site '{settings.Site}', model {detector.Model.Id} {detector.Model.Version} ({detector.Detector.AdapterName}), " +
                          $"{settings.Cameras.Count} camera(s), router accept {settings.Router.Default.Accept} / reject {settings.Router.Default.Reject}, audit {settings.Router.AuditShare:P0}");

        var pipeline = app.Services.GetRequiredService<IRequiredActor<SitePipeline>>().ActorRef;
        var journal = app.Services.GetRequiredService<IRequiredActor<DecisionJournal>>().ActorRef;
        var outbox = app.Services.GetRequiredService<IRequiredActor<Outbox>>().ActorRef;
        var progress = ProgressBar.OnStandardError("decided", "images");
        var clock = Stopwatch.StartNew();
        SiteStatus status;
        DecisionSummary decisions;
        while (true)
        {
            await Task.Delay(250, ct);
            status = await pipeline.Ask<SiteStatus>(GetSiteStatus.Instance, TimeSpan.FromSeconds(10), ct);
            decisions = await journal.Ask<DecisionSummary>(GetDecisionSummary.Instance, TimeSpan.FromSeconds(10), ct);
            var seen = status.Cameras.Sum(c => c.Discovered);
            var settled = status.Cameras.Sum(c => c.Settled + c.Failed);
            progress.Report(settled, seen, $"{settled / clock.Elapsed.TotalSeconds:F1} img/s  auto {decisions.AutoLabeled}  review {decisions.Review}  audit {decisions.Audit}  quarantined {decisions.Quarantined}");
            if (status.Idle && seen > 0) break;
        }
        progress.Complete();
        var elapsed = clock.Elapsed;

        // Let the outbox drain to the object store (audit and review first) before reporting it.
        OutboxStatus queue;
        var drainStarted = clock.Elapsed;
        var uploads = ProgressBar.OnStandardError("uploaded", "images");
        do
        {
            queue = await outbox.Ask<OutboxStatus>(GetOutboxStatus.Instance, TimeSpan.FromSeconds(10), ct);
            uploads.Report(queue.Uploaded, decisions.Total - decisions.Quarantined, queue.State);
        }
        while ((queue.ProjectedUpTo < decisions.Total || queue.Depth > 0) && queue.State != OutboxStates.Disabled
               && clock.Elapsed - drainStarted < TimeSpan.FromSeconds(60) && await Delay(ct));
        uploads.Complete();

        var system = app.Services.GetRequiredService<ActorSystem>();
        var exportPath = Path.Combine(settings.DataDirectory, "decisions.jsonl");
        var exported = await DecisionExport.WriteJsonLinesAsync(system, settings.Site, exportPath, ct);
        var summaryPath = Path.Combine(settings.DataDirectory, "summary.json");
        await File.WriteAllTextAsync(summaryPath, JsonSerializer.Serialize(new { settings.Site, status, decisions, outbox = queue, elapsedSeconds = elapsed.TotalSeconds },
            new JsonSerializerOptions { WriteIndented = true }), ct);
        await app.StopAsync(ct);

        PrintSummary(status, decisions, queue, elapsed, settings, exportPath, exported);
        return 0;
    }

    private static string StoreWhere(Actors.Configuration.EdgeSettings settings) =>
        settings.Store.Kind == "s3" ? settings.Store.S3.ServiceUrl ?? $"AWS {settings.Store.S3.Region}" : $"local folder {settings.Store.LocalRoot}";

    private static async Task<bool> Delay(CancellationToken ct)
    {
        await Task.Delay(200, ct);
        return true;
    }

    private static void PrintSummary(SiteStatus status, DecisionSummary d, OutboxStatus queue, TimeSpan elapsed, Actors.Configuration.EdgeSettings settings, string export, int exported)
    {
        var seen = status.Cameras.Sum(c => c.Discovered);
        Console.WriteLine();
        Console.WriteLine("Summary");
        Console.WriteLine($"  images seen        {seen,8}   ({string.Join(", ", status.Cameras.Select(c => $"{c.Name}: {c.Discovered}"))})");
        Console.WriteLine($"  auto-labeled       {d.AutoLabeled,8}");
        Console.WriteLine($"  sent to review     {d.Review,8}");
        Console.WriteLine($"  audited            {d.Audit,8}");
        Console.WriteLine($"  quarantined        {d.Quarantined,8}   {string.Join(", ", d.QuarantineReasons.Select(r => $"{r.Key}: {r.Value}"))}");
        var duplicates = status.Cameras.Sum(c => c.AlreadyDecided);
        if (duplicates > 0) Console.WriteLine($"  already decided    {duplicates,8}   (same bytes seen again)");
        Console.WriteLine($"  throughput         {seen / elapsed.TotalSeconds,8:F1} images/s over {elapsed.TotalSeconds:F1} s (peak {status.PeakInFlight} in flight of {status.MaxInFlight})");
        Console.WriteLine($"  uploaded           {queue.Uploaded,8}   objects, {queue.UploadedBytes / 1024.0 / 1024.0:F1} MB to s3://{settings.Store.Bucket}/{settings.Store.Prefix} ({StoreWhere(settings)})");
        Console.WriteLine($"  outbox             {queue.Depth,8}   pending ({queue.Audit} audit, {queue.Review} review, {queue.AutoLabeled} auto), {queue.BytesPending / 1024.0 / 1024.0:F1} MB, state {queue.State}{(queue.LastError is null ? "" : $", last error: {queue.LastError}")}");
        Console.WriteLine($"  journal            {settings.JournalPath}");
        Console.WriteLine($"  export             {export} ({exported} decisions)");
    }
}
