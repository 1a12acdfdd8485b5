using EdgeLabel.GroundTruth.Api;

namespace EdgeLabel.Actors.Labeling;

/// <summary>Where a labeling job is in EdgeLabel's hands; each phase is reached by one persisted event.</summary>
public enum LabelingJobPhase
{
    /// <summary>No batch yet (a fresh entity).</summary>
    New,
    /// <summary>The batch is known; its input files are not written yet.</summary>
    Accepted,
    /// <summary>Input manifest and label categories are in the store; the job may or may not exist at the backend.</summary>
    InputsWritten,
    /// <summary>The backend has the job; it is polled.</summary>
    Submitted,
    /// <summary>The backend says Completed, Failed or Stopped; the output is read and merged next.</summary>
    Ended,
    /// <summary>The dataset acknowledged the human labels; the coordinator is told next.</summary>
    Merged,
    /// <summary>The coordinator acknowledged the outcome; nothing is left to do.</summary>
    Reported,
}

/// <summary>A labeling job as its events built it. Mutable, owned by <see cref="LabelingJob"/>, changed only by Apply.</summary>
public sealed class LabelingJobState
{
    public LabelingJobPhase Phase { get; private set; } = LabelingJobPhase.New;
    public LabelingJobAccepted? Batch { get; private set; }
    public LabelingJobInputsWritten? Inputs { get; private set; }
    public string? Arn { get; private set; }
    public LabelingJobStatus? Status { get; private set; }
    public LabelCounters? Counters { get; private set; }
    /// <summary>When the job was last seen to make progress (submitted, a new status, more objects labeled).</summary>
    public DateTimeOffset? LastProgressAt { get; private set; }
    public LabelingJobStopRequested? StopRequest { get; private set; }
    public string? FailureReason { get; private set; }
    public IReadOnlyList<string> Labeled { get; private set; } = [];

    public int Attempt => Batch?.Attempt ?? 0;

    public void Apply(object e)
    {
        switch (e)
        {
            case LabelingJobAccepted accepted:
                Batch = accepted;
                Phase = LabelingJobPhase.Accepted;
                break;
            case LabelingJobInputsWritten written:
                Inputs = written;
                Phase = LabelingJobPhase.InputsWritten;
                break;
            case LabelingJobSubmitted submitted:
                Arn = submitted.Arn;
                LastProgressAt = submitted.At;
                Phase = LabelingJobPhase.Submitted;
                break;
            case LabelingJobProgressed progressed:
                Status = progressed.Status;
                Counters = progressed.Counters;
                LastProgressAt = progressed.At;
                break;
            case LabelingJobStopRequested stop:
                StopRequest ??= stop; // the first reason wins (a watchdog stop stays a watchdog stop)
                break;
            case LabelingJobEnded ended:
                Status = ended.Status;
                FailureReason = ended.FailureReason;
                Phase = LabelingJobPhase.Ended;
                break;
            case LabelingJobMerged merged:
                Labeled = merged.Labeled;
                Phase = LabelingJobPhase.Merged;
                break;
            case LabelingJobReported:
                Phase = LabelingJobPhase.Reported;
                break;
        }
    }

    /// <summary>What the coordinator is told once the labels are merged.</summary>
    public LabelingOutcome Outcome => Status switch
    {
        LabelingJobStatus.Completed => LabelingOutcome.Completed,
        LabelingJobStatus.Stopped when StopRequest is { ByWatchdog: true } => LabelingOutcome.Stuck,
        LabelingJobStatus.Stopped => LabelingOutcome.Stopped,
        _ => LabelingOutcome.Failed,
    };

    public IReadOnlyList<string> Unlabeled =>
        Batch is null ? [] : Batch.Items.Select(i => i.ContentId).Except(Labeled, StringComparer.Ordinal).ToArray();
}
