using Akka.Actor;
using EdgeLabel.Actors.Datasets;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Dataset.Model;
using EdgeLabel.Tests.Support;
using static EdgeLabel.Tests.Support.Samples;

namespace EdgeLabel.Tests.Datasets;

/// <summary>A project's dataset absorbing site records: exactly once per sequence number and content id, a gap
/// answered with the high-water mark, box validation, review notices, recovery, exports, and unknown projects.</summary>
public sealed class ProjectDatasetSpecs(ITestOutputHelper output) : SqliteSpec(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly ProjectSettings Project = new("default", new LabelCategories(["face"]));
    private readonly TempDirectory _exports = new("dataset-exports");

    [Fact]
    public void Records_are_absorbed_once_each_and_acknowledged_cumulatively_even_when_sent_again()
    {
        var dataset = StartDataset();
        var records = Enumerable.Range(1, 4).Select(n => Record(n, Decided(n))).ToArray();

        Assert.Equal(2, Deliver(dataset, "site-t", records[..2]));
        Assert.Equal(4, Deliver(dataset, "site-t", records));     // a re-sent window overlapping what is known
        Assert.Equal(4, Deliver(dataset, "site-t", records[..3])); // entirely old: answered at once

        var stats = Stats(dataset);
        Assert.Equal((4, 0L), (stats.Images, stats.DuplicateRecords));
        Assert.Equal(4, stats.SiteHighWaterMarks["site-t"]);
        Assert.Equal(4, stats.ByStatus["auto-labeled"]);
    }

    [Fact]
    public void A_batch_with_a_gap_keeps_only_the_contiguous_part_and_answers_the_high_water_mark()
    {
        var dataset = StartDataset();
        var records = Enumerable.Range(1, 6).Select(n => Record(n, Decided(n))).ToArray();

        Assert.Equal(0, Deliver(dataset, "site-t", records[2..]));              // 3..6 without 1..2
        Assert.Equal(2, Deliver(dataset, "site-t", [records[0], records[1], records[3]])); // 1, 2, then a gap at 3
        Assert.Equal(6, Deliver(dataset, "site-t", records[2..]));
        Assert.Equal(6, Stats(dataset).Images);
    }

    [Fact]
    public void Sites_have_their_own_sequence_and_the_same_bytes_from_two_sites_are_one_image()
    {
        var dataset = StartDataset();
        var fromT = Decided(1);
        var fromU = fromT with { Source = fromT.Source with { Site = "site-u", Camera = "dock" } };

        Assert.Equal(1, Deliver(dataset, "site-t", [Record(1, fromT)]));
        Assert.Equal(2, Deliver(dataset, "site-u", [Record(1, Decided(7) with { Source = Decided(7).Source with { Site = "site-u" } }), Record(2, fromU)]));

        var stats = Stats(dataset);
        Assert.Equal((2, 1L), (stats.Images, stats.DuplicateRecords));
        Assert.Equal((1L, 2L), (stats.SiteHighWaterMarks["site-t"], stats.SiteHighWaterMarks["site-u"]));
        Assert.Equal(1, stats.BySite["site-t"]); // the first record of the bytes wins
    }

    [Fact]
    public void A_review_image_waits_for_its_upload_then_awaits_review_with_the_uploaded_uri()
    {
        var dataset = StartDataset();
        var review = Decided(1, RouteKind.Review);
        Deliver(dataset, "site-t", [Record(1, review)]);
        Assert.Equal(1, Stats(dataset).ByStatus["awaiting-upload"]);

        Deliver(dataset, "site-t", [Record(2, review, SiteRecordKind.ReviewNotice) with { ObjectUri = "s3://edgelabel/p/uploaded.jpg" }]);
        Deliver(dataset, "site-t", [Record(3, review, SiteRecordKind.ReviewNotice)]); // a second notice for the same image changes nothing
        var stats = Stats(dataset);
        Assert.Equal(1, stats.ByStatus["awaiting-review"]);
        Assert.False(stats.ByStatus.ContainsKey("awaiting-upload"));
        Assert.Equal(1, stats.DuplicateRecords);
        Assert.Contains("s3://edgelabel/p/uploaded.jpg", File.ReadAllText(ExportManifest(dataset)));
    }

    [Fact]
    public void Boxes_are_clipped_to_the_image_and_boxes_of_unknown_classes_or_no_area_are_dropped_and_counted()
    {
        var dataset = StartDataset();
        var d = Decided(1) with
        {
            Boxes =
            [
                new DecidedBox(0, "face", 0.9f, 600, 400, 100, 100, 0.7f, 0.4f),  // crosses the 640x480 border: clipped
                new DecidedBox(3, "truck", 0.9f, 10, 10, 20, 20, 0.7f, 0.4f),     // class 3 is not in [face]
                new DecidedBox(0, "face", 0.9f, 700, 500, 10, 10, 0.7f, 0.4f),    // entirely outside
                new DecidedBox(0, "face", 0.95f, 10, 10, 20, 20, 0.7f, 0.4f),     // fine
            ],
        };
        Deliver(dataset, "site-t", [Record(1, d)]);

        var stats = Stats(dataset);
        Assert.Equal((2L, 2L, 1L), (stats.MachineBoxes, stats.RejectedBoxes, stats.ClippedBoxes));
        Assert.Contains(stats.RecentRejections, r => r.Contains("unknown class id 3"));
        Assert.Contains(stats.RecentRejections, r => r.Contains("zero area"));
    }

    [Fact]
    public void A_restarted_dataset_recovers_every_image_and_high_water_mark_and_still_dedupes()
    {
        var dataset = StartDataset();
        var records = Enumerable.Range(1, 250).Select(n => Record(n, Decided(n, n % 10 == 0 ? RouteKind.Audit : RouteKind.AutoLabel))).ToArray();
        for (var i = 0; i < records.Length; i += 50) Deliver(dataset, "site-t", records[i..(i + 50)]);
        var before = Stats(dataset);

        Watch(dataset);
        Sys.Stop(dataset);
        ExpectTerminated(dataset, Patience);
        var restarted = StartDataset();

        var after = Stats(restarted);
        Assert.Equal((250, 250L), (after.Images, after.SiteHighWaterMarks["site-t"]));
        Assert.Equal(before.ByStatus, after.ByStatus);
        Assert.Equal(250, Deliver(restarted, "site-t", records[200..]));
        Assert.Equal((250, 0L), (Stats(restarted).Images, Stats(restarted).DuplicateRecords));
    }

    [Fact]
    public void An_export_writes_every_format_with_one_manifest_line_per_image_and_machine_provenance()
    {
        var dataset = StartDataset();
        Deliver(dataset, "site-t", Enumerable.Range(1, 3).Select(n => Record(n, Decided(n))).ToArray());

        var lines = File.ReadAllLines(ExportManifest(dataset));
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Contains("fake-detector", l));
        Assert.True(File.Exists(Path.Combine(_exports.Path, "default", "coco", "annotations.json")));
    }

    [Fact]
    public void A_page_lists_the_newest_images_first_filtered_by_status_and_site_with_their_boxes_and_the_total()
    {
        var dataset = StartDataset();
        // site-t: images 1..5 (2 and 4 for audit, so awaiting upload); site-u: images 6 and 7. Image n was captured at n s.
        Deliver(dataset, "site-t", Enumerable.Range(1, 5).Select(n => Record(n, Decided(n, n % 2 == 0 ? RouteKind.Audit : RouteKind.AutoLabel))).ToArray());
        Deliver(dataset, "site-u", new[] { 6, 7 }.Select((n, i) => Record(i + 1, Decided(n) with { Source = Decided(n).Source with { Site = "site-u" } })).ToArray());

        var pages = new[] { 0, 3, 6, 9 }.Select(offset => Page(dataset, null, null, offset, 3)).ToArray();
        Assert.All(pages, p => Assert.Equal(7, p.Total));
        int[][] newestFirst = [[7, 6, 5], [4, 3, 2], [1], []];
        Assert.Equal(newestFirst, pages.Select(p => p.Images.Select(NumberOf).ToArray()));
        Assert.Equal(3, pages[1].Offset);

        var auto = Page(dataset, ImageStatus.AutoLabeled, "site-t", 0, 10);
        Assert.Equal(3, auto.Total);
        Assert.Equal([5, 3, 1], auto.Images.Select(NumberOf));
        var box = Assert.Single(auto.Images[0].Boxes);
        Assert.Equal(("face", "machine", "fake-detector", "1", 0.9), (box.Label, box.Provenance.Source, box.Provenance.ModelId, box.Provenance.ModelVersion, box.Provenance.Score));
        Assert.Equal([4, 2], Page(dataset, ImageStatus.AwaitingUpload, null, 0, 10).Images.Select(NumberOf));
        Assert.Equal(0, Page(dataset, null, "site-nowhere", 0, 10).Total);

        dataset.Tell(new GetDatasetImage(Project.Name, Id(6).Value), TestActor);
        var found = ExpectMsg<DatasetImageFound>(Patience);
        Assert.Equal(("site-u", $"s3://edgelabel/p/site-u/gate/2025/03/01/{Id(6).Value}.jpg"), (found.Image!.Site, found.Image.ObjectUri));
        dataset.Tell(new GetDatasetImage(Project.Name, Id(99).Value), TestActor);
        Assert.Null(ExpectMsg<DatasetImageFound>(Patience).Image);
    }

    [Fact]
    public void An_unknown_project_refuses_records_and_queries_with_the_known_projects_named()
    {
        var unknown = Sys.ActorOf(UnknownProjectDataset.Props("nope", ["default", "yards"]));
        unknown.Tell(new DeliverRecords("nope", "site-t", [Record(1, Decided(1))]), TestActor);
        var rejected = ExpectMsg<RecordsRejected>(Patience);
        Assert.Contains("unknown project 'nope'", rejected.Reason);
        Assert.Contains("default, yards", rejected.Reason);

        unknown.Tell(new GetDatasetStats("nope"), TestActor);
        Assert.Contains("edgelabel.cloud.projects", ExpectMsg<UnknownProject>(Patience).Reason);
    }

    private IActorRef StartDataset() =>
        Sys.ActorOf(ProjectDataset.Props(Project, new DatasetExports(_exports.Path, store: null)));

    private long Deliver(IActorRef dataset, string site, IReadOnlyList<SiteRecord> records)
    {
        dataset.Tell(new DeliverRecords(Project.Name, site, records), TestActor);
        var ack = ExpectMsg<RecordsAcknowledged>(Patience);
        Assert.Equal(site, ack.Site);
        return ack.UpTo;
    }

    private DatasetStats Stats(IActorRef dataset)
    {
        dataset.Tell(new GetDatasetStats(Project.Name), TestActor);
        return ExpectMsg<DatasetStats>(Patience);
    }

    private DatasetPage Page(IActorRef dataset, ImageStatus? status, string? site, int offset, int limit)
    {
        dataset.Tell(new GetDatasetPage(Project.Name, status, site, offset, limit), TestActor);
        return ExpectMsg<DatasetPage>(Patience);
    }

    /// <summary>Which sample image (<see cref="Samples.Id"/>) this is.</summary>
    private static int NumberOf(DatasetImage image) => Enumerable.Range(1, 20).Single(n => Id(n).Value == image.ContentId);

    private string ExportManifest(IActorRef dataset)
    {
        dataset.Tell(new ExportDataset(Project.Name, IncludeThumbnails: false), TestActor);
        var exported = ExpectMsg<DatasetExported>(Patience);
        Assert.Null(exported.Error);
        return Assert.Single(exported.Files, f => f.EndsWith("output.manifest"));
    }

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        _exports.Dispose();
    }
}
