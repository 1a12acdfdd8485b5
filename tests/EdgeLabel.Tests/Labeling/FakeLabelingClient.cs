using System.Collections.Concurrent;
using System.Net;
using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Client;

namespace EdgeLabel.Tests.Labeling;

/// <summary>A labeling backend the spec scripts: it records every call (operation, job, clock time), remembers created
/// jobs case-insensitively like the API, answers describes from a per-job script of statuses (the last one repeats),
/// and can lose the reply of a create that did create the job.</summary>
public sealed class FakeLabelingClient(TimeProvider clock) : ILabelingJobClient
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Queue<Step>> _scripts = new(StringComparer.OrdinalIgnoreCase);

    public sealed record Call(string Operation, string JobName, DateTimeOffset At);

    public sealed record Step(LabelingJobStatus Status, int Labeled = 0, string? FailureReason = null);

    private sealed class Job(CreateLabelingJobRequest request)
    {
        public CreateLabelingJobRequest Request { get; } = request;
        public Step Current { get; set; } = new(LabelingJobStatus.Initializing);
        public bool StopRequested { get; set; }
    }

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>Creates that reach the backend but whose answer is lost (the caller sees a 503).</summary>
    public int LoseCreateReplies { get; set; }

    /// <summary>Describes of a job not created yet answer ResourceNotFound even when it exists (eventual consistency).</summary>
    public bool HideExistingJobs { get; set; }

    public IReadOnlyList<Call> CallsOf(string operation, string? job = null) =>
        Calls.Where(c => c.Operation == operation && (job is null || c.JobName.Equals(job, StringComparison.OrdinalIgnoreCase))).ToArray();

    public IReadOnlyList<string> CreatedJobs
    {
        get
        {
            lock (_lock) return _jobs.Keys.ToArray();
        }
    }

    public CreateLabelingJobRequest RequestOf(string job)
    {
        lock (_lock) return _jobs[job].Request;
    }

    /// <summary>The statuses a job's describes go through, in order; the last one repeats.</summary>
    public void Script(string job, params Step[] steps)
    {
        lock (_lock) _scripts[job] = new Queue<Step>(steps);
    }

    /// <summary>Pre-create a job as if an earlier run had.</summary>
    public void Existing(CreateLabelingJobRequest request)
    {
        lock (_lock) _jobs[request.LabelingJobName] = new Job(request);
    }

    public Task<CreateLabelingJobResponse> CreateLabelingJobAsync(CreateLabelingJobRequest request, CancellationToken ct = default)
    {
        Calls.Enqueue(new Call("Create", request.LabelingJobName, clock.GetUtcNow()));
        lock (_lock)
        {
            if (LabelingJobValidation.Problems(request) is { Count: > 0 } problems)
                return Task.FromException<CreateLabelingJobResponse>(new ValidationException("ValidationException", string.Join("; ", problems), HttpStatusCode.BadRequest, null));
            if (_jobs.ContainsKey(request.LabelingJobName))
                return Task.FromException<CreateLabelingJobResponse>(new ResourceInUseException("ResourceInUse", "exists", HttpStatusCode.BadRequest, null));
            _jobs[request.LabelingJobName] = new Job(request);
            if (LoseCreateReplies > 0)
            {
                LoseCreateReplies--;
                return Task.FromException<CreateLabelingJobResponse>(new SageMakerException("ServiceUnavailable", "reply lost", HttpStatusCode.ServiceUnavailable, null));
            }
        }
        return Task.FromResult(new CreateLabelingJobResponse { LabelingJobArn = $"arn:fake:labeling-job/{request.LabelingJobName}" });
    }

    public Task<DescribeLabelingJobResponse> DescribeLabelingJobAsync(DescribeLabelingJobRequest request, CancellationToken ct = default)
    {
        Calls.Enqueue(new Call("Describe", request.LabelingJobName, clock.GetUtcNow()));
        lock (_lock)
        {
            if (!_jobs.TryGetValue(request.LabelingJobName, out var job) || HideExistingJobs)
                return Task.FromException<DescribeLabelingJobResponse>(new ResourceNotFoundException("ResourceNotFound", "no such job", HttpStatusCode.BadRequest, null));
            if (job.StopRequested)
                job.Current = job.Current.Status is LabelingJobStatus.Stopping or LabelingJobStatus.Stopped
                    ? new Step(LabelingJobStatus.Stopped, job.Current.Labeled)
                    : new Step(LabelingJobStatus.Stopping, job.Current.Labeled);
            else if (_scripts.TryGetValue(request.LabelingJobName, out var script) && script.Count > 0)
                job.Current = script.Count > 1 ? script.Dequeue() : script.Peek();
            var r = job.Request;
            return Task.FromResult(new DescribeLabelingJobResponse
            {
                LabelingJobStatus = job.Current.Status,
                LabelCounters = new LabelCounters { TotalLabeled = job.Current.Labeled, HumanLabeled = job.Current.Labeled },
                FailureReason = job.Current.FailureReason,
                CreationTime = clock.GetUtcNow(), LastModifiedTime = clock.GetUtcNow(), JobReferenceCode = "fake",
                LabelingJobName = r.LabelingJobName, LabelingJobArn = $"arn:fake:labeling-job/{r.LabelingJobName}",
                InputConfig = r.InputConfig, OutputConfig = r.OutputConfig, RoleArn = r.RoleArn, HumanTaskConfig = r.HumanTaskConfig,
            });
        }
    }

    public Task<ListLabelingJobsResponse> ListLabelingJobsAsync(ListLabelingJobsRequest request, CancellationToken ct = default) =>
        Task.FromResult(new ListLabelingJobsResponse());

    public Task StopLabelingJobAsync(StopLabelingJobRequest request, CancellationToken ct = default)
    {
        Calls.Enqueue(new Call("Stop", request.LabelingJobName, clock.GetUtcNow()));
        lock (_lock)
        {
            if (!_jobs.TryGetValue(request.LabelingJobName, out var job))
                return Task.FromException(new ResourceNotFoundException("ResourceNotFound", "no such job", HttpStatusCode.BadRequest, null));
            job.StopRequested = true;
        }
        return Task.CompletedTask;
    }
}
