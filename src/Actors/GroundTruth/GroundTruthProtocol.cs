using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Embedded;

namespace EdgeLabel.Actors.GroundTruth;

// The embedded Ground Truth service's protocol: SageMaker operations and the labelers' task operations (commands,
// sent through the singleton proxy, so possibly remote), their answers, and the events the service persists.

/// <summary>A request to the embedded Ground Truth service.</summary>
public interface IGroundTruthCommand : IEdgeLabelMessage;

/// <summary>An answer of the embedded Ground Truth service.</summary>
public interface IGroundTruthReply : IEdgeLabelMessage;

/// <summary>What the embedded Ground Truth service persists; every event belongs to one job.</summary>
public interface IGroundTruthEvent : IEdgeLabelMessage
{
    string JobName { get; }
}

// ---- SageMaker operations ----

public sealed record CreateLabelingJob(CreateLabelingJobRequest Request) : IGroundTruthCommand;
public sealed record DescribeLabelingJob(string LabelingJobName) : IGroundTruthCommand;
public sealed record ListLabelingJobs(ListLabelingJobsRequest Request) : IGroundTruthCommand;
public sealed record StopLabelingJob(string LabelingJobName) : IGroundTruthCommand;

public sealed record LabelingJobCreated(CreateLabelingJobResponse Response) : IGroundTruthReply;
public sealed record LabelingJobDescribed(DescribeLabelingJobResponse Response) : IGroundTruthReply;
public sealed record LabelingJobsListed(ListLabelingJobsResponse Response) : IGroundTruthReply;
public sealed record LabelingJobStopAccepted(string LabelingJobName) : IGroundTruthReply;

/// <summary>An AWS error answer: <paramref name="Type"/> is the <c>__type</c> (ValidationException, ResourceNotFound,
/// ResourceInUse, ResourceLimitExceeded).</summary>
public sealed record SageMakerError(string Type, string Message) : IGroundTruthReply
{
    public static SageMakerError Validation(string message) => new("ValidationException", message);
    public static SageMakerError NotFound(string message) => new("ResourceNotFound", message);
    public static SageMakerError InUse(string message) => new("ResourceInUse", message);
    public static SageMakerError LimitExceeded(string message) => new("ResourceLimitExceeded", message);
}

// ---- Task operations of the private workforce ----

public sealed record ListWorkerTasks(string Worker) : IGroundTruthCommand;
public sealed record GetWorkerTask(string Worker, string TaskId) : IGroundTruthCommand;
/// <summary>A labeler's answer; the image size is the one the service read from the image, when it could.</summary>
public sealed record SubmitTaskAnswer(string Worker, string TaskId, WorkerAnswer Answer, int? ImageWidth = null, int? ImageHeight = null) : IGroundTruthCommand;
public sealed record DeclineWorkerTask(string Worker, string TaskId) : IGroundTruthCommand;

/// <summary>A labeler's open task as listed.</summary>
public sealed record WorkerTaskSummary(string TaskId, string JobName, string Title, int DataObjectIndex, DateTimeOffset ExpiresAt);

public sealed record WorkerTaskList(string Worker, IReadOnlyList<WorkerTaskSummary> Tasks) : IGroundTruthReply;

/// <summary>One task in full. <see cref="SourceRef"/> is for the service's own image endpoint, never shown to a labeler.</summary>
public sealed record WorkerTaskDetail(string TaskId, string JobName, string Title, string Description, int DataObjectIndex,
    string SourceRef, IReadOnlyList<string> Categories, string ExtraKeysJson, DateTimeOffset ExpiresAt, int TaskTimeLimitSeconds = 0) : IGroundTruthReply;

public sealed record WorkerTaskAccepted(string TaskId) : IGroundTruthReply;
public sealed record WorkerTaskRejected(string TaskId, string Reason) : IGroundTruthReply;

/// <summary>No task of this id.</summary>
public sealed record WorkerTaskNotFound(string TaskId) : IGroundTruthReply;

/// <summary>The task exists but is assigned to another labeler. Task ids are opaque hashes, so admitting it exists tells
/// a labeler nothing useful, and the refusal (403) says plainly why they cannot open it.</summary>
public sealed record WorkerTaskNotYours(string TaskId) : IGroundTruthReply;

/// <summary>The task exists for this labeler but is no longer open (answered, declined, expired or withdrawn).</summary>
public sealed record WorkerTaskClosed(string TaskId, string State) : IGroundTruthReply;

// ---- The portal's admin view ----

/// <summary>Every labeler's work so far, as the service's state records it.</summary>
public sealed record GetLabelerStats : IGroundTruthCommand;

/// <summary>One labeler's work: tasks by outcome, answers in the hour before the report, the median seconds an answer
/// took (from the labeler's previous answer or skip, or from when the task was offered if later), and the mean
/// agreement with the consolidated answer over <see cref="AgreementObjects"/> answered, consolidated data objects.</summary>
public sealed record LabelerStats(string Worker, int Open, int Answered, int Declined, int Expired, int AnsweredLastHour,
    double? MedianSecondsPerTask, double? MeanAgreement, int AgreementObjects);

public sealed record LabelerStatsReport(DateTimeOffset At, IReadOnlyList<LabelerStats> Labelers) : IGroundTruthReply;

// ---- Events ----

/// <summary>A data object of a job: its line of the input manifest, or why it failed on arrival.</summary>
public sealed record GroundTruthDataObject(int Index, string? SourceRef, string Line, string? FailureReason);

/// <summary>A task: one data object offered to one labeler until <see cref="ExpiresAt"/>.</summary>
public sealed record GroundTruthTask(string TaskId, int DataObjectIndex, string Worker, DateTimeOffset ExpiresAt);

public sealed record GroundTruthJobCreated(string JobName, string JobArn, CreateLabelingJobRequest Request, DateTimeOffset At) : IGroundTruthEvent;

public sealed record GroundTruthJobInitialized(string JobName, IReadOnlyList<string> Categories, IReadOnlyList<GroundTruthDataObject> Objects,
    IReadOnlyList<GroundTruthTask> Tasks, DateTimeOffset At) : IGroundTruthEvent;

public sealed record GroundTruthJobFailed(string JobName, string Reason, DateTimeOffset At) : IGroundTruthEvent;

public sealed record GroundTruthTaskAnswered(string JobName, string TaskId, WorkerAnswer Answer, DateTimeOffset At) : IGroundTruthEvent;

public sealed record GroundTruthTaskDeclined(string JobName, string TaskId, DateTimeOffset At) : IGroundTruthEvent;

public sealed record GroundTruthTasksExpired(string JobName, IReadOnlyList<string> TaskIds, DateTimeOffset At) : IGroundTruthEvent;

public sealed record GroundTruthStopRequested(string JobName, DateTimeOffset At) : IGroundTruthEvent;

/// <summary>The output is written; the job is <c>Completed</c> or <c>Stopped</c>.</summary>
public sealed record GroundTruthJobFinished(string JobName, LabelingJobStatus Status, string OutputDatasetS3Uri, DateTimeOffset At) : IGroundTruthEvent;
