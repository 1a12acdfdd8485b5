using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Embedded;
using EdgeLabel.Storage;

namespace EdgeLabel.Actors.GroundTruth;

/// <summary>The embedded Ground Truth service: SageMaker labeling jobs served to a private workforce, event-sourced
/// (one persistence id for all jobs; a cluster singleton on the cloud role, so one writer). It reads each job's input
/// manifest and label categories from the object store, offers every data object to
/// NumberOfHumanWorkersPerDataObject different labelers, expires unanswered tasks, consolidates the answers
/// (<see cref="EdgeLabel.GroundTruth.Consolidation.BoundingBoxConsolidation"/>) and writes the output as Ground Truth
/// does. Store I/O runs off the actor and comes back as messages; work left half-done by a crash (loading inputs,
/// writing output) is picked up again after recovery, and written output is keyed deterministically.</summary>
public sealed class EmbeddedGroundTruth : ReceivePersistentActor, IWithTimers
{
    public const string Name = "embedded-ground-truth";

    /// <summary>Ground Truth's default task availability for private workforces: 10 days.</summary>
    public const int DefaultTaskAvailabilitySeconds = 864_000;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly GroundTruthSettings _settings;
    private readonly IObjectStore _store;
    private readonly TimeProvider _clock;
    private readonly GroundTruthState _state = new();
    private readonly HashSet<string> _loading = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _writing = new(StringComparer.OrdinalIgnoreCase);

    public EmbeddedGroundTruth(GroundTruthSettings settings, IObjectStore store, TimeProvider clock)
    {
        _settings = settings;
        _store = store;
        _clock = clock;

        Recover<IGroundTruthEvent>(_state.Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            _log.Info("Embedded Ground Truth recovered: {0} job(s), {1} active; workforce {2}",
                _state.Jobs.Count(), _state.ActiveJobs, string.Join(",", settings.Workers));
            Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, settings.TaskCheckInterval);
            foreach (var job in _state.Jobs.ToArray()) Drive(job);
        });

        Command<CreateLabelingJob>(Create);
        Command<DescribeLabelingJob>(d => Sender.Tell(_state.Find(d.LabelingJobName) is { } job
            ? new LabelingJobDescribed(_state.Describe(job))
            : NotFound(d.LabelingJobName)));
        Command<ListLabelingJobs>(List);
        Command<StopLabelingJob>(Stop);

        Command<ListWorkerTasks>(l => Sender.Tell(new WorkerTaskList(l.Worker, _state.OpenTasksOf(l.Worker, _clock.GetUtcNow()))));
        Command<GetWorkerTask>(GetTask);
        Command<SubmitTaskAnswer>(Submit);
        Command<DeclineWorkerTask>(Decline);
        Command<GetLabelerStats>(_ => Sender.Tell(new LabelerStatsReport(Now, LabelerStatistics.Of(_state.Jobs, _settings.Workers, Now))));

        Command<Tick>(_ => OnTick());
        Command<InputsLoaded>(OnInputsLoaded);
        Command<OutputWritten>(OnOutputWritten);
        Command<OutputFailed>(f =>
        {
            _writing.Remove(f.JobName);
            _log.Warning("Writing the output of labeling job {0} failed, retrying: {1}", f.JobName, f.Reason);
        });
    }

    public override string PersistenceId => Name;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(GroundTruthSettings settings, IObjectStore store, TimeProvider? clock = null) =>
        Akka.Actor.Props.Create(() => new EmbeddedGroundTruth(settings, store, clock ?? TimeProvider.System));

    private DateTimeOffset Now => _clock.GetUtcNow();

    // ---- SageMaker operations ----

    private void Create(CreateLabelingJob command)
    {
        var request = command.Request;
        if (Problem(request) is { } problem)
        {
            Sender.Tell(SageMakerError.Validation(problem));
            return;
        }
        if (_state.Find(request.LabelingJobName) is { } existing)
        {
            Sender.Tell(SageMakerError.InUse(
                $"Job name must be unique within an AWS account and region, and a job with this name already exists ({existing.Created.JobArn})"));
            return;
        }
        if (_state.ActiveJobs >= _settings.MaxActiveJobs)
        {
            Sender.Tell(SageMakerError.LimitExceeded(
                $"The account-level service limit 'Number of active labeling jobs' is {_settings.MaxActiveJobs}, with current utilization of {_state.ActiveJobs}"));
            return;
        }
        var replyTo = Sender;
        var arn = _settings.JobArn(request.LabelingJobName);
        Persist(new GroundTruthJobCreated(request.LabelingJobName, arn, request, Now), e =>
        {
            _state.Apply(e);
            _log.Info("Labeling job {0} created ({1})", e.JobName, arn);
            replyTo.Tell(new LabelingJobCreated(new CreateLabelingJobResponse { LabelingJobArn = arn }));
            Drive(_state.Find(e.JobName)!);
        });
    }

    private string? Problem(CreateLabelingJobRequest request)
    {
        var problems = LabelingJobValidation.Problems(request).ToList();
        if (problems.Count > 0) return string.Join("; ", problems);
        if (string.IsNullOrEmpty(request.LabelCategoryConfigS3Uri))
            return "LabelCategoryConfigS3Uri is required for bounding box labeling jobs";
        if (!ObjectUri.TryParse(request.LabelCategoryConfigS3Uri, out _))
            return $"LabelCategoryConfigS3Uri '{request.LabelCategoryConfigS3Uri}' is not a valid S3 URI";
        if (!ObjectUri.TryParse(request.InputConfig.DataSource.S3DataSource.ManifestS3Uri, out _))
            return $"ManifestS3Uri '{request.InputConfig.DataSource.S3DataSource.ManifestS3Uri}' is not a valid S3 URI";
        if (!ObjectUri.TryParse(GroundTruthOutput.OutputManifestUri(request.OutputConfig.S3OutputPath, request.LabelingJobName), out _))
            return $"S3OutputPath '{request.OutputConfig.S3OutputPath}' is not a valid S3 URI";
        var workers = request.HumanTaskConfig.NumberOfHumanWorkersPerDataObject;
        if (workers > _settings.Workers.Count)
            return $"HumanTaskConfig.NumberOfHumanWorkersPerDataObject {workers} exceeds the private workforce's {_settings.Workers.Count} workers";
        return null;
    }

    private void List(ListLabelingJobs command)
    {
        var request = command.Request;
        if (request.MaxResults is < 1 or > 100)
            Sender.Tell(SageMakerError.Validation($"MaxResults {request.MaxResults} must be 1-100"));
        else if (!GroundTruthState.IsValidToken(request.NextToken))
            Sender.Tell(SageMakerError.Validation("NextToken is invalid"));
        else
            Sender.Tell(new LabelingJobsListed(_state.List(request)));
    }

    private void Stop(StopLabelingJob command)
    {
        if (_state.Find(command.LabelingJobName) is not { } job)
        {
            Sender.Tell(NotFound(command.LabelingJobName));
            return;
        }
        var replyTo = Sender;
        if (job.Status is not (LabelingJobStatus.Initializing or LabelingJobStatus.InProgress))
        {
            replyTo.Tell(new LabelingJobStopAccepted(job.Name)); // stopping or finished already: nothing to do
            return;
        }
        Persist(new GroundTruthStopRequested(job.Name, Now), e =>
        {
            _state.Apply(e);
            _log.Info("Labeling job {0} stopping on request", e.JobName);
            replyTo.Tell(new LabelingJobStopAccepted(e.JobName));
            Drive(job);
        });
    }

    private static SageMakerError NotFound(string name) => SageMakerError.NotFound($"Could not find requested job with name {name}");

    // ---- task operations ----

    /// <summary>The labeler's open task, or the answer that explains why there is none.</summary>
    private (JobRecord Job, DataObjectRecord Object, TaskRecord Task)? OpenTask(string worker, string taskId, out IGroundTruthReply? refusal)
    {
        refusal = null;
        if (_state.FindTask(taskId) is not { } found)
        {
            refusal = new WorkerTaskNotFound(taskId);
            return null;
        }
        if (found.Task.Worker != worker)
        {
            refusal = new WorkerTaskNotYours(taskId);
            return null;
        }
        if (found.Task.State != TaskState.Open || found.Job.Status != LabelingJobStatus.InProgress)
        {
            refusal = new WorkerTaskClosed(taskId, found.Task.State.ToString().ToLowerInvariant());
            return null;
        }
        if (found.Task.Task.ExpiresAt <= Now)
        {
            refusal = new WorkerTaskClosed(taskId, "expired");
            return null;
        }
        return found;
    }

    private void GetTask(GetWorkerTask query)
    {
        if (OpenTask(query.Worker, query.TaskId, out var refusal) is not { } t)
        {
            Sender.Tell(refusal!);
            return;
        }
        var config = t.Job.Request.HumanTaskConfig;
        Sender.Tell(new WorkerTaskDetail(t.Task.TaskId, t.Job.Name, config.TaskTitle, config.TaskDescription, t.Object.Index,
            t.Object.Source.SourceRef!, t.Job.Categories, InputManifest.ExtraKeys(t.Object.Source.Line), t.Task.Task.ExpiresAt,
            config.TaskTimeLimitInSeconds));
    }

    private void Submit(SubmitTaskAnswer command)
    {
        if (OpenTask(command.Worker, command.TaskId, out var refusal) is not { } t)
        {
            Sender.Tell(refusal!);
            return;
        }
        var size = command is { ImageWidth: { } w, ImageHeight: { } h } ? (w, h) : ((int, int)?)null;
        if (command.Answer.Problem(t.Job.Categories, size) is { } problem)
        {
            Sender.Tell(new WorkerTaskRejected(command.TaskId, problem));
            return;
        }
        var replyTo = Sender;
        Persist(new GroundTruthTaskAnswered(t.Job.Name, command.TaskId, command.Answer, Now), e =>
        {
            _state.Apply(e);
            replyTo.Tell(new WorkerTaskAccepted(e.TaskId));
            Drive(t.Job);
        });
    }

    private void Decline(DeclineWorkerTask command)
    {
        if (OpenTask(command.Worker, command.TaskId, out var refusal) is not { } t)
        {
            Sender.Tell(refusal!);
            return;
        }
        var replyTo = Sender;
        Persist(new GroundTruthTaskDeclined(t.Job.Name, command.TaskId, Now), e =>
        {
            _state.Apply(e);
            replyTo.Tell(new WorkerTaskAccepted(e.TaskId));
            Drive(t.Job);
        });
    }

    private void OnTick()
    {
        foreach (var (jobName, taskIds) in _state.ExpiredTasks(Now))
            Persist(new GroundTruthTasksExpired(jobName, taskIds, Now), e =>
            {
                _state.Apply(e);
                _log.Info("Labeling job {0}: {1} task(s) expired unanswered", e.JobName, e.TaskIds.Count);
                Drive(_state.Find(e.JobName)!);
            });
        // Retries what a transient store failure interrupted.
        foreach (var job in _state.Jobs.ToArray()) Drive(job);
    }

    // ---- the job's own progress: inputs in, output out ----

    private void Drive(JobRecord job)
    {
        if (job.Status == LabelingJobStatus.Initializing && _loading.Add(job.Name))
            LoadInputsAsync(job.Name, job.Request).PipeTo(Self,
                failure: e => new InputsLoaded(job.Name, null, null, $"{e.GetType().Name}: {e.Message}", Transient: true));
        else if (job.NeedsOutput && _writing.Add(job.Name))
            WriteOutputAsync(job, Now).PipeTo(Self, failure: e => new OutputFailed(job.Name, e.Message));
    }

    private async Task<InputsLoaded> LoadInputsAsync(string jobName, CreateLabelingJobRequest request)
    {
        var configUri = request.LabelCategoryConfigS3Uri!;
        var manifestUri = request.InputConfig.DataSource.S3DataSource.ManifestS3Uri;
        try
        {
            var config = await ReadAsync(ObjectUri.Parse(configUri)).ConfigureAwait(false);
            if (!LabelCategoryConfig.TryParse(config, out var categories, out var problem))
                return InputsLoaded.Failure(jobName, $"ClientError: {configUri}: {problem}");
            var manifest = await ReadAsync(ObjectUri.Parse(manifestUri)).ConfigureAwait(false);
            var entries = InputManifest.Parse(manifest, SourceRefProblem);
            if (entries.Count > _settings.MaxObjectsPerJob)
                return InputsLoaded.Failure(jobName, $"ClientError: the input manifest has {entries.Count} data objects; at most {_settings.MaxObjectsPerJob} are allowed");
            if (entries.All(e => !e.IsValid))
                return InputsLoaded.Failure(jobName, $"ClientError: the input manifest {manifestUri} has no valid data objects" +
                    (entries.Count > 0 ? $" (line 1: {entries[0].Problem})" : ""));
            return new InputsLoaded(jobName, categories, entries, null, false);
        }
        catch (ObjectStoreException e) when (e.IsTransient)
        {
            return new InputsLoaded(jobName, null, null, $"{e.Code}: {e.Message}", true);
        }
        catch (Exception e) when (e is ObjectStoreException or IOException or FormatException or ArgumentException)
        {
            return InputsLoaded.Failure(jobName, $"ClientError: could not read the job's inputs: {e.Message}");
        }
    }

    private static string? SourceRefProblem(string sourceRef) =>
        ObjectUri.TryParse(sourceRef, out _) ? null : $"source-ref '{(sourceRef.Length > 100 ? sourceRef[..100] + "…" : sourceRef)}' is not a valid S3 URI";

    private async Task<byte[]> ReadAsync(ObjectUri uri)
    {
        await using var stream = await _store.GetAsync(uri).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private void OnInputsLoaded(InputsLoaded loaded)
    {
        _loading.Remove(loaded.JobName);
        if (_state.Find(loaded.JobName) is not { Status: LabelingJobStatus.Initializing } job)
        {
            if (_state.Find(loaded.JobName) is { } other) Drive(other); // stopped meanwhile: finish the stop
            return;
        }
        if (loaded.Transient)
        {
            _log.Warning("Labeling job {0}: the object store is unavailable ({1}); retrying", job.Name, loaded.Problem);
            return; // the next tick drives it again
        }
        if (loaded.Problem is { } reason)
        {
            Persist(new GroundTruthJobFailed(job.Name, reason, Now), e =>
            {
                _state.Apply(e);
                _log.Warning("Labeling job {0} failed: {1}", e.JobName, e.Reason);
            });
            return;
        }

        var now = Now;
        var lifetime = TimeSpan.FromSeconds(job.Request.HumanTaskConfig.TaskAvailabilityLifetimeInSeconds ?? DefaultTaskAvailabilitySeconds);
        var perObject = job.Request.HumanTaskConfig.NumberOfHumanWorkersPerDataObject;
        var workers = _settings.Workers;
        // A different starting labeler per job spreads the load of many small jobs over the whole workforce.
        var offset = (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(job.Created.JobArn))) % (uint)workers.Count);
        var objects = loaded.Entries!.Select(e => new GroundTruthDataObject(e.Index, e.SourceRef, e.Line, e.Problem)).ToArray();
        var tasks = new List<GroundTruthTask>();
        foreach (var o in objects.Where(o => o.FailureReason is null))
            for (var k = 0; k < perObject; k++)
                tasks.Add(new GroundTruthTask(TaskId(job.Created.JobArn, o.Index, k), o.Index,
                    workers[(offset + o.Index * perObject + k) % workers.Count], now + lifetime));
        Persist(new GroundTruthJobInitialized(job.Name, loaded.Categories!, objects, tasks, now), e =>
        {
            _state.Apply(e);
            _log.Info("Labeling job {0} in progress: {1} data object(s) ({2} malformed), {3} task(s) for {4} labeler(s)",
                e.JobName, e.Objects.Count, e.Objects.Count(o => o.FailureReason is not null), e.Tasks.Count, workers.Count);
            Drive(job);
        });
    }

    /// <summary>Opaque and deterministic: the same job, object and slot always have the same task id.</summary>
    private static string TaskId(string jobArn, int index, int slot) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{jobArn}/{index}/{slot}")))[..24];

    private Task<OutputWritten> WriteOutputAsync(JobRecord job, DateTimeOffset finishedAt)
    {
        // Copied on the actor's thread (the records are mutable); built and written on the pool.
        var request = job.Request;
        var status = job.FinalStatus;
        var outputJob = new OutputJob(job.Name, request.LabelAttributeName, job.Categories, finishedAt);
        var objects = job.Objects.Where(o => o.Done).Select(o => new OutputObject(
            o.Index, o.Source.Line,
            o.Tasks.Where(t => t.State == TaskState.Answered)
                .Select(t => new OutputAnswer(t.Worker, t.Answer!, t.Task.ExpiresAt - ExpiryOf(request), t.ClosedAt ?? o.DoneAt)).ToArray(),
            o.Consolidated,
            o.Tasks.FirstOrDefault(t => t.Answer is not null)?.Answer?.ImageWidth,
            o.Tasks.FirstOrDefault(t => t.Answer is not null)?.Answer?.ImageHeight,
            o.FailureReason, o.DoneAt)).ToArray();
        var prefix = GroundTruthOutput.JobPrefix(request.OutputConfig.S3OutputPath, job.Name);
        var store = _store;
        return Task.Run(async () =>
        {
            foreach (var file in GroundTruthOutput.Files(outputJob, objects))
                await store.PutAsync(ObjectUri.Parse(prefix + file.RelativeKey), file.Content, file.ContentType).ConfigureAwait(false);
            return new OutputWritten(job.Name, status, prefix + GroundTruthOutput.OutputManifestKey, finishedAt);
        });
    }

    private static TimeSpan ExpiryOf(CreateLabelingJobRequest request) =>
        TimeSpan.FromSeconds(request.HumanTaskConfig.TaskAvailabilityLifetimeInSeconds ?? DefaultTaskAvailabilitySeconds);

    private void OnOutputWritten(OutputWritten written)
    {
        _writing.Remove(written.JobName);
        if (_state.Find(written.JobName) is not { } job || job.IsFinished) return;
        Persist(new GroundTruthJobFinished(job.Name, job.FinalStatus, written.OutputUri, Now), e =>
        {
            _state.Apply(e);
            var c = job.Counters();
            _log.Info("Labeling job {0} {1}: {2} labeled, {3} failed, {4} unlabeled; output {5}",
                e.JobName, e.Status, c.HumanLabeled, c.FailedNonRetryableError, c.Unlabeled, e.OutputDatasetS3Uri);
        });
    }

    // ---- private messages ----

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record InputsLoaded(string JobName, IReadOnlyList<string>? Categories, IReadOnlyList<ManifestEntry>? Entries, string? Problem, bool Transient)
    {
        public static InputsLoaded Failure(string jobName, string reason) => new(jobName, null, null, reason, false);
    }

    private sealed record OutputWritten(string JobName, LabelingJobStatus Status, string OutputUri, DateTimeOffset At);

    private sealed record OutputFailed(string JobName, string Reason);
}
