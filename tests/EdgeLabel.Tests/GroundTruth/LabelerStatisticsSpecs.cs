using EdgeLabel.Actors.GroundTruth;
using EdgeLabel.GroundTruth.Embedded;
using static EdgeLabel.Tests.GroundTruth.GroundTruthSamples;

namespace EdgeLabel.Tests.GroundTruth;

/// <summary>The admin view's per-labeler numbers, computed from the service's state: outcomes, answers in the last
/// hour, the median time per answer and the agreement with the consolidated answers.</summary>
public sealed class LabelerStatisticsSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Three objects, each offered at T0 to w1 (task t{i}-0) and w2 (t{i}-1) for an hour.</summary>
    private static GroundTruthState Started()
    {
        var state = new GroundTruthState();
        state.Apply(new GroundTruthJobCreated("j", "arn:job", Request("j", workersPerObject: 2, lifetimeSeconds: 3600), T0));
        var data = Enumerable.Range(0, 3).Select(i => new GroundTruthDataObject(i, $"s3://b/{i}.jpg", $$"""{"source-ref":"s3://b/{{i}}.jpg"}""", null)).ToArray();
        var tasks = Enumerable.Range(0, 3).SelectMany(i => new[]
        {
            new GroundTruthTask($"t{i}-0", i, "w1", T0.AddHours(1)), new GroundTruthTask($"t{i}-1", i, "w2", T0.AddHours(1)),
        }).ToArray();
        state.Apply(new GroundTruthJobInitialized("j", ["face", "hand"], data, tasks, T0));
        return state;
    }

    private static WorkerAnswer Boxes(params AnsweredBox[] boxes) => new(boxes, 640, 480);

    [Fact]
    public void Outcomes_time_per_answer_and_agreement_are_counted_per_labeler_and_idle_labelers_are_listed_too()
    {
        var state = Started();
        var face = new AnsweredBox("face", 10, 10, 40, 30);
        var shifted = face with { Left = 12 };
        var falseBox = new AnsweredBox("face", 300, 300, 40, 40);
        // Object 0: both draw the face. Object 1: w2 adds a false box, which survives consolidation (one of two
        // labelers is half). Object 2: w1 skips, w2 lets it expire: it fails, so it has no consolidated answer.
        state.Apply(new GroundTruthTaskAnswered("j", "t0-0", Boxes(face), T0.AddSeconds(60)));
        state.Apply(new GroundTruthTaskAnswered("j", "t0-1", Boxes(shifted), T0.AddSeconds(90)));
        state.Apply(new GroundTruthTaskAnswered("j", "t1-0", Boxes(face), T0.AddSeconds(100)));
        state.Apply(new GroundTruthTaskDeclined("j", "t2-0", T0.AddSeconds(130)));
        state.Apply(new GroundTruthTaskAnswered("j", "t1-1", Boxes(face, falseBox), T0.AddSeconds(200)));
        state.Apply(new GroundTruthTasksExpired("j", ["t2-1"], T0.AddHours(1)));

        var stats = LabelerStatistics.Of(state.Jobs, ["w1", "w2", "w3"], T0.AddMinutes(30)).ToDictionary(s => s.Worker);

        Assert.Equal(["w1", "w2", "w3"], stats.Keys);
        var w1 = stats["w1"];
        Assert.Equal((0, 2, 1, 0, 2), (w1.Open, w1.Answered, w1.Declined, w1.Expired, w1.AnsweredLastHour));
        Assert.Equal(50, w1.MedianSecondsPerTask); // 60 s from the offer, then 40 s after the first answer
        // Object 0: 1; object 1: one of the two consolidated boxes, 2·1 / (1 + 2).
        Assert.Equal((2, Math.Round((1 + 2.0 / 3) / 2, 4)), (w1.AgreementObjects, w1.MeanAgreement));

        var w2 = stats["w2"];
        Assert.Equal((0, 2, 0, 1, 2), (w2.Open, w2.Answered, w2.Declined, w2.Expired, w2.AnsweredLastHour));
        Assert.Equal(100, w2.MedianSecondsPerTask); // 90 s, then 110 s
        Assert.Equal((2, 1.0), (w2.AgreementObjects, w2.MeanAgreement));

        Assert.Equal(new LabelerStats("w3", 0, 0, 0, 0, 0, null, null, 0), stats["w3"]);
    }

    [Fact]
    public void Open_tasks_count_until_they_expire_and_only_answers_of_the_last_hour_are_recent()
    {
        var state = Started();
        Assert.Equal(3, LabelerStatistics.Of(state.Jobs, ["w1"], T0.AddMinutes(1)).Single(s => s.Worker == "w1").Open);
        Assert.Equal(0, LabelerStatistics.Of(state.Jobs, ["w1"], T0.AddHours(1)).Single(s => s.Worker == "w1").Open);

        state.Apply(new GroundTruthTaskAnswered("j", "t0-0", Boxes(), T0.AddSeconds(60)));
        state.Apply(new GroundTruthTaskAnswered("j", "t1-0", Boxes(), T0.AddMinutes(40)));
        var later = LabelerStatistics.Of(state.Jobs, [], T0.AddMinutes(80)).Single(s => s.Worker == "w1");
        Assert.Equal((2, 1, 0), (later.Answered, later.AnsweredLastHour, later.Open)); // the third task's hour ran out
        Assert.Equal(0, later.AgreementObjects); // w2 has not answered: nothing consolidated yet
        Assert.Null(later.MeanAgreement);
    }
}
