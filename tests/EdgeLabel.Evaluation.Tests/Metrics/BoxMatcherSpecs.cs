using EdgeLabel.Evaluation.Metrics;
using EdgeLabel.Evaluation.Truth;
using EdgeLabel.Inference;

namespace EdgeLabel.Evaluation.Tests.Metrics;

public class BoxMatcherSpecs
{
    private static readonly MatchOptions Single = new(0.5, ClassMatching.SingleClass);
    private static readonly MatchOptions ById = new(0.5, ClassMatching.ByClassId);

    private static TruthBox Truth(float l, float t, float w, float h, int cls = 0, bool dontCare = false) =>
        new(cls, $"c{cls}", new PixelBox(l, t, w, h), dontCare);

    private static Detection Det(float score, float l, float t, float w, float h, int cls = 0) =>
        new(cls, score, new PixelBox(l, t, w, h));

    [Fact]
    public void Two_detections_of_one_object_give_one_true_positive_and_one_false_positive()
    {
        var counts = BoxMatcher.Count([Truth(0, 0, 10, 10)], [Det(0.6f, 1, 0, 10, 10), Det(0.9f, 0, 0, 10, 10)], Single);

        Assert.Equal(new MatchCounts(1, 1, 0), counts);
        Assert.Equal(0.5, counts.Precision);
        Assert.Equal(1.0, counts.Recall);
    }

    [Fact]
    public void The_higher_score_claims_the_truth_box_first()
    {
        // Truth A [0,10] and B [4,14]. The 0.9 box [3,13] overlaps A (IoU 0.54) and B better (0.82), so it takes B;
        // the 0.5 box [4.5,14.5] then finds B taken and A too far (0.38). Matching in list order would give 2 TP.
        var truth = new[] { Truth(0, 0, 10, 10), Truth(4, 0, 10, 10) };
        var counts = BoxMatcher.Count(truth, [Det(0.5f, 4.5f, 0, 10, 10), Det(0.9f, 3, 0, 10, 10)], Single);

        Assert.Equal(new MatchCounts(1, 1, 1), counts);
    }

    [Fact]
    public void IoU_just_over_the_threshold_matches_and_just_under_does_not()
    {
        // Same height, shifted horizontally by s: IoU = (10-s)/(10+s). s=3.2 → 0.515; s=3.5 → 0.481.
        var truth = new[] { Truth(0, 0, 10, 10) };

        Assert.Equal(new MatchCounts(1, 0, 0), BoxMatcher.Count(truth, [Det(0.9f, 3.2f, 0, 10, 10)], Single));
        Assert.Equal(new MatchCounts(0, 1, 1), BoxMatcher.Count(truth, [Det(0.9f, 3.5f, 0, 10, 10)], Single));
    }

    [Fact]
    public void A_detection_with_IoU_exactly_at_the_threshold_matches()
    {
        // 10x10 truth inside a 10x20 detection: IoU = 100/200 = 0.5 exactly in float.
        Assert.Equal(new MatchCounts(1, 0, 0), BoxMatcher.Count([Truth(0, 0, 10, 10)], [Det(0.9f, 0, 0, 10, 20)], Single));
    }

    [Fact]
    public void Empty_images_count_only_what_is_there()
    {
        Assert.Equal(MatchCounts.Zero, BoxMatcher.Count([], [], Single));
        Assert.Equal(new MatchCounts(0, 2, 0), BoxMatcher.Count([], [Det(0.9f, 0, 0, 5, 5), Det(0.8f, 20, 20, 5, 5)], Single));
        Assert.Equal(new MatchCounts(0, 0, 2), BoxMatcher.Count([Truth(0, 0, 5, 5), Truth(20, 20, 5, 5)], [], Single));
        Assert.Null(MatchCounts.Zero.Precision);
        Assert.Null(MatchCounts.Zero.Recall);
    }

    [Fact]
    public void A_class_mismatch_is_a_miss_by_class_id_but_a_match_as_single_class()
    {
        var truth = new[] { Truth(0, 0, 10, 10, cls: 1) };
        var detections = new[] { Det(0.9f, 0, 0, 10, 10, cls: 0) };

        Assert.Equal(new MatchCounts(0, 1, 1), BoxMatcher.Count(truth, detections, ById));
        Assert.Equal(new MatchCounts(1, 0, 0), BoxMatcher.Count(truth, detections, Single));
    }

    [Fact]
    public void Detections_on_dont_care_regions_count_neither_way_and_missing_them_is_no_error()
    {
        var truth = new[] { Truth(0, 0, 10, 10), Truth(50, 50, 40, 40, dontCare: true) };
        var counts = BoxMatcher.Count(truth, [Det(0.9f, 0, 0, 10, 10), Det(0.8f, 55, 55, 10, 10)], Single);

        Assert.Equal(new MatchCounts(1, 0, 0), counts);
        Assert.Equal(new MatchCounts(0, 0, 1), BoxMatcher.Count(truth, [], Single));
    }
}
