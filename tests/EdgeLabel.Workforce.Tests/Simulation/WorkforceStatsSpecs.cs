using EdgeLabel.Workforce.Simulation;

namespace EdgeLabel.Workforce.Tests.Simulation;

public sealed class WorkforceStatsSpecs
{
    [Fact]
    public void Totals_add_up_the_labelers_and_the_summary_says_they_are_simulated()
    {
        var stats = new WorkforceStats(
        [
            new WorkerStats("w1", 3, 2, 1, 1, 1, 0, 4, 0, []),
            new WorkerStats("w2", 5, 5, 0, 0, 0, 2, 0, 1, []),
        ]);
        Assert.Equal((8, 7, 1, 1, 1, 2, 4, 1), (stats.Answered, stats.FromTruth, stats.WithoutTruth, stats.Declined, stats.Rejected,
            stats.Skipped, stats.Retries, stats.Failures));
        Assert.Contains("2 SIMULATED labelers answered 8 task(s) (7 from truth, 1 echoing pre-annotations without truth)", stats.Summary());
        Assert.Contains("w1: 3, w2: 5", stats.Summary());
    }

    [Fact]
    public void Every_log_line_is_marked_as_the_simulated_workforce()
    {
        var lines = new List<string>();
        new WorkforceLog(lines.Add).Write("w1: answered");
        Assert.Equal(["[simulated workforce] w1: answered"], lines);
        WorkforceLog.None.Write("nobody listens"); // no sink: nothing happens
    }
}
