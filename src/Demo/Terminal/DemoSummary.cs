using EdgeLabel.Demo.Http;
using EdgeLabel.Demo.Labeling;
using EdgeLabel.Demo.Topology;

namespace EdgeLabel.Demo.Terminal;

/// <summary>The final report of a run: per site, the dataset by status, boxes, throughput, the export's files.</summary>
public sealed class DemoSummary(IReadOnlyList<SiteSpec> sites, IReadOnlyDictionary<string, EdgeStatus> edges, DatasetStats stats,
    DatasetExported export, DemoLayout layout, DemoTimings timings, DemoLabeling labeling, DatasetBytes bytes)
{
    /// <summary>Starts the last line a run prints on success (tests and scripts look for it).</summary>
    public const string DoneLine = "EdgeLabel demo done:";

    private int Decided => edges.Values.Sum(s => s.Decisions.Total);

    private string ReportPath => export.Files.FirstOrDefault(f => f.EndsWith("index.html", StringComparison.Ordinal)) ?? Path.Combine(export.Directory, "report", "index.html");

    public void Print(TextWriter o, Func<string, string> shown)
    {
        var d = edges.Values.Select(s => s.Decisions).ToList();
        o.WriteLine();
        o.WriteLine("Summary");
        foreach (var site in sites)
        {
            var s = edges[site.Name];
            o.WriteLine($"  site {site.Name,-13} {s.Decisions.Total,6} images   ({string.Join(", ", s.Site.Cameras.Select(c => $"{c.Name}: {c.Discovered}"))}); " +
                        $"auto {s.Decisions.AutoLabeled}, review {s.Decisions.Review}, audit {s.Decisions.Audit}, quarantined {s.Decisions.Quarantined}; " +
                        $"{s.Delivery?.Acknowledged ?? 0}/{s.Delivery?.Queued ?? 0} records acknowledged");
        }
        o.WriteLine($"  auto-labeled       {stats.WithStatus("auto-labeled"),6}   in the dataset");
        o.WriteLine($"  awaiting review    {stats.WithStatus("awaiting-review"),6}   ({d.Sum(x => x.Review)} uncertain + {d.Sum(x => x.Audit)} drawn for audit; uploaded, pre-annotated)");
        o.WriteLine($"  reviewed           {stats.WithStatus("reviewed"),6}   (human boxes replaced the model's)");
        o.WriteLine($"  audited            {stats.WithStatus("audited"),6}   (the {d.Sum(x => x.Audit)} audit image(s) count once a human has checked them)");
        var reasons = d.SelectMany(x => x.QuarantineReasons ?? new Dictionary<string, int>()).GroupBy(r => r.Key).Select(g => $"{g.Key}: {g.Sum(r => r.Value)}");
        o.WriteLine($"  quarantined        {d.Sum(x => x.Quarantined),6}   at the edges (undecodable or too large; kept out of the dataset){ColonList(string.Join(", ", reasons))}");
        o.WriteLine($"  boxes              {stats.MachineBoxes + stats.HumanBoxes,6}   ({stats.MachineBoxes} machine, {stats.HumanBoxes} human; {stats.ClippedBoxes} clipped, {stats.RejectedBoxes} rejected)");
        var rate = timings.Rate(Decided);
        var fromStart = $"{timings.Deciding.TotalSeconds:F1} s from the sites' start, {timings.EdgeStartup.TotalSeconds:F1} s of it start-up";
        o.WriteLine($"  throughput         {rate.PerSecond,6:F1}   images/s, both sites together (" +
                    (rate.Over < timings.Deciding ? $"{rate.Images} images in {rate.Over.TotalSeconds:F1} s once up; all {Decided} in {fromStart})" : $"{Decided} images in {fromStart})"));
        o.WriteLine($"  dataset            {stats.Images,6}   images in project '{stats.Project}'{(stats.DuplicateRecords > 0 ? $", {stats.DuplicateRecords} duplicate record(s)" : "")}");
        var jobs = labeling.Jobs;
        o.WriteLine($"  labeling jobs      {jobs.Created,6}   created, {jobs.Completed} completed, {jobs.Failed} failed, {jobs.Stopped} stopped, {jobs.InProgress} unfinished " +
                    $"({jobs.HumanLabeled} object(s) human-labeled, {jobs.FailedObjects} failed)");
        var w = labeling.Workforce;
        if (labeling.Simulated)
            o.WriteLine($"  human tasks        {w.Answered,6}   answered by {w.Workers.Count} SIMULATED labelers ({w.FromTruth} from dlib's boxes, " +
                        $"{w.WithoutTruth} without truth: the model's boxes echoed){(w.Rejected + w.Failures > 0 ? $"; {w.Rejected} rejected, {w.Failures} failed" : "")}");
        else
            o.WriteLine($"  human tasks        {jobs.HumanLabeled,6}   object(s) labeled by people in the portal");
        if (labeling.Accuracy is { } a)
            o.WriteLine($"  vs dlib truth      {a.Images,6}   image(s) with known boxes: precision {Ratio(a.Counts.Precision)}, recall {Ratio(a.Counts.Recall)} at IoU ≥ {DatasetAccuracy.IoU} " +
                        $"(TP {a.Counts.TruePositives}, FP {a.Counts.FalsePositives}, FN {a.Counts.FalseNegatives})");
        foreach (var p in stats.AutoLabelPrecision ?? [])
            o.WriteLine($"  auto-label prec.   {p.MachineBoxes,6}   audited machine box(es) of '{p.Class}' ({p.ModelId} {p.ModelVersion}): precision {p.Precision:F3}, " +
                        $"95% interval [{p.Lower:F3}, {p.Upper:F3}]");
        if (stats.AutoLabelPrecision is not { Count: > 0 })
            o.WriteLine($"  auto-label prec.        -   none of the {stats.WithStatus("audited")} audited image(s) had a machine box to check");
        o.WriteLine($"  uplink bytes       {bytes.Share,6:P0}   {Mib(bytes.Uploaded)} uploaded of {Mib(bytes.AllImages)} of images (review and audit images first; " +
                    $"auto-labeled ones after them unless edgelabel.upload.auto-labeled = off)");
        o.WriteLine($"  export             {shown(export.Directory)}/   {string.Join(", ", ExportContents())}");
        o.WriteLine($"  report             {shown(ReportPath)}");
        o.WriteLine($"  logs               {shown(layout.Logs)}/   (cloud.log, {string.Join(", ", sites.Select(s => $"{s.Name}.log"))}, workforce.log)");
        o.WriteLine($"  timings            cloud up at {timings.CloudUp.TotalSeconds:F1} s, sites up at {timings.EdgesUp.TotalSeconds:F1} s, all decided at {(timings.Decided ?? timings.InDataset).TotalSeconds:F1} s, " +
                    $"all in dataset at {timings.InDataset.TotalSeconds:F1} s, export took {timings.Export.TotalSeconds:F1} s, nodes stopped at {timings.Total.TotalSeconds:F1} s");
        o.WriteLine($"{DoneLine} {Decided} images decided at {sites.Count} sites, {stats.Images} in dataset '{stats.Project}', exported to {shown(export.Directory)}");
    }

    public object ToJson() => new
    {
        sites = sites.Select(s => new { s.Name, cameras = edges[s.Name].Site.Cameras, decisions = edges[s.Name].Decisions, delivery = edges[s.Name].Delivery }),
        dataset = stats,
        export,
        labeling = new
        {
            jobs = labeling.Jobs,
            workforce = new { simulated = labeling.Simulated, labeling.Workforce.Answered, labeling.Workforce.FromTruth, labeling.Workforce.WithoutTruth,
                labeling.Workforce.Rejected, labeling.Workforce.Failures },
            accuracy = labeling.Accuracy is { } acc
                ? new { acc.Images, iou = DatasetAccuracy.IoU, acc.Counts.TruePositives, acc.Counts.FalsePositives, acc.Counts.FalseNegatives,
                    acc.Counts.Precision, acc.Counts.Recall }
                : null,
        },
        bytes = new { bytes.Uploaded, bytes.AllImages },
        imagesPerSecond = timings.Rate(Decided).PerSecond,
        // Seconds from the demo's start (export: its duration).
        timings = new
        {
            cloudUp = timings.CloudUp.TotalSeconds, edgesStarted = timings.EdgesStarted.TotalSeconds, edgesUp = timings.EdgesUp.TotalSeconds,
            decided = timings.Decided?.TotalSeconds, inDataset = timings.InDataset.TotalSeconds, export = timings.Export.TotalSeconds,
            total = timings.Total.TotalSeconds,
        },
    };

    // "groundtruth/output.manifest, coco/annotations.json, yolo/ (12 files), ...": one entry per export folder.
    private IEnumerable<string> ExportContents() =>
        export.Files
            .Select(f => Path.GetRelativePath(export.Directory, f).Replace('\\', '/'))
            .GroupBy(f => f.Split('/')[0])
            .Select(g => g.Count() == 1 ? g.Single()
                : g.Contains($"{g.Key}/index.html") ? $"{g.Key}/index.html (+{g.Count() - 1} thumbnails)"
                : $"{g.Key}/ ({g.Count()} files)");

    private static string Ratio(double? value) => value is { } v ? v.ToString("F3") : "n/a";

    private static string Mib(long bytes) => $"{bytes / 1048576.0:F1} MiB";

    private static string ColonList(string text) => text.Length == 0 ? "" : $": {text}";
}
