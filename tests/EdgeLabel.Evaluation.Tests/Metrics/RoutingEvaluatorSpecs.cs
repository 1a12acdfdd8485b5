using EdgeLabel.Actors.Routing;
using EdgeLabel.Evaluation.Metrics;
using static EdgeLabel.Evaluation.Tests.Metrics.Synthetic;

namespace EdgeLabel.Evaluation.Tests.Metrics;

public class RoutingEvaluatorSpecs
{
    // img1: two faces, both found confidently.            → auto at 0.5/0.3
    // img2: one face found at 0.4 (uncertain).            → review
    // img3: no face, a confident false positive at 0.9.   → auto, FP
    // img4: one face, missed entirely.                    → auto as empty, FN
    private static readonly EvaluatedImage[] Images =
    [
        Image("img1", [Face(0), Face(1)], At(0, 0.95f), At(1, 0.8f)),
        Image("img2", [Face(0)], At(0, 0.4f)),
        Image("img3", [], At(3, 0.9f)),
        Image("img4", [Face(2)]),
    ];

    private static readonly MatchOptions Match = new(0.5, ClassMatching.SingleClass);

    [Fact]
    public void Auto_labelled_all_images_and_hybrid_figures_follow_the_router()
    {
        var row = new RoutingEvaluator(Images, Match).Evaluate(0.5f, 0.3f);

        Assert.Equal(1, row.ImagesToHumans);
        Assert.Equal(0.25, row.ShareToHumans);
        Assert.Equal(new MatchCounts(2, 1, 1), row.AutoLabelled);   // img1 + img3 + img4
        Assert.Equal(new MatchCounts(2, 1, 2), row.AllImages);      // img2's 0.4 box is below accept
        Assert.Equal(new MatchCounts(3, 1, 1), row.Hybrid);         // img2's face comes from the human
        Assert.Equal(0.75, row.Hybrid.Precision);
        Assert.Equal(0.75, row.Hybrid.Recall);
    }

    [Fact]
    public void Reviewing_empty_images_sends_the_missed_face_to_a_human()
    {
        var row = new RoutingEvaluator(Images, Match, EmptyImagePolicy.Review).Evaluate(0.5f, 0.3f);

        Assert.Equal(2, row.ImagesToHumans);
        Assert.Equal(new MatchCounts(2, 1, 0), row.AutoLabelled);
        Assert.Equal(new MatchCounts(4, 1, 0), row.Hybrid);
    }

    [Fact]
    public void A_reject_above_accept_is_capped_so_there_is_no_review_band()
    {
        var row = new RoutingEvaluator(Images, Match).Evaluate(0.5f, 0.7f);

        Assert.Equal(0.5f, row.Reject);
        Assert.Equal(0, row.ImagesToHumans);                        // img2's 0.4 box is now noise
        Assert.Equal(new MatchCounts(2, 1, 2), row.AutoLabelled);
    }
}
