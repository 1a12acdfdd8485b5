namespace EdgeLabel.Workforce.Simulation;

/// <summary>What one simulated labeler has done so far.</summary>
/// <param name="Answered">Answers the service accepted.</param>
/// <param name="FromTruth">Of those, answered from the truth of a known image.</param>
/// <param name="WithoutTruth">Of those, unknown images answered by echoing the pre-annotations.</param>
/// <param name="Declined">Tasks declined (after a refused answer, or when the task could not be worked on).</param>
/// <param name="Rejected">Answers the service refused with 400.</param>
/// <param name="Skipped">Tasks that were gone when worked on (404 or 403, or 409: closed or expired).</param>
/// <param name="Retries">Calls repeated after a 503 or a connection error.</param>
/// <param name="Failures">Other errors (logged).</param>
/// <param name="Tasks">The accepted answers, in order.</param>
public sealed record WorkerStats(
    string WorkerId,
    int Answered,
    int FromTruth,
    int WithoutTruth,
    int Declined,
    int Rejected,
    int Skipped,
    int Retries,
    int Failures,
    IReadOnlyList<AnsweredTask> Tasks);
