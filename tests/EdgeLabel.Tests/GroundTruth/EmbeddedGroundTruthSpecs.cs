using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using EdgeLabel.Actors.GroundTruth;
using EdgeLabel.GroundTruth.Api;
using EdgeLabel.Storage;
using EdgeLabel.Tests.Support;
using static EdgeLabel.Tests.GroundTruth.GroundTruthSamples;

namespace EdgeLabel.Tests.GroundTruth;

/// <summary>The embedded Ground Truth actor on a real (SQLite) journal, an in-memory object store and a manual
/// clock: the SageMaker operations and their errors, tasks for distinct labelers, answers and output, task expiry,
/// MaxHumanLabeledObjectCount, stop, malformed manifest lines, and recovery after a restart.</summary>
public sealed class EmbeddedGroundTruthSpecs(ITestOutputHelper output) : SqliteSpec(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly FakeObjectStore _store = new();
    private readonly ManualClock _clock = Clock();

    private IActorRef Start() => Sys.ActorOf(EmbeddedGroundTruth.Props(ServiceSettings, _store, _clock));

    private static async Task<IGroundTruthReply> Ask(IActorRef service, IGroundTruthCommand command) =>
        await service.Ask<IGroundTruthReply>(command, Patience);

    private static async Task<DescribeLabelingJobResponse> Describe(IActorRef service, string name) =>
        Assert.IsType<LabelingJobDescribed>(await Ask(service, new DescribeLabelingJob(name))).Response;

    private static async Task<DescribeLabelingJobResponse> WaitFor(IActorRef service, string name, LabelingJobStatus status)
    {
        var until = DateTime.UtcNow + Patience;
        DescribeLabelingJobResponse last;
        do
        {
            last = await Describe(service, name);
            if (last.LabelingJobStatus == status) return last;
            await Task.Delay(50);
        } while (DateTime.UtcNow < until);
        Assert.Fail($"{name} is {last.LabelingJobStatus} ({last.FailureReason}), not {status}");
        return last;
    }

    private static async Task<IReadOnlyList<WorkerTaskSummary>> TasksOf(IActorRef service, string worker) =>
        Assert.IsType<WorkerTaskList>(await Ask(service, new ListWorkerTasks(worker))).Tasks;

    private static async Task<IReadOnlyList<(string Worker, WorkerTaskSummary Task)>> AllTasks(IActorRef service)
    {
        var all = new List<(string, WorkerTaskSummary)>();
        foreach (var w in ServiceSettings.Workers)
            all.AddRange((await TasksOf(service, w)).Select(t => (w, t)));
        return all;
    }

    [Fact]
    public async Task Each_object_goes_to_distinct_labelers_and_answering_every_task_completes_the_job_with_its_output()
    {
        await PutInputsAsync(_store, 3, "not json at all", """{"source-ref": 42}""", """{"source-ref": "http://not-s3/x.jpg"}""");
        var service = Start();
        var created = Assert.IsType<LabelingJobCreated>(await Ask(service, new CreateLabelingJob(Request("faces-1", workersPerObject: 3))));
        Assert.Equal("arn:aws:sagemaker:us-east-1:000000000000:labeling-job/faces-1", created.Response.LabelingJobArn);

        var running = await WaitFor(service, "faces-1", LabelingJobStatus.InProgress);
        Assert.Equal((3, 3), (running.LabelCounters.FailedNonRetryableError, running.LabelCounters.Unlabeled)); // malformed lines fail alone
        var tasks = await AllTasks(service);
        Assert.Equal(9, tasks.Count);
        foreach (var byObject in tasks.GroupBy(t => t.Task.DataObjectIndex))
            Assert.Equal(3, byObject.Select(t => t.Worker).Distinct().Count());

        var detail = Assert.IsType<WorkerTaskDetail>(await Ask(service, new GetWorkerTask(tasks[0].Worker, tasks[0].Task.TaskId)));
        Assert.Equal(["face", "hand"], detail.Categories);
        Assert.Contains("edgelabel-pre-annotations", detail.ExtraKeysJson);
        var stranger = ServiceSettings.Workers.First(w => tasks.All(t => t.Task.TaskId != tasks[0].Task.TaskId || t.Worker != w));
        Assert.IsType<WorkerTaskNotYours>(await Ask(service, new GetWorkerTask(stranger, tasks[0].Task.TaskId)));
        Assert.IsType<WorkerTaskNotYours>(await Ask(service, new SubmitTaskAnswer(stranger, tasks[0].Task.TaskId, Box())));
        Assert.IsType<WorkerTaskNotYours>(await Ask(service, new DeclineWorkerTask(stranger, tasks[0].Task.TaskId)));
        Assert.IsType<WorkerTaskNotFound>(await Ask(service, new GetWorkerTask(stranger, "0123456789abcdef01234567")));
        var rejected = Assert.IsType<WorkerTaskRejected>(await Ask(service, new SubmitTaskAnswer(tasks[0].Worker, tasks[0].Task.TaskId, Box(label: "cat"))));
        Assert.Contains("unknown label", rejected.Reason);
        Assert.Contains("outside", Assert.IsType<WorkerTaskRejected>(
            await Ask(service, new SubmitTaskAnswer(tasks[0].Worker, tasks[0].Task.TaskId, Box(left: 630)))).Reason);

        foreach (var (worker, task) in tasks)
            Assert.IsType<WorkerTaskAccepted>(await Ask(service, new SubmitTaskAnswer(worker, task.TaskId, Box())));
        Assert.IsType<WorkerTaskClosed>(await Ask(service, new SubmitTaskAnswer(tasks[0].Worker, tasks[0].Task.TaskId, Box())));

        var done = await WaitFor(service, "faces-1", LabelingJobStatus.Completed);
        Assert.Equal((3, 3, 3, 0), (done.LabelCounters.TotalLabeled, done.LabelCounters.HumanLabeled, done.LabelCounters.FailedNonRetryableError, done.LabelCounters.Unlabeled));
        Assert.Equal($"s3://{Bucket}/output/faces-1/manifests/output/output.manifest", done.LabelingJobOutput!.OutputDatasetS3Uri);
        var manifest = Encoding.UTF8.GetString(_store.ContentOf(ObjectUri.Parse(done.LabelingJobOutput.OutputDatasetS3Uri))!)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, manifest.Length); // 3 labeled + 2 JSON lines that failed; the non-JSON line has nothing to echo
        var first = JsonNode.Parse(manifest[0])!;
        Assert.Equal(640, first["faces"]!["image_size"]![0]!["width"]!.GetValue<int>());
        Assert.Equal(10, first["faces"]!["annotations"]![0]!["left"]!.GetValue<double>());
        Assert.Equal(1.0, first["faces-metadata"]!["objects"]![0]!["confidence"]!.GetValue<double>());
        Assert.Equal("labeling-job/faces-1", first["faces-metadata"]!["job-name"]!.GetValue<string>());
        Assert.NotNull(first["edgelabel-pre-annotations"]); // passed through
        Assert.Equal(3, _store.Stored.Count(p => p.Uri.Key.Contains("/annotations/worker-response/iteration-1/")));
        Assert.Single(_store.Stored, p => p.Uri.Key.Contains("/consolidation-response/iteration-1/"));

        // The admin view: every labeler of the workforce, nine answers in all, each the same box as the consolidated one.
        var report = Assert.IsType<LabelerStatsReport>(await Ask(service, new GetLabelerStats()));
        Assert.Equal(ServiceSettings.Workers.Order(StringComparer.Ordinal), report.Labelers.Select(l => l.Worker));
        Assert.Equal(9, report.Labelers.Sum(l => l.Answered));
        Assert.All(report.Labelers.Where(l => l.Answered > 0), l => Assert.Equal((l.Answered, 1.0), (l.AgreementObjects, l.MeanAgreement)));
    }

    [Fact]
    public async Task SageMaker_errors_name_the_problem_the_way_the_service_does()
    {
        await PutInputsAsync(_store, 1);
        var service = Start();
        Assert.IsType<LabelingJobCreated>(await Ask(service, new CreateLabelingJob(Request("Faces-A"))));

        Assert.Equal("ResourceInUse", Assert.IsType<SageMakerError>(await Ask(service, new CreateLabelingJob(Request("faces-a")))).Type);
        var invalid = Assert.IsType<SageMakerError>(await Ask(service, new CreateLabelingJob(Request("bad_name"))));
        Assert.Equal("ValidationException", invalid.Type);
        Assert.Contains("LabelingJobName", invalid.Message);
        Assert.Equal("ValidationException", Assert.IsType<SageMakerError>(await Ask(service, new CreateLabelingJob(Request("too-many", workersPerObject: 6)))).Type);
        Assert.Equal("ResourceNotFound", Assert.IsType<SageMakerError>(await Ask(service, new DescribeLabelingJob("nope"))).Type);
        Assert.Equal("ResourceNotFound", Assert.IsType<SageMakerError>(await Ask(service, new StopLabelingJob("nope"))).Type);
        Assert.Equal("ValidationException", Assert.IsType<SageMakerError>(await Ask(service, new ListLabelingJobs(new ListLabelingJobsRequest { MaxResults = 0 }))).Type);

        var limited = Sys.ActorOf(EmbeddedGroundTruth.Props(ServiceSettings with { MaxActiveJobs = 1 }, _store, _clock));
        Assert.Equal("ResourceLimitExceeded", Assert.IsType<SageMakerError>(await Ask(limited, new CreateLabelingJob(Request("another")))).Type);
    }

    [Fact]
    public async Task Unanswered_tasks_expire_after_TaskAvailabilityLifetime_and_the_job_completes_with_the_answered_objects()
    {
        await PutInputsAsync(_store, 2);
        var service = Start();
        await Ask(service, new CreateLabelingJob(Request("expiring", workersPerObject: 1, lifetimeSeconds: 600)));
        await WaitFor(service, "expiring", LabelingJobStatus.InProgress);
        var tasks = await AllTasks(service);
        var answered = tasks.First(t => t.Task.DataObjectIndex == 0);
        Assert.IsType<WorkerTaskAccepted>(await Ask(service, new SubmitTaskAnswer(answered.Worker, answered.Task.TaskId, Box())));

        _clock.Advance(TimeSpan.FromSeconds(599));
        await Task.Delay(300); // several expiry checks
        Assert.Equal(LabelingJobStatus.InProgress, (await Describe(service, "expiring")).LabelingJobStatus);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var done = await WaitFor(service, "expiring", LabelingJobStatus.Completed);
        Assert.Equal((1, 1, 0), (done.LabelCounters.HumanLabeled, done.LabelCounters.FailedNonRetryableError, done.LabelCounters.Unlabeled));
        var late = tasks.First(t => t.Task.DataObjectIndex == 1);
        Assert.IsType<WorkerTaskClosed>(await Ask(service, new SubmitTaskAnswer(late.Worker, late.Task.TaskId, Box())));
    }

    [Fact]
    public async Task MaxHumanLabeledObjectCount_ends_the_job_after_that_many_objects()
    {
        await PutInputsAsync(_store, 5);
        var service = Start();
        await Ask(service, new CreateLabelingJob(Request("capped", workersPerObject: 1, maxHumanLabeled: 2)));
        await WaitFor(service, "capped", LabelingJobStatus.InProgress);
        var tasks = await AllTasks(service);
        Assert.Equal(5, tasks.Count);
        foreach (var (worker, task) in tasks.Take(2))
            Assert.IsType<WorkerTaskAccepted>(await Ask(service, new SubmitTaskAnswer(worker, task.TaskId, Box())));

        var done = await WaitFor(service, "capped", LabelingJobStatus.Stopped);
        Assert.Equal((2, 3), (done.LabelCounters.HumanLabeled, done.LabelCounters.Unlabeled));
        Assert.NotNull(done.LabelingJobOutput);
        Assert.Empty(await AllTasks(service));
    }

    [Fact]
    public async Task A_stopped_job_withdraws_its_tasks_and_ends_Stopped()
    {
        await PutInputsAsync(_store, 3);
        var service = Start();
        await Ask(service, new CreateLabelingJob(Request("stop-me")));
        await WaitFor(service, "stop-me", LabelingJobStatus.InProgress);
        Assert.NotEmpty(await AllTasks(service));

        Assert.IsType<LabelingJobStopAccepted>(await Ask(service, new StopLabelingJob("STOP-ME")));
        var stopped = await WaitFor(service, "stop-me", LabelingJobStatus.Stopped);
        Assert.Equal(3, stopped.LabelCounters.Unlabeled);
        Assert.Empty(await AllTasks(service));
        Assert.IsType<LabelingJobStopAccepted>(await Ask(service, new StopLabelingJob("stop-me"))); // idempotent
        var listed = Assert.IsType<LabelingJobsListed>(await Ask(service, new ListLabelingJobs(new ListLabelingJobsRequest { StatusEquals = LabelingJobStatus.Stopped })));
        Assert.Equal(["stop-me"], listed.Response.LabelingJobSummaryList.Select(j => j.LabelingJobName));
    }

    [Fact]
    public async Task A_job_whose_manifest_cannot_be_read_fails_with_the_reason()
    {
        await PutInputsAsync(_store, 1);
        var service = Start();
        await Ask(service, new CreateLabelingJob(Request("missing", manifestUri: $"s3://{Bucket}/input/nope.jsonl")));
        var failed = await WaitFor(service, "missing", LabelingJobStatus.Failed);
        Assert.StartsWith("ClientError", failed.FailureReason);
        Assert.Contains("nope.jsonl", failed.FailureReason);
    }

    [Fact]
    public async Task A_restart_recovers_jobs_and_tasks_without_duplicates_and_the_job_completes_afterwards()
    {
        await PutInputsAsync(_store, 3);
        var service = Start();
        await Ask(service, new CreateLabelingJob(Request("durable")));
        await WaitFor(service, "durable", LabelingJobStatus.InProgress);
        var before = await AllTasks(service);
        Assert.Equal(6, before.Count);
        foreach (var (worker, task) in before.Take(3))
            Assert.IsType<WorkerTaskAccepted>(await Ask(service, new SubmitTaskAnswer(worker, task.TaskId, Box())));
        var describedBefore = await Describe(service, "durable");

        Watch(service);
        Sys.Stop(service);
        ExpectTerminated(service);
        var restarted = Start();

        var describedAfter = await Describe(restarted, "durable");
        Assert.Equal(describedBefore.LabelCounters, describedAfter.LabelCounters);
        Assert.Equal(describedBefore.LastModifiedTime, describedAfter.LastModifiedTime);
        var after = await AllTasks(restarted);
        Assert.Equal(before.Skip(3).Select(t => t.Task.TaskId).Order(), after.Select(t => t.Task.TaskId).Order()); // same ids, none twice
        Assert.Equal("ResourceInUse", Assert.IsType<SageMakerError>(await Ask(restarted, new CreateLabelingJob(Request("durable")))).Type);
        var listed = Assert.IsType<LabelingJobsListed>(await Ask(restarted, new ListLabelingJobs(new ListLabelingJobsRequest())));
        Assert.Single(listed.Response.LabelingJobSummaryList);

        foreach (var (worker, task) in after)
            Assert.IsType<WorkerTaskAccepted>(await Ask(restarted, new SubmitTaskAnswer(worker, task.TaskId, Box())));
        var done = await WaitFor(restarted, "durable", LabelingJobStatus.Completed);
        Assert.Equal(3, done.LabelCounters.HumanLabeled);
        Assert.Single(_store.Stored, p => p.Uri.Key.EndsWith("durable/manifests/output/output.manifest"));
    }
}
