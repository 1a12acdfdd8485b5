using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Consolidation;
using EdgeLabel.GroundTruth.Embedded;

namespace EdgeLabel.Actors.GroundTruth;

/// <summary>Where a task stands.</summary>
public enum TaskState { Open, Answered, Declined, Expired, Withdrawn }

/// <summary>A task and what became of it.</summary>
public sealed class TaskRecord(GroundTruthTask task)
{
    public GroundTruthTask Task { get; } = task;
    public string TaskId => Task.TaskId;
    public string Worker => Task.Worker;
    public TaskState State { get; set; } = TaskState.Open;
    public WorkerAnswer? Answer { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

/// <summary>A data object of a job: its tasks and, once every task is closed, its consolidated label or its failure.</summary>
public sealed class DataObjectRecord(GroundTruthDataObject source)
{
    public GroundTruthDataObject Source { get; } = source;
    public int Index => Source.Index;
    public List<TaskRecord> Tasks { get; } = [];
    public bool Done { get; set; }
    public DateTimeOffset DoneAt { get; set; }
    public IReadOnlyList<ConsolidatedBox>? Consolidated { get; set; }
    public string? FailureReason { get; set; }
    public bool Labeled => Done && Consolidated is not null;
    public bool Failed => Done && Consolidated is null;
}

/// <summary>One labeling job of the embedded service.</summary>
public sealed class JobRecord(GroundTruthJobCreated created)
{
    public string Name => Created.JobName;
    public GroundTruthJobCreated Created { get; } = created;
    public CreateLabelingJobRequest Request => Created.Request;
    public LabelingJobStatus Status { get; set; } = LabelingJobStatus.Initializing;
    public DateTimeOffset LastModified { get; set; } = created.At;
    public string? FailureReason { get; set; }
    public string? OutputUri { get; set; }
    public IReadOnlyList<string> Categories { get; set; } = [];
    public List<DataObjectRecord> Objects { get; } = [];
    public bool Initialized { get; set; }
    /// <summary>A stopping condition (MaxHumanLabeledObjectCount, MaxPercentageOfInputDatasetLabeled) was met.</summary>
    public bool StoppingConditionMet { get; set; }

    public bool IsFinished => Status is LabelingJobStatus.Completed or LabelingJobStatus.Stopped or LabelingJobStatus.Failed;

    /// <summary>True when the output should be written and the job finished: stopped by request or by a stopping
    /// condition, or every data object is done.</summary>
    public bool NeedsOutput =>
        Status == LabelingJobStatus.Stopping ||
        (Status == LabelingJobStatus.InProgress && (StoppingConditionMet || Objects.All(o => o.Done)));

    /// <summary>The status the job ends in once its output is written.</summary>
    public LabelingJobStatus FinalStatus => Status == LabelingJobStatus.Stopping || StoppingConditionMet
        ? LabelingJobStatus.Stopped
        : LabelingJobStatus.Completed;

    public LabelCounters Counters()
    {
        var human = Objects.Count(o => o.Labeled);
        var failed = Objects.Count(o => o.Failed);
        return new LabelCounters
        {
            TotalLabeled = human,
            HumanLabeled = human,
            MachineLabeled = 0,
            FailedNonRetryableError = failed,
            Unlabeled = Objects.Count - human - failed,
        };
    }
}

/// <summary>The embedded Ground Truth service's state: every job with its data objects and tasks, changed only by
/// <see cref="Apply"/> (so recovery replays exactly what happened), plus the queries the actor answers from it.</summary>
public sealed class GroundTruthState
{
    private readonly Dictionary<string, JobRecord> _jobs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (JobRecord Job, DataObjectRecord Object, TaskRecord Task)> _tasks = new(StringComparer.Ordinal);

    public IEnumerable<JobRecord> Jobs => _jobs.Values;

    /// <summary>Jobs that still hold resources (Initializing, InProgress, Stopping).</summary>
    public int ActiveJobs => _jobs.Values.Count(j => !j.IsFinished);

    /// <summary>The job of this name, compared case-insensitively as SageMaker does.</summary>
    public JobRecord? Find(string name) => _jobs.GetValueOrDefault(name);

    public (JobRecord Job, DataObjectRecord Object, TaskRecord Task)? FindTask(string taskId) =>
        _tasks.TryGetValue(taskId, out var t) ? t : null;

    public void Apply(IGroundTruthEvent e)
    {
        switch (e)
        {
            case GroundTruthJobCreated created:
                _jobs[created.JobName] = new JobRecord(created);
                return;
        }
        var job = _jobs[e.JobName];
        job.LastModified = At(e);
        switch (e)
        {
            case GroundTruthJobInitialized init:
                job.Initialized = true;
                job.Categories = init.Categories;
                foreach (var source in init.Objects)
                {
                    var o = new DataObjectRecord(source);
                    if (source.FailureReason is { } reason)
                    {
                        o.Done = true;
                        o.DoneAt = init.At;
                        o.FailureReason = reason;
                    }
                    job.Objects.Add(o);
                }
                foreach (var task in init.Tasks)
                {
                    var o = job.Objects[task.DataObjectIndex];
                    var record = new TaskRecord(task);
                    o.Tasks.Add(record);
                    _tasks[task.TaskId] = (job, o, record);
                }
                if (job.Status == LabelingJobStatus.Initializing) job.Status = LabelingJobStatus.InProgress;
                else Withdraw(job, init.At); // stopped while initializing: nothing is offered
                return;
            case GroundTruthJobFailed failed:
                job.Status = LabelingJobStatus.Failed;
                job.FailureReason = failed.Reason;
                Withdraw(job, failed.At);
                return;
            case GroundTruthTaskAnswered answered:
                Close(answered.TaskId, TaskState.Answered, answered.At, answered.Answer);
                return;
            case GroundTruthTaskDeclined declined:
                Close(declined.TaskId, TaskState.Declined, declined.At, null);
                return;
            case GroundTruthTasksExpired expired:
                foreach (var id in expired.TaskIds) Close(id, TaskState.Expired, expired.At, null);
                return;
            case GroundTruthStopRequested stop:
                job.Status = LabelingJobStatus.Stopping;
                Withdraw(job, stop.At);
                return;
            case GroundTruthJobFinished finished:
                job.Status = finished.Status;
                job.OutputUri = finished.OutputDatasetS3Uri;
                Withdraw(job, finished.At);
                return;
        }
    }

    private static DateTimeOffset At(IGroundTruthEvent e) => e switch
    {
        GroundTruthJobCreated x => x.At,
        GroundTruthJobInitialized x => x.At,
        GroundTruthJobFailed x => x.At,
        GroundTruthTaskAnswered x => x.At,
        GroundTruthTaskDeclined x => x.At,
        GroundTruthTasksExpired x => x.At,
        GroundTruthStopRequested x => x.At,
        GroundTruthJobFinished x => x.At,
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name),
    };

    private void Close(string taskId, TaskState state, DateTimeOffset at, WorkerAnswer? answer)
    {
        if (!_tasks.TryGetValue(taskId, out var t) || t.Task.State != TaskState.Open) return;
        t.Task.State = state;
        t.Task.Answer = answer;
        t.Task.ClosedAt = at;
        var (job, o, _) = t;
        if (o.Done || o.Tasks.Any(x => x.State == TaskState.Open)) return;

        o.Done = true;
        o.DoneAt = at;
        var answers = o.Tasks.Where(x => x.State == TaskState.Answered).ToArray();
        if (answers.Length == 0)
        {
            o.FailureReason = "ClientError: no labeler answered this data object (its tasks were declined or expired)";
            return;
        }
        var boxes = answers.SelectMany(x => x.Answer!.Boxes.Select(b =>
            new WorkerBox(x.Worker, IndexOf(job.Categories, b.Label), b.Left, b.Top, b.Width, b.Height))).ToArray();
        o.Consolidated = BoundingBoxConsolidation.Consolidate(boxes, answers.Length);

        var stop = job.Request.StoppingConditions;
        var labeled = job.Objects.Count(x => x.Labeled);
        if ((stop?.MaxHumanLabeledObjectCount is { } max && labeled >= max) ||
            (stop?.MaxPercentageOfInputDatasetLabeled is { } percent && labeled * 100 >= percent * job.Objects.Count))
        {
            job.StoppingConditionMet = true;
            Withdraw(job, at);
        }
    }

    internal static int IndexOf(IReadOnlyList<string> categories, string label)
    {
        for (var i = 0; i < categories.Count; i++)
            if (categories[i] == label) return i;
        return -1; // answers are validated against the categories before they are persisted
    }

    /// <summary>Open tasks are taken back; their data objects stay unlabeled.</summary>
    private static void Withdraw(JobRecord job, DateTimeOffset at)
    {
        foreach (var o in job.Objects)
        foreach (var t in o.Tasks.Where(t => t.State == TaskState.Open))
        {
            t.State = TaskState.Withdrawn;
            t.ClosedAt = at;
        }
    }

    // ---- queries ----

    /// <summary>Open tasks whose availability ran out at <paramref name="now"/>, grouped by job.</summary>
    public IReadOnlyList<(string JobName, IReadOnlyList<string> TaskIds)> ExpiredTasks(DateTimeOffset now) =>
        _jobs.Values.Where(j => j.Status == LabelingJobStatus.InProgress)
            .Select(j => (j.Name, (IReadOnlyList<string>)j.Objects.SelectMany(o => o.Tasks)
                .Where(t => t.State == TaskState.Open && t.Task.ExpiresAt <= now).Select(t => t.TaskId).ToArray()))
            .Where(x => x.Item2.Count > 0)
            .ToArray();

    /// <summary>The labeler's open tasks of running jobs, oldest job first.</summary>
    public IReadOnlyList<WorkerTaskSummary> OpenTasksOf(string worker, DateTimeOffset now) =>
        _jobs.Values.Where(j => j.Status == LabelingJobStatus.InProgress)
            .OrderBy(j => j.Created.At)
            .SelectMany(j => j.Objects.SelectMany(o => o.Tasks)
                .Where(t => t.Worker == worker && t.State == TaskState.Open && t.Task.ExpiresAt > now)
                .Select(t => new WorkerTaskSummary(t.TaskId, j.Name, j.Request.HumanTaskConfig.TaskTitle, t.Task.DataObjectIndex, t.Task.ExpiresAt)))
            .ToArray();

    public DescribeLabelingJobResponse Describe(JobRecord job) => new()
    {
        LabelingJobStatus = job.Status,
        LabelCounters = job.Counters(),
        FailureReason = job.FailureReason,
        CreationTime = job.Created.At,
        LastModifiedTime = job.LastModified,
        JobReferenceCode = JobReferenceCode(job),
        LabelingJobName = job.Name,
        LabelingJobArn = job.Created.JobArn,
        LabelAttributeName = job.Request.LabelAttributeName,
        InputConfig = job.Request.InputConfig,
        OutputConfig = job.Request.OutputConfig,
        RoleArn = job.Request.RoleArn,
        LabelCategoryConfigS3Uri = job.Request.LabelCategoryConfigS3Uri,
        StoppingConditions = job.Request.StoppingConditions,
        HumanTaskConfig = job.Request.HumanTaskConfig,
        Tags = job.Request.Tags,
        LabelingJobOutput = job.OutputUri is { } uri ? new LabelingJobOutput { OutputDatasetS3Uri = uri } : null,
    };

    private static string JobReferenceCode(JobRecord job) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(job.Created.JobArn)))[..16];

    public ListLabelingJobsResponse List(ListLabelingJobsRequest request)
    {
        IEnumerable<JobRecord> jobs = _jobs.Values;
        if (request.CreationTimeAfter is { } ca) jobs = jobs.Where(j => j.Created.At > ca);
        if (request.CreationTimeBefore is { } cb) jobs = jobs.Where(j => j.Created.At < cb);
        if (request.LastModifiedTimeAfter is { } ma) jobs = jobs.Where(j => j.LastModified > ma);
        if (request.LastModifiedTimeBefore is { } mb) jobs = jobs.Where(j => j.LastModified < mb);
        if (!string.IsNullOrEmpty(request.NameContains)) jobs = jobs.Where(j => j.Name.Contains(request.NameContains, StringComparison.OrdinalIgnoreCase));
        if (request.StatusEquals is { } status) jobs = jobs.Where(j => j.Status == status);
        var ordered = (request.SortBy ?? LabelingJobSortBy.CreationTime) switch
        {
            LabelingJobSortBy.Name => jobs.OrderBy(j => j.Name, StringComparer.OrdinalIgnoreCase),
            LabelingJobSortBy.Status => jobs.OrderBy(j => j.Status.ToString(), StringComparer.Ordinal).ThenBy(j => j.Created.At),
            _ => jobs.OrderBy(j => j.Created.At).ThenBy(j => j.Name, StringComparer.OrdinalIgnoreCase),
        };
        var all = (request.SortOrder == SortOrder.Descending ? ordered.Reverse() : ordered).ToArray();
        var skip = ParseToken(request.NextToken);
        var take = request.MaxResults ?? 10;
        var page = all.Skip(skip).Take(take).Select(j => new LabelingJobSummary
        {
            LabelingJobName = j.Name,
            LabelingJobArn = j.Created.JobArn,
            CreationTime = j.Created.At,
            LastModifiedTime = j.LastModified,
            LabelingJobStatus = j.Status,
            LabelCounters = j.Counters(),
            WorkteamArn = j.Request.HumanTaskConfig.WorkteamArn,
            PreHumanTaskLambdaArn = j.Request.HumanTaskConfig.PreHumanTaskLambdaArn,
            AnnotationConsolidationLambdaArn = j.Request.HumanTaskConfig.AnnotationConsolidationConfig?.AnnotationConsolidationLambdaArn,
            FailureReason = j.FailureReason,
            LabelingJobOutput = j.OutputUri is { } uri ? new LabelingJobOutput { OutputDatasetS3Uri = uri } : null,
            InputConfig = j.Request.InputConfig,
        }).ToArray();
        return new ListLabelingJobsResponse
        {
            LabelingJobSummaryList = page,
            NextToken = skip + take < all.Length ? Convert.ToBase64String(BitConverter.GetBytes(skip + take)) : null,
        };
    }

    /// <summary>Tokens are opaque to clients; an unreadable one is a validation error for the caller to report.</summary>
    public static bool IsValidToken(string? token) => token is null || TryParseToken(token, out _);

    private static int ParseToken(string? token) => token is not null && TryParseToken(token, out var skip) ? skip : 0;

    private static bool TryParseToken(string token, out int skip)
    {
        skip = 0;
        var bytes = new byte[4];
        if (!Convert.TryFromBase64String(token, bytes, out var n) || n != 4) return false;
        skip = BitConverter.ToInt32(bytes);
        return skip >= 0;
    }
}
