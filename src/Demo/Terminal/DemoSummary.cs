using EdgeLabel.Demo.Http;
using EdgeLabel.Demo.Topology;

namespace EdgeLabel.Demo.Terminal;

/// <summary>The final report of a run: per site, the dataset by status, boxes, throughput, the export's files.</summary>
public sealed class DemoSummary(IReadOnlyList<SiteSpec> sites, IReadOnlyDictionary<string, EdgeStatus> edges, DatasetStats stats,
    DatasetExported export, DemoLayout layout, DemoTimings timings)
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
        o.WriteLine($"  audited            {stats.WithStatus("audited"),6}   (the {d.Sum(x => x.Audit)} audit image(s) count once a human has checked them)");
        var reasons = d.SelectMany(x => x.QuarantineReasons ?? new Dictionary<string, int>()).GroupBy(r => r.Key).Select(g => $"{g.Key}: {g.Sum(r => r.Value)}");
        o.WriteLine($"  quarantined        {d.Sum(x => x.Quarantined),6}   at the edges (undecodable or too large; kept out of the dataset){ColonList(string.Join(", ", reasons))}");
        o.WriteLine($"  boxes              {stats.MachineBoxes + stats.HumanBoxes,6}   ({stats.MachineBoxes} machine, {stats.HumanBoxes} human; {stats.ClippedBoxes} clipped, {stats.RejectedBoxes} rejected)");
        var rate = timings.Rate(Decided);
        var fromStart = $"{timings.Deciding.TotalSeconds:F1} s from the sites' start, {timings.EdgeStartup.TotalSeconds:F1} s of it start-up";
        o.WriteLine($"  throughput         {rate.PerSecond,6:F1}   images/s, both sites together (" +
                    (rate.Over < timings.Deciding ? $"{rate.Images} images in {rate.Over.TotalSeconds:F1} s once up; all {Decided} in {fromStart})" : $"{Decided} images in {fromStart})"));
        o.WriteLine($"  dataset            {stats.Images,6}   images in project '{stats.Project}'{(stats.DuplicateRecords > 0 ? $", {stats.DuplicateRecords} duplicate record(s)" : "")}");
        o.WriteLine($"  export             {shown(export.Directory)}/   {string.Join(", ", ExportContents())}");
        o.WriteLine($"  report             {shown(ReportPath)}");
        o.WriteLine($"  logs               {shown(layout.Logs)}/   (cloud.log, {string.Join(", ", sites.Select(s => $"{s.Name}.log"))})");
        o.WriteLine($"  timings            cloud up at {timings.CloudUp.TotalSeconds:F1} s, sites up at {timings.EdgesUp.TotalSeconds:F1} s, all decided at {(timings.Decided ?? timings.InDataset).TotalSeconds:F1} s, " +
                    $"all in dataset at {timings.InDataset.TotalSeconds:F1} s, export took {timings.Export.TotalSeconds:F1} s, nodes stopped at {timings.Total.TotalSeconds:F1} s");
        o.WriteLine($"{DoneLine} {Decided} images decided at {sites.Count} sites, {stats.Images} in dataset '{stats.Project}', exported to {shown(export.Directory)}");
    }

    public object ToJson() => new
    {
        sites = sites.Select(s => new { s.Name, cameras = edges[s.Name].Site.Cameras, decisions = edges[s.Name].Decisions, delivery = edges[s.Name].Delivery }),
        dataset = stats,
        export,
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

    private static string ColonList(string text) => text.Length == 0 ? "" : $": {text}";
}
