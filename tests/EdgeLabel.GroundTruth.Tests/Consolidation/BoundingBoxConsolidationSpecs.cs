using EdgeLabel.GroundTruth.Consolidation;

namespace EdgeLabel.GroundTruth.Tests.Consolidation;

public sealed class BoundingBoxConsolidationSpecs
{
    [Fact]
    public void One_worker_keeps_every_box_as_drawn_with_confidence_zero()
    {
        var boxes = new[] { new WorkerBox("w1", 0, 10, 20, 30, 40), new WorkerBox("w1", 0, 200, 20, 30, 40) };
        var result = BoundingBoxConsolidation.Consolidate(boxes, workerCount: 1);
        Assert.Equal(2, result.Count);
        Assert.All(result, b => Assert.Equal(0.0, b.Confidence));
        Assert.Contains(result, b => (b.Left, b.Top, b.Width, b.Height) == (10, 20, 30, 40));
    }

    [Fact]
    public void Matching_boxes_of_three_workers_are_averaged_and_a_box_only_one_drew_is_dropped()
    {
        var boxes = new[]
        {
            new WorkerBox("w1", 0, 10, 10, 100, 100),
            new WorkerBox("w2", 0, 14, 10, 100, 100),
            new WorkerBox("w3", 0, 12, 13, 100, 100),
            new WorkerBox("w3", 0, 400, 400, 20, 20), // a false box only w3 drew
        };
        var result = BoundingBoxConsolidation.Consolidate(boxes, workerCount: 3);

        var box = Assert.Single(result);
        Assert.Equal(12, box.Left, 6);
        Assert.Equal(11, box.Top, 6);
        Assert.Equal(100, box.Width, 6);
        Assert.Equal(["w1", "w2", "w3"], box.Workers);
        Assert.InRange(box.Confidence, 0.9, 1.0);
    }

    [Fact]
    public void Boxes_of_different_classes_or_without_overlap_are_never_merged_and_a_worker_counts_once_per_group()
    {
        var boxes = new[]
        {
            new WorkerBox("w1", 0, 10, 10, 50, 50), new WorkerBox("w2", 1, 10, 10, 50, 50),
            new WorkerBox("w1", 0, 12, 12, 50, 50), // w1's second, overlapping box must start its own group
            new WorkerBox("w2", 0, 300, 300, 50, 50),
        };
        var result = BoundingBoxConsolidation.Consolidate(boxes, workerCount: 2);
        Assert.Equal(4, result.Count); // with two workers one vote is half: every group survives
        Assert.All(result, b => Assert.Single(b.Workers));
        Assert.Equal(3, result.Count(b => b.ClassId == 0));
    }

    [Fact]
    public void The_result_does_not_depend_on_the_order_answers_arrived_in()
    {
        var boxes = new[]
        {
            new WorkerBox("a", 0, 0, 0, 40, 40), new WorkerBox("b", 0, 2, 1, 40, 40), new WorkerBox("c", 0, 100, 100, 30, 30),
            new WorkerBox("b", 0, 101, 99, 30, 30), new WorkerBox("a", 0, 98, 100, 30, 30),
        };
        var forward = BoundingBoxConsolidation.Consolidate(boxes, 3);
        var backward = BoundingBoxConsolidation.Consolidate(boxes.Reverse().ToArray(), 3);
        Assert.Equal(forward.OrderBy(b => b.Left).Select(b => (b.Left, b.Top, b.Confidence)), backward.OrderBy(b => b.Left).Select(b => (b.Left, b.Top, b.Confidence)));
        Assert.Equal(2, forward.Count);
    }
}
