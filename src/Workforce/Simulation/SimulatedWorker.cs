using System.Net;
using EdgeLabel.Dataset.Model;
using EdgeLabel.Workforce.Api;
using EdgeLabel.Workforce.Truth;

namespace EdgeLabel.Workforce.Simulation;

/// <summary>One simulated labeler: lists their open tasks through the task API, and for each fetches the task and its
/// image, looks the image's content id up among the known images, draws the answer the profile dictates (truth, or
/// the pre-annotations when the image is unknown), waits the profile's latency and submits it. A task that is gone
/// (404/403/409) is skipped; a refused answer (400) is logged and the task declined so that it is not stuck; a 503 or a
/// connection error is retried with backoff.</summary>
public sealed class SimulatedWorker
{
    private readonly TaskApiClient _api;
    private readonly KnownImages _known;
    private readonly WorkforceOptions _options;
    private readonly WorkforceLog _log;
    private readonly Random _backoff;
    private readonly HashSet<string> _givenUp = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly List<AnsweredTask> _answered = [];
    private int _fromTruth, _withoutTruth, _declined, _rejected, _skipped, _retries, _failures;

    public SimulatedWorker(WorkerProfile profile, TaskApiClient api, KnownImages known, WorkforceOptions? options = null, WorkforceLog? log = null)
    {
        if (profile.Problem() is { } problem) throw new ArgumentException(problem, nameof(profile));
        Profile = profile;
        _api = api;
        _known = known;
        _options = options ?? new WorkforceOptions();
        _log = log ?? WorkforceLog.None;
        _backoff = new Random(profile.Seed);
    }

    public WorkerProfile Profile { get; }

    public string WorkerId => Profile.WorkerId;

    public WorkerStats Snapshot()
    {
        lock (_gate)
            return new WorkerStats(WorkerId, _answered.Count, _fromTruth, _withoutTruth, _declined, _rejected, _skipped, _retries, _failures,
                _answered.ToArray());
    }

    /// <summary>Works until <paramref name="ct"/> is cancelled; returns normally then.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            var outage = 0;
            while (!ct.IsCancellationRequested)
            {
                TaskList list;
                try
                {
                    list = await _api.ListTasksAsync(ct);
                    if (outage > 0) _log.Write($"{WorkerId}: the task API answers again");
                    outage = 0;
                }
                catch (Exception e) when (IsTransient(e, ct))
                {
                    if (outage++ == 0) _log.Write($"{WorkerId}: cannot list tasks ({Describe(e)}); retrying with backoff");
                    Count(ref _retries);
                    await DelayAsync(Backoff(outage), ct);
                    continue;
                }
                catch (Exception e) when (e is TaskApiException or InvalidDataException)
                {
                    // 401 (bad token) and the like: nothing a retry soon would change, but the operator may fix it.
                    _log.Write($"{WorkerId}: cannot list tasks: {Describe(e)}");
                    Count(ref _failures);
                    await DelayAsync(_options.RetryMax, ct);
                    continue;
                }

                var worked = false;
                foreach (var task in list.Tasks)
                {
                    ct.ThrowIfCancellationRequested();
                    bool skip;
                    lock (_gate) skip = _givenUp.Contains(task.TaskId);
                    if (skip) continue;
                    await HandleAsync(task, ct);
                    worked = true;
                }
                if (!worked) await DelayAsync(_options.PollInterval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task HandleAsync(TaskSummary task, CancellationToken ct)
    {
        var where = $"task {task.TaskId} (job {task.JobName}, object {task.DataObjectIndex})";
        try
        {
            var detail = await RetryAsync(() => _api.GetTaskAsync(task.TaskId, ct), ct);
            var image = await RetryAsync(() => _api.GetImageAsync(task.TaskId, ct), ct);
            if (detail.ImageSize is not { Width: > 0, Height: > 0 } size)
            {
                _log.Write($"{WorkerId}: {where}: the service does not know the image's size; declining");
                await DeclineAsync(task.TaskId, where, ct);
                return;
            }

            var contentId = ContentIds.Of(image);
            var random = AnswerSimulator.RandomFor(Profile, task.TaskId);
            IReadOnlyList<AnswerBox> reference;
            AnswerSource source;
            string from;
            if (_known.TryGet(contentId, out var known))
            {
                reference = known.Boxes.Select(b => new AnswerBox(b.Label, b.Left, b.Top, b.Width, b.Height)).ToArray();
                source = AnswerSource.Truth;
                from = $"truth of {known.FileName}";
            }
            else
            {
                reference = PreAnnotations.Read(detail.PreAnnotations, detail.Labels);
                source = AnswerSource.PreAnnotations;
                from = $"echoed pre-annotations, no truth for image {contentId[..12]}";
            }
            var boxes = AnswerSimulator.Simulate(reference, size, detail.Labels, Profile, random);
            var latency = Profile.MinLatency + (Profile.MaxLatency - Profile.MinLatency) * random.NextDouble();
            if (latency > TimeSpan.Zero) await DelayAsync(latency, ct);

            await RetryAsync(async () =>
            {
                await _api.AnswerAsync(task.TaskId, new TaskAnswer(boxes, size.Width, size.Height), ct);
                return true;
            }, ct);
            lock (_gate)
            {
                _answered.Add(new AnsweredTask(WorkerId, task.TaskId, task.JobName, task.DataObjectIndex, source, boxes.Count));
                if (source == AnswerSource.Truth) _fromTruth++;
                else _withoutTruth++;
            }
            if (_options.LogAnswers)
                _log.Write($"{WorkerId}: answered {where} with {boxes.Count} box(es) ({from}; {reference.Count} reference box(es))");
        }
        catch (TaskApiException e) when (e.IsGone)
        {
            Count(ref _skipped);
            _log.Write($"{WorkerId}: {where} is no longer mine to answer ({Describe(e)}); skipped");
        }
        catch (TaskApiException e) when (e.StatusCode == HttpStatusCode.BadRequest)
        {
            Count(ref _rejected);
            _log.Write($"{WorkerId}: the answer to {where} was REJECTED: {e.ServerError}; declining the task");
            await DeclineAsync(task.TaskId, where, ct);
        }
        catch (Exception e) when (IsTransient(e, ct))
        {
            // Retried MaxAttempts times already: leave the task open for the next round.
            Count(ref _failures);
            _log.Write($"{WorkerId}: {where}: still failing after {_options.MaxAttempts} attempts ({Describe(e)}); trying again later");
        }
        catch (Exception e) when (e is TaskApiException or InvalidDataException)
        {
            Count(ref _failures);
            _log.Write($"{WorkerId}: {where}: {Describe(e)}; declining the task");
            await DeclineAsync(task.TaskId, where, ct);
        }
    }

    /// <summary>Best effort: a task that cannot be declined either is not offered to this labeler's loop again.</summary>
    private async Task DeclineAsync(string taskId, string where, CancellationToken ct)
    {
        try
        {
            await RetryAsync(async () =>
            {
                await _api.DeclineAsync(taskId, ct);
                return true;
            }, ct);
            Count(ref _declined);
        }
        catch (Exception e) when (e is TaskApiException or HttpRequestException or InvalidDataException || IsTransient(e, ct))
        {
            if (e is TaskApiException { IsGone: true }) return; // closed meanwhile: nothing is stuck
            Count(ref _failures);
            lock (_gate) _givenUp.Add(taskId);
            _log.Write($"{WorkerId}: cannot decline {where} ({Describe(e)}); leaving it alone");
        }
    }

    private async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (attempt < _options.MaxAttempts && IsTransient(e, ct))
            {
                if (attempt == 1) _log.Write($"{WorkerId}: {e.Message}; retrying with backoff");
                Count(ref _retries);
                await DelayAsync(Backoff(attempt), ct);
            }
        }
    }

    /// <summary>A 503 (the cluster is restarting), 429/504, a connection error, or HttpClient's own timeout.</summary>
    private static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        TaskApiException api => api.IsTransient,
        HttpRequestException => true,
        TaskCanceledException => !ct.IsCancellationRequested,
        _ => false,
    };

    /// <summary>Exponential, capped, full jitter.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(_options.RetryMax.TotalMilliseconds, _options.RetryBase.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
        double draw;
        lock (_gate) draw = _backoff.NextDouble();
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + draw / 2));
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken ct) => Task.Delay(delay, _options.Clock, ct);

    private void Count(ref int counter)
    {
        lock (_gate) counter++;
    }

    private static string Describe(Exception e) => e switch
    {
        TaskApiException api => $"HTTP {(int)api.StatusCode}{(api.ServerError is null ? "" : $": {api.ServerError}")}",
        _ => e.Message,
    };
}
