namespace EdgeLabel.Workforce.Simulation;

/// <summary>A snapshot of the whole simulated workforce: per labeler, and totals.</summary>
public sealed record WorkforceStats(IReadOnlyList<WorkerStats> Workers)
{
    public int Answered => Workers.Sum(w => w.Answered);
    public int FromTruth => Workers.Sum(w => w.FromTruth);
    public int WithoutTruth => Workers.Sum(w => w.WithoutTruth);
    public int Declined => Workers.Sum(w => w.Declined);
    public int Rejected => Workers.Sum(w => w.Rejected);
    public int Skipped => Workers.Sum(w => w.Skipped);
    public int Retries => Workers.Sum(w => w.Retries);
    public int Failures => Workers.Sum(w => w.Failures);

    /// <summary>Every accepted answer of every labeler.</summary>
    public IEnumerable<AnsweredTask> Tasks => Workers.SelectMany(w => w.Tasks);

    /// <summary>One line for logs and summaries, saying plainly that the labelers are simulated.</summary>
    public string Summary() =>
        $"{Workers.Count} SIMULATED labelers answered {Answered} task(s) ({FromTruth} from truth, {WithoutTruth} echoing pre-annotations without truth), " +
        $"declined {Declined}, rejected {Rejected}, skipped {Skipped}, retries {Retries}, failures {Failures}; " +
        string.Join(", ", Workers.Select(w => $"{w.WorkerId}: {w.Answered}"));
}
