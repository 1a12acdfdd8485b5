using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using EdgeLabel.Actors.Datasets;

namespace EdgeLabel.Actors.Labeling;

/// <summary>Batches a project's review and audit images into labeling jobs: a sharded, event-sourced entity (entity
/// id = project). An image is queued once (persisted before anything else happens to it), a batch starts when
/// max-batch-items images wait or the oldest waited max-batch-age, and the batch and its deterministic job name are
/// persisted before the <see cref="LabelingJob"/> is told, so a restart neither loses nor re-batches an image. When a
/// job ends with images still unlabeled (failed, stuck, or completed with failed objects), their remainder goes to a
/// new job named for the attempt; after max-attempts an alert is raised and shown in the status instead.</summary>
public sealed class LabelingCoordinator : ReceivePersistentActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ProjectSettings _project;
    private readonly LabelingSettings _settings;
    private readonly TimeProvider _clock;
    private readonly IActorRef _jobs;
    private readonly LabelingCoordinatorState _state = new();
    private ITimer? _ticker;

    public LabelingCoordinator(ProjectSettings project, LabelingSettings settings, TimeProvider clock, IActorRef jobs)
    {
        _project = project;
        _settings = settings;
        _clock = clock;
        _jobs = jobs;
        PersistenceId = PersistenceIdFor(project.Name);

        Recover<IEdgeLabelMessage>(_state.Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            var open = _state.Jobs.Values.Where(j => j.Outcome is null).ToArray();
            if (_state.Jobs.Count > 0 || _state.Pending.Count > 0)
                _log.Info("Labeling of {0} recovered: {1} pending image(s), {2} open job(s)", project.Name, _state.Pending.Count, open.Length);
            foreach (var job in open) Tell(job.JobName, job.Attempt); // wakes the job entities (idempotent)
            var self = Self;
            _ticker = _clock.CreateTimer(_ => self.Tell(CheckAge.Instance), null, settings.BatchCheckInterval, settings.BatchCheckInterval);
        });

        Command<ImagesAwaitingReview>(Queue);
        Command<CheckAge>(_ => StartBatches(byAge: true));
        Command<LabelingJobFinished>(Finished);
        Command<GetLabelingStatus>(_ => Sender.Tell(_state.Status(_project.Name)));
    }

    public override string PersistenceId { get; }

    public static string PersistenceIdFor(string project) => $"labeling-{project}";

    public static Props Props(ProjectSettings project, LabelingSettings settings, TimeProvider clock, IActorRef jobs) =>
        Akka.Actor.Props.Create(() => new LabelingCoordinator(project, settings, clock, jobs));

    protected override void PostStop()
    {
        _ticker?.Dispose();
        base.PostStop();
    }

    private void Queue(ImagesAwaitingReview announced)
    {
        var fresh = announced.Items.Where(i => !_state.Seen(i.ContentId)).DistinctBy(i => i.ContentId).ToArray();
        if (fresh.Length == 0) return;
        Persist(new LabelingImagesQueued(fresh, _clock.GetUtcNow()), e =>
        {
            _state.Apply(e);
            StartBatches(byAge: false);
        });
    }

    /// <summary>Full batches always; on the age check, also the remainder once its oldest image is old enough.</summary>
    private void StartBatches(bool byAge)
    {
        var pending = _state.Pending;
        if (pending.Count == 0) return;
        var now = _clock.GetUtcNow();
        var flushAll = byAge && now - pending[0].At >= _settings.MaxBatchAge;
        var batches = new List<LabelingBatchStarted>();
        var number = _state.Batches;
        for (var from = 0; from < pending.Count; from += _settings.MaxBatchItems)
        {
            var items = pending.Skip(from).Take(_settings.MaxBatchItems).Select(p => p.Item).ToArray();
            if (items.Length < _settings.MaxBatchItems && !flushAll) break;
            var baseName = LabelingFiles.BaseName(_project.Name, ++number, items.Select(i => i.ContentId));
            batches.Add(new LabelingBatchStarted(LabelingFiles.JobName(baseName, 1), baseName, 1, items, now));
        }
        if (batches.Count == 0) return;
        PersistAll(batches, e =>
        {
            _state.Apply(e);
            _log.Info("Labeling of {0}: batch {1} with {2} image(s)", _project.Name, e.JobName, e.Items.Count);
            Tell(e.JobName, e.Attempt);
        });
    }

    private void Finished(LabelingJobFinished finished)
    {
        var replyTo = Sender;
        if (!_state.Jobs.TryGetValue(finished.JobName, out var job))
        {
            _log.Warning("Labeling of {0}: an outcome for unknown job {1} ignored", _project.Name, finished.JobName);
            return;
        }
        if (job.Outcome is not null)
        {
            replyTo.Tell(new LabelingJobFinishedAck(finished.JobName)); // an outcome sent again: already recorded
            return;
        }
        var now = _clock.GetUtcNow();
        var events = new List<IEdgeLabelMessage> { new LabelingJobConcluded(finished.JobName, finished.Outcome, finished.Unlabeled, finished.Reason, now) };
        var unlabeled = finished.Unlabeled.ToHashSet(StringComparer.Ordinal);
        var remainder = _state.ItemsOf(finished.JobName).Where(i => unlabeled.Contains(i.ContentId)).ToArray();
        if (remainder.Length > 0 && finished.Outcome != LabelingOutcome.Stopped)
        {
            if (job.Attempt < _settings.MaxAttempts)
                events.Add(new LabelingBatchStarted(LabelingFiles.JobName(job.BaseName, job.Attempt + 1), job.BaseName, job.Attempt + 1, remainder, now));
            else
                events.Add(new LabelingAlertRaised(job.BaseName,
                    $"batch {job.BaseName}: {remainder.Length} image(s) still unlabeled after {job.Attempt} attempt(s); last: {finished.Outcome} ({finished.Reason ?? "no reason given"})",
                    now));
        }
        PersistAll(events, e =>
        {
            _state.Apply(e);
            switch (e)
            {
                case LabelingJobConcluded c:
                    _log.Info("Labeling of {0}: job {1} {2}, {3} unlabeled{4}", _project.Name, c.JobName, c.Outcome, c.Unlabeled.Count,
                        c.Reason is null ? "" : $" ({c.Reason})");
                    replyTo.Tell(new LabelingJobFinishedAck(c.JobName));
                    break;
                case LabelingBatchStarted retry:
                    _log.Info("Labeling of {0}: retrying {1} image(s) as {2}", _project.Name, retry.Items.Count, retry.JobName);
                    Tell(retry.JobName, retry.Attempt);
                    break;
                case LabelingAlertRaised alert:
                    _log.Error("Labeling of {0}: {1}", _project.Name, alert.Alert);
                    break;
            }
        });
    }

    private void Tell(string jobName, int attempt) =>
        _jobs.Tell(new StartLabelingJob(jobName, _project.Name, attempt, _project.Categories.ToArray(), _state.ItemsOf(jobName)));

    private sealed record CheckAge
    {
        public static readonly CheckAge Instance = new();
    }
}
