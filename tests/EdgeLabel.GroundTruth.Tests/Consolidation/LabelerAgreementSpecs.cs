using EdgeLabel.GroundTruth.Consolidation;

namespace EdgeLabel.GroundTruth.Tests.Consolidation;

public sealed class LabelerAgreementSpecs
{
    private static WorkerBox Drawn(int classId, double left, double top, double width, double height) => new("w1", classId, left, top, width, height);

    private static ConsolidatedBox Crowd(int classId, double left, double top, double width, double height) =>
        new(classId, left, top, width, height, 0.9, ["w1", "w2"]);

    [Fact]
    public void Nothing_drawn_where_the_crowd_saw_nothing_is_full_agreement()
    {
        Assert.Equal(1.0, LabelerAgreement.Of([], []));
    }

    [Fact]
    public void Boxes_on_the_consolidated_boxes_agree_fully_and_nothing_drawn_where_the_crowd_saw_something_not_at_all()
    {
        ConsolidatedBox[] crowd = [Crowd(0, 10, 10, 100, 100), Crowd(1, 300, 300, 40, 40)];
        Assert.Equal(1.0, LabelerAgreement.Of([Drawn(1, 302, 301, 40, 40), Drawn(0, 12, 10, 100, 100)], crowd));
        Assert.Equal(0.0, LabelerAgreement.Of([], crowd));
        Assert.Equal(0.0, LabelerAgreement.Of([Drawn(0, 10, 10, 100, 100)], []));
    }

    [Fact]
    public void Agreement_is_twice_the_matched_boxes_over_both_counts()
    {
        ConsolidatedBox[] crowd = [Crowd(0, 0, 0, 100, 100), Crowd(0, 200, 0, 100, 100)];
        // One match, one missed consolidated box, one extra box of the labeler: 2·1 / (2 + 2).
        Assert.Equal(0.5, LabelerAgreement.Of([Drawn(0, 5, 5, 100, 100), Drawn(0, 500, 500, 50, 50)], crowd));
        // Three drawn against two: one match is 2·1 / (3 + 2), two matches 2·2 / 5.
        Assert.Equal(0.4, LabelerAgreement.Of([Drawn(0, 5, 5, 100, 100), Drawn(0, 500, 500, 50, 50), Drawn(0, 900, 900, 9, 9)], crowd), 10);
        Assert.Equal(0.8, LabelerAgreement.Of([Drawn(0, 5, 5, 100, 100), Drawn(0, 205, 0, 100, 100), Drawn(0, 900, 900, 9, 9)], crowd), 10);
    }

    [Fact]
    public void A_box_of_another_class_or_below_half_overlap_does_not_match()
    {
        ConsolidatedBox[] crowd = [Crowd(0, 0, 0, 100, 100)];
        Assert.Equal(0, LabelerAgreement.Matched([Drawn(1, 0, 0, 100, 100)], crowd));
        // 100x100 shifted by 40: IoU = 6000 / 14000 ≈ 0.43 < 0.5.
        Assert.Equal(0, LabelerAgreement.Matched([Drawn(0, 40, 0, 100, 100)], crowd));
        // Shifted by 30: IoU = 7000 / 13000 ≈ 0.54.
        Assert.Equal(1, LabelerAgreement.Matched([Drawn(0, 30, 0, 100, 100)], crowd));
    }

    [Fact]
    public void Each_box_matches_at_most_once_and_the_best_overlap_wins()
    {
        // Two of the labeler's boxes overlap the one consolidated box: only one of them matches.
        ConsolidatedBox[] one = [Crowd(0, 0, 0, 100, 100)];
        Assert.Equal(1, LabelerAgreement.Matched([Drawn(0, 0, 0, 100, 100), Drawn(0, 2, 2, 100, 100)], one));
        Assert.Equal(2.0 / 3, LabelerAgreement.Of([Drawn(0, 0, 0, 100, 100), Drawn(0, 2, 2, 100, 100)], one), 10);

        // Greedy by IoU: the labeler's box A fits X best and Y passably, B fits only X passably. Highest first pairs A–X,
        // leaving B unmatched (B–Y is below the threshold): one match, not two.
        ConsolidatedBox[] two = [Crowd(0, 0, 0, 100, 100), Crowd(0, 30, 0, 100, 100)];
        Assert.Equal(2, LabelerAgreement.Matched([Drawn(0, 0, 0, 100, 100), Drawn(0, 30, 0, 100, 100)], two));
        Assert.Equal(1, LabelerAgreement.Matched([Drawn(0, 10, 0, 100, 100), Drawn(0, -25, 0, 100, 100)], two));
    }
}
