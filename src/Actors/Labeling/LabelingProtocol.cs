using EdgeLabel.Actors.Routing;
using EdgeLabel.Dataset.Model;
using EdgeLabel.GroundTruth.Api;

namespace EdgeLabel.Actors.Labeling;

/// <summary>A message routed to one labeling job (the sharding key: entity id = job name, lower case).</summary>
public interface ILabelingJobMessage : IEdgeLabelMessage
{
    string JobName { get; }
}

/// <summary>A message routed to the labeling coordinator of one project (entity id = project).</summary>
public interface ILabelingProjectMessage : IEdgeLabelMessage
{
    string Project { get; }
}

/// <summary>One image for human labelers: where it is, where it came from, which model boxed it, and the model's boxes
/// (the labelers' starting point). <see cref="Route"/> is Review or Audit.</summary>
public sealed record LabelingItem(
    string ContentId, string ObjectUri, string Site, RouteKind Route, string ModelId, string? ModelVersion,
    IReadOnlyList<LabeledBox> PreAnnotations);

/// <summary>How a labeling job ended, from the coordinator's point of view.</summary>
public enum LabelingOutcome
{
    /// <summary>Completed; every labeled image is merged (the unlabeled remainder may be retried).</summary>
    Completed,
    /// <summary>The backend failed the job (<c>FailureReason</c>); the remainder is retried.</summary>
    Failed,
    /// <summary>Stopped on request; what was labeled is merged, the remainder is not retried.</summary>
    Stopped,
    /// <summary>Stopped by the watchdog (no progress for too long); the remainder is retried.</summary>
    Stuck,
}

// ---- Dataset → coordinator ----

/// <summary>Images of the project that reached awaiting-review (told after the dataset persisted them; told again after
/// a dataset's recovery, so the coordinator dedupes by content id).</summary>
public sealed record ImagesAwaitingReview(string Project, IReadOnlyList<LabelingItem> Items) : ILabelingProjectMessage;

// ---- Coordinator → job ----

/// <summary>Label this batch under this name. Idempotent: told again after the coordinator's recovery, it only wakes
/// the job (a job started once keeps its first batch).</summary>
public sealed record StartLabelingJob(string JobName, string Project, int Attempt, IReadOnlyList<string> Categories,
    IReadOnlyList<LabelingItem> Items) : ILabelingJobMessage;

/// <summary>Stop the job (the backend's StopLabelingJob); what was labeled so far is still merged.</summary>
public sealed record StopLabeling(string JobName, string Reason) : ILabelingJobMessage;

public sealed record GetLabelingJobStatus(string JobName) : ILabelingJobMessage;

/// <summary>Where a job stands: its phase in EdgeLabel (accepted, submitted, ended, merged, reported), the backend's
/// status and counters, and why it failed when it did.</summary>
public sealed record LabelingJobStatusReport(
    string JobName, string? Project, string Phase, int Attempt, int Items, LabelingJobStatus? Status, LabelCounters? Counters,
    string? FailureReason, int Polls, string? LastError) : IEdgeLabelMessage;

// ---- Job → coordinator ----

/// <summary>The job is over: what it merged and which images are still without human labels. Sent until acknowledged.</summary>
public sealed record LabelingJobFinished(string Project, string JobName, LabelingOutcome Outcome, IReadOnlyList<string> Labeled,
    IReadOnlyList<string> Unlabeled, string? Reason) : ILabelingProjectMessage;

public sealed record LabelingJobFinishedAck(string JobName) : ILabelingJobMessage;

// ---- Coordinator queries ----

public sealed record GetLabelingStatus(string Project) : ILabelingProjectMessage;

/// <summary>A job the coordinator started, and how it ended when it has.</summary>
public sealed record LabelingJobEntry(string JobName, string BaseName, int Attempt, int Items, LabelingOutcome? Outcome, string? Reason, int Unlabeled);

/// <summary>The project's labeling: images waiting for a batch, the jobs, and alerts (batches that ran out of attempts).</summary>
public sealed record LabelingStatus(string Project, int Pending, DateTimeOffset? OldestPendingAt, IReadOnlyList<LabelingJobEntry> Jobs,
    IReadOnlyList<string> Alerts) : IEdgeLabelMessage;

// ---- Persisted events of a job ----

public sealed record LabelingJobAccepted(string JobName, string Project, int Attempt, IReadOnlyList<string> Categories,
    IReadOnlyList<LabelingItem> Items, DateTimeOffset At) : IEdgeLabelMessage;

public sealed record LabelingJobInputsWritten(string JobName, string ManifestUri, string CategoriesUri, string OutputPath) : IEdgeLabelMessage;

/// <summary>The backend has the job (created by us, or found by name: never a second create).</summary>
public sealed record LabelingJobSubmitted(string JobName, string? Arn, DateTimeOffset At) : IEdgeLabelMessage;

/// <summary>A describe that showed a new status or more labeled objects (the watchdog's notion of progress).</summary>
public sealed record LabelingJobProgressed(string JobName, LabelingJobStatus Status, LabelCounters Counters, DateTimeOffset At) : IEdgeLabelMessage;

public sealed record LabelingJobStopRequested(string JobName, string Reason, bool ByWatchdog, DateTimeOffset At) : IEdgeLabelMessage;

public sealed record LabelingJobEnded(string JobName, LabelingJobStatus Status, string? FailureReason, DateTimeOffset At) : IEdgeLabelMessage;

/// <summary>The dataset acknowledged the human labels of these images.</summary>
public sealed record LabelingJobMerged(string JobName, IReadOnlyList<string> Labeled, DateTimeOffset At) : IEdgeLabelMessage;

public sealed record LabelingJobReported(string JobName, DateTimeOffset At) : IEdgeLabelMessage;

// ---- Persisted events of a coordinator ----

public sealed record LabelingImagesQueued(IReadOnlyList<LabelingItem> Items, DateTimeOffset At) : IEdgeLabelMessage;

/// <summary>A batch handed to a job. <see cref="BaseName"/> names the batch across its attempts.</summary>
public sealed record LabelingBatchStarted(string JobName, string BaseName, int Attempt, IReadOnlyList<LabelingItem> Items,
    DateTimeOffset At) : IEdgeLabelMessage;

public sealed record LabelingJobConcluded(string JobName, LabelingOutcome Outcome, IReadOnlyList<string> Unlabeled, string? Reason,
    DateTimeOffset At) : IEdgeLabelMessage;

/// <summary>A batch ran out of attempts with images still unlabeled: shown in the status until someone acts.</summary>
public sealed record LabelingAlertRaised(string BaseName, string Alert, DateTimeOffset At) : IEdgeLabelMessage;
