using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using EdgeLabel.Actors.Datasets;
using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Embedded;
using EdgeLabel.GroundTruth.Client;
using EdgeLabel.Storage;

namespace EdgeLabel.Actors.Labeling;

/// <summary>Owns one labeling job from batch to merged labels: a sharded, event-sourced entity (entity id = job name).
/// It writes the input manifest and label categories, creates the job only after describing it by name (the API has no
/// client token: <c>ResourceNotFound</c> → create, <c>ResourceInUse</c> on create → it exists), polls with exponential
/// backoff, stops it on request or when the watchdog sees no progress for too long, reads the output manifest once the
/// job ended, has the dataset merge the human labels, and tells the coordinator what is still unlabeled. Every step is
/// persisted once done, so a restart resumes at the step that was under way; I/O runs off the actor and is piped back.
/// Delays run on the injected <see cref="TimeProvider"/>, so specs drive them with a manual clock.</summary>
public sealed class LabelingJob : ReceivePersistentActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _name;
    private readonly LabelingSettings _settings;
    private readonly ILabelingJobClient _client;
    private readonly IObjectStore _store;
    private readonly TimeProvider _clock;
    private readonly IActorRef _datasets;
    private readonly IActorRef _coordinators;
    private readonly LabelingJobState _state = new();

    private ITimer? _timer;
    private int _timerGeneration;
    private bool _busy;
    private bool _stopSent;
    private TimeSpan _pollDelay;
    private int _polls;
    private string? _lastError;
    private MergeHumanLabels? _merge;

    public LabelingJob(string name, LabelingSettings settings, ILabelingJobClient client, IObjectStore store, TimeProvider clock,
        IActorRef datasets, IActorRef coordinators)
    {
        _name = name;
        _settings = settings;
        _client = client;
        _store = store;
        _clock = clock;
        _datasets = datasets;
        _coordinators = coordinators;
        _pollDelay = settings.PollInitial;
        PersistenceId = PersistenceIdFor(name);

        Recover<IEdgeLabelMessage>(_state.Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            if (_state.Phase != LabelingJobPhase.New)
                _log.Info("Labeling job {0} recovered in phase {1} (attempt {2})", _name, _state.Phase, _state.Attempt);
            Drive();
        });

        Command<StartLabelingJob>(Start);
        Command<StopLabeling>(RequestStop);
        Command<GetLabelingJobStatus>(_ => Sender.Tell(Report()));
        Command<LabelingJobFinishedAck>(_ =>
        {
            if (_state.Phase == LabelingJobPhase.Merged) Persist(new LabelingJobReported(_name, Now), Applied);
        });
        Command<HumanLabelsMergeAcknowledged>(ack =>
        {
            if (_state.Phase != LabelingJobPhase.Ended || _merge is null || ack.JobName != _name) return;
            var labeled = _merge.Images.Select(i => i.ContentId).ToArray();
            _merge = null;
            Persist(new LabelingJobMerged(_name, labeled, Now), Applied);
        });

        Command<Wake>(w =>
        {
            if (w.Generation == _timerGeneration) Drive(woken: true);
        });
        Command<InputsStored>(_ => Step(() => Persist(new LabelingJobInputsWritten(_name,
            LabelingFiles.ManifestUri(_settings.OutputPrefix, _name), LabelingFiles.CategoriesUri(_settings.OutputPrefix, _name),
            LabelingFiles.OutputPath(_settings.OutputPrefix)), Applied)));
        Command<OnBackend>(found => Step(() => Persist(new LabelingJobSubmitted(_name, found.Arn, Now), e =>
        {
            _log.Info("Labeling job {0} is at the backend ({1})", _name, found.How);
            Applied(e);
        })));
        Command<NeverCreated>(_ => Step(() => Persist(new LabelingJobEnded(_name, LabelingJobStatus.Stopped, "stopped before it was created", Now), Applied)));
        Command<Described>(d => Step(() => OnDescribed(d.Response)));
        Command<OutputRead>(r => Step(() => Merge(r.Labels)));
        Command<StopSent>(_ => _log.Info("Labeling job {0}: stop accepted by the backend", _name));
        Command<StepFailed>(f =>
        {
            if (f.Stop)
            {
                _stopSent = false; // sent again with the next poll
                _log.Warning("Labeling job {0}: stopping failed ({1}); trying again", _name, f.Cause.Message);
                return;
            }
            _busy = false;
            _lastError = $"{f.What}: {f.Cause.GetType().Name}: {f.Cause.Message}";
            _log.Warning("Labeling job {0}: {1}; retrying in {2}", _name, _lastError, _settings.RetryAfter);
            Schedule(_settings.RetryAfter);
        });
    }

    public override string PersistenceId { get; }

    public static string PersistenceIdFor(string jobName) => $"labeling-job-{jobName}";

    public static Props Props(string name, LabelingSettings settings, ILabelingJobClient client, IObjectStore store, TimeProvider clock,
        IActorRef datasets, IActorRef coordinators) =>
        Akka.Actor.Props.Create(() => new LabelingJob(name, settings, client, store, clock, datasets, coordinators));

    private DateTimeOffset Now => _clock.GetUtcNow();

    protected override void PostStop()
    {
        _timer?.Dispose();
        base.PostStop();
    }

    private void Start(StartLabelingJob start)
    {
        if (_state.Phase != LabelingJobPhase.New)
        {
            Drive(); // told again after the coordinator's recovery: a wake-up, never a second batch
            return;
        }
        if (!string.Equals(start.JobName, _name, StringComparison.Ordinal) || start.Items.Count == 0)
        {
            _log.Warning("Labeling job {0} refused a start for '{1}' with {2} item(s)", _name, start.JobName, start.Items.Count);
            return;
        }
        Persist(new LabelingJobAccepted(_name, start.Project, start.Attempt, start.Categories, start.Items, Now), Applied);
    }

    private void RequestStop(StopLabeling stop)
    {
        if (_state.Phase >= LabelingJobPhase.Ended || _state.StopRequest is not null) return;
        Persist(new LabelingJobStopRequested(_name, stop.Reason, ByWatchdog: false, Now), Applied);
    }

    private void Applied(IEdgeLabelMessage e)
    {
        _state.Apply(e);
        Drive();
    }

    /// <summary>Runs a piped-back result's handler as the end of the step under way.</summary>
    private void Step(Action handle)
    {
        _busy = false;
        _lastError = null;
        handle();
    }

    /// <summary>Starts the next step of the current phase, unless one is under way (results come back as messages).</summary>
    private void Drive(bool woken = false)
    {
        if (_busy) return;
        var self = Self;
        switch (_state.Phase)
        {
            case LabelingJobPhase.Accepted:
                _busy = true;
                WriteInputsAsync(_state.Batch!).PipeTo(self, success: () => InputsStored.Instance,
                    failure: e => new StepFailed("writing the input files", e));
                break;
            case LabelingJobPhase.InputsWritten:
                _busy = true;
                DescribeOrCreateAsync(CreateRequest(), _state.StopRequest is not null).PipeTo(self,
                    failure: e => new StepFailed("creating the job", e));
                break;
            case LabelingJobPhase.Submitted:
                if (_state.StopRequest is not null && !_stopSent) SendStop();
                if (!woken)
                {
                    Schedule(_pollDelay); // the next describe, after the current backoff
                    return;
                }
                _busy = true;
                _polls++;
                _client.DescribeLabelingJobAsync(new DescribeLabelingJobRequest { LabelingJobName = _name })
                    .PipeTo(self, success: r => new Described(r), failure: e => new StepFailed("describing the job", e));
                break;
            case LabelingJobPhase.Ended:
                if (_merge is not null)
                {
                    _datasets.Tell(_merge); // again: the dataset's acknowledgement was not seen in time
                    Schedule(_settings.RetryAfter);
                    return;
                }
                _busy = true;
                ReadOutputAsync().PipeTo(self, success: labels => new OutputRead(labels), failure: e => new StepFailed("reading the output manifest", e));
                break;
            case LabelingJobPhase.Merged:
                var batch = _state.Batch!;
                _coordinators.Tell(new LabelingJobFinished(batch.Project, _name, _state.Outcome, _state.Labeled, _state.Unlabeled,
                    _state.FailureReason ?? _state.StopRequest?.Reason));
                Schedule(_settings.RetryAfter); // until acknowledged
                break;
        }
    }

    private void OnDescribed(DescribeLabelingJobResponse response)
    {
        var status = response.LabelingJobStatus;
        if (status is LabelingJobStatus.Completed or LabelingJobStatus.Failed or LabelingJobStatus.Stopped)
        {
            _log.Info("Labeling job {0} ended {1}{2}", _name, status, response.FailureReason is { } r ? $": {r}" : "");
            Persist(new LabelingJobEnded(_name, status, response.FailureReason, Now), Applied);
            return;
        }
        var changed = status != _state.Status || response.LabelCounters.TotalLabeled != (_state.Counters?.TotalLabeled ?? 0);
        if (changed)
        {
            _pollDelay = _settings.PollInitial;
            Persist(new LabelingJobProgressed(_name, status, response.LabelCounters, Now), Applied);
            return;
        }
        _pollDelay = TimeSpan.FromTicks(Math.Min(_pollDelay.Ticks * 2, _settings.PollMax.Ticks));
        if (status == LabelingJobStatus.InProgress && _state.StopRequest is null && _state.LastProgressAt is { } since &&
            Now - since >= _settings.StuckAfter)
        {
            _log.Warning("Labeling job {0} made no progress for {1}: stopping it, its remainder will be retried", _name, Now - since);
            Persist(new LabelingJobStopRequested(_name, $"no progress for {Now - since} (stuck-after {_settings.StuckAfter})", ByWatchdog: true, Now), Applied);
            return;
        }
        Drive();
    }

    private void SendStop()
    {
        _stopSent = true;
        _client.StopLabelingJobAsync(new StopLabelingJobRequest { LabelingJobName = _name })
            .PipeTo(Self, success: () => StopSent.Instance, failure: e => new StepFailed("stopping the job", e, Stop: true));
    }

    private void Merge(IReadOnlyDictionary<string, IReadOnlyList<EdgeLabel.Dataset.Model.LabeledBox>> labels)
    {
        if (labels.Count == 0)
        {
            Persist(new LabelingJobMerged(_name, [], Now), Applied);
            return;
        }
        var batch = _state.Batch!;
        var images = batch.Items.Where(i => labels.ContainsKey(i.ContentId))
            .Select(i => new HumanLabeledImage(i.ContentId, i.Route == Routing.RouteKind.Audit, labels[i.ContentId]))
            .ToArray();
        _merge = new MergeHumanLabels(batch.Project, _name, images);
        Drive();
    }

    private void Schedule(TimeSpan delay)
    {
        _timer?.Dispose();
        var generation = ++_timerGeneration;
        var self = Self;
        _timer = _clock.CreateTimer(_ => self.Tell(new Wake(generation)), null, delay, Timeout.InfiniteTimeSpan);
    }

    private async Task WriteInputsAsync(LabelingJobAccepted batch)
    {
        await _store.PutAsync(ObjectUri.Parse(LabelingFiles.CategoriesUri(_settings.OutputPrefix, _name)),
            LabelingFiles.CategoryConfig(batch.Categories), "application/json");
        await _store.PutAsync(ObjectUri.Parse(LabelingFiles.ManifestUri(_settings.OutputPrefix, _name)),
            LabelingFiles.InputManifest(batch.Items), "application/jsonlines");
    }

    private async Task<object> DescribeOrCreateAsync(CreateLabelingJobRequest request, bool stopRequested)
    {
        try
        {
            var existing = await _client.DescribeLabelingJobAsync(new DescribeLabelingJobRequest { LabelingJobName = request.LabelingJobName });
            return new OnBackend(existing.LabelingJobArn, "found by name");
        }
        catch (ResourceNotFoundException)
        {
            if (stopRequested) return NeverCreated.Instance;
        }
        try
        {
            var created = await _client.CreateLabelingJobAsync(request);
            return new OnBackend(created.LabelingJobArn, "created");
        }
        catch (ResourceInUseException)
        {
            return new OnBackend(null, "created before (ResourceInUse)");
        }
    }

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<EdgeLabel.Dataset.Model.LabeledBox>>> ReadOutputAsync()
    {
        var batch = _state.Batch!;
        var inputs = _state.Inputs!;
        var status = _state.Status;
        var name = _name;
        if (status is not (LabelingJobStatus.Completed or LabelingJobStatus.Stopped))
            return new Dictionary<string, IReadOnlyList<EdgeLabel.Dataset.Model.LabeledBox>>();
        var uri = ObjectUri.Parse(LabelingFiles.OutputManifestUri(inputs.OutputPath, name));
        if (status == LabelingJobStatus.Stopped && await _store.HeadAsync(uri) is null)
            return new Dictionary<string, IReadOnlyList<EdgeLabel.Dataset.Model.LabeledBox>>(); // stopped before anything was written
        var manifest = await ReadAllAsync(_store, uri);
        // Who answered: the output manifest does not say, the worker-response files beside it do.
        var workers = new Dictionary<int, IReadOnlyList<string>>();
        foreach (var key in await _store.ListKeysAsync(uri.Bucket, WorkerResponses.KeyPrefixBeside(uri.Key)))
        {
            if (WorkerResponses.DataObjectIndex(key) is not { } index) continue;
            var ids = WorkerResponses.Workers(await ReadAllAsync(_store, ObjectUri.Create(uri.Bucket, key)));
            workers[index] = workers.TryGetValue(index, out var earlier) ? earlier.Concat(ids).Distinct(StringComparer.Ordinal).ToArray() : ids;
        }
        return LabelingFiles.HumanLabels(manifest, name, batch.Items, batch.Categories, workers);
    }

    private static async Task<byte[]> ReadAllAsync(IObjectStore store, ObjectUri uri)
    {
        await using var stream = await store.GetAsync(uri);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private CreateLabelingJobRequest CreateRequest()
    {
        var batch = _state.Batch!;
        var inputs = _state.Inputs!;
        var title = $"EdgeLabel {batch.Project}: box every {string.Join(", ", batch.Categories)}";
        return new CreateLabelingJobRequest
        {
            LabelingJobName = _name,
            LabelAttributeName = LabelingSettings.LabelAttributeName,
            InputConfig = new LabelingJobInputConfig
            {
                DataSource = new LabelingJobDataSource { S3DataSource = new LabelingJobS3DataSource { ManifestS3Uri = inputs.ManifestUri } },
            },
            OutputConfig = new LabelingJobOutputConfig { S3OutputPath = inputs.OutputPath },
            RoleArn = _settings.RoleArn,
            LabelCategoryConfigS3Uri = inputs.CategoriesUri,
            HumanTaskConfig = new HumanTaskConfig
            {
                WorkteamArn = _settings.WorkteamArn,
                UiConfig = new UiConfig { HumanTaskUiArn = _settings.HumanTaskUiArn },
                TaskTitle = title.Length <= 128 ? title : title[..128],
                TaskDescription = "Draw a tight box around every object of the listed classes; correct or remove the model's boxes.",
                NumberOfHumanWorkersPerDataObject = _settings.WorkersPerObject,
                TaskTimeLimitInSeconds = (int)_settings.TaskTimeLimit.TotalSeconds,
                TaskAvailabilityLifetimeInSeconds = (int)_settings.TaskAvailability.TotalSeconds,
                PreHumanTaskLambdaArn = _settings.PreHumanTaskLambdaArn,
                AnnotationConsolidationConfig = _settings.ConsolidationLambdaArn is { } acs
                    ? new AnnotationConsolidationConfig { AnnotationConsolidationLambdaArn = acs }
                    : null,
            },
            Tags = [new Tag("edgelabel-project", batch.Project), new Tag("edgelabel-attempt", batch.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        };
    }

    private LabelingJobStatusReport Report() => new(_name, _state.Batch?.Project, _state.Phase.ToString(), _state.Attempt,
        _state.Batch?.Items.Count ?? 0, _state.Status, _state.Counters, _state.FailureReason, _polls, _lastError);

    private sealed record Wake(int Generation);

    private sealed record InputsStored
    {
        public static readonly InputsStored Instance = new();
    }

    private sealed record OnBackend(string? Arn, string How);

    private sealed record NeverCreated
    {
        public static readonly NeverCreated Instance = new();
    }

    private sealed record Described(DescribeLabelingJobResponse Response);

    private sealed record OutputRead(IReadOnlyDictionary<string, IReadOnlyList<EdgeLabel.Dataset.Model.LabeledBox>> Labels);

    private sealed record StopSent
    {
        public static readonly StopSent Instance = new();
    }

    private sealed record StepFailed(string What, Exception Cause, bool Stop = false);
}
