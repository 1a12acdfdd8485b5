using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.TestKit;
using EdgeLabel.Actors.Datasets;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Labeling;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Dataset.Model;
using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Embedded;
using EdgeLabel.Storage;
using EdgeLabel.Tests.Support;
using static EdgeLabel.Tests.Support.Samples;
using Step = EdgeLabel.Tests.Labeling.FakeLabelingClient.Step;

namespace EdgeLabel.Tests.Labeling;

/// <summary>Labeling jobs and their coordinator on a real (SQLite) journal, a scripted labeling backend, an in-memory
/// object store and a manual clock: create exactly once, polling backoff, merge of human labels, retries of the
/// unlabeled remainder up to an alert, stop, the stuck watchdog, batching by size and age, and restarts.</summary>
public sealed class LabelingSpecs(ITestOutputHelper output) : SqliteSpec(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly ProjectSettings Project = new("default", new LabelCategories(["face"]));
    private static readonly LabelingSettings Settings = LabelingSettings.Default with
    {
        MaxBatchItems = 3, MaxBatchAge = TimeSpan.FromSeconds(30), BatchCheckInterval = TimeSpan.FromSeconds(1),
        PollInitial = TimeSpan.FromSeconds(2), PollMax = TimeSpan.FromSeconds(8), RetryAfter = TimeSpan.FromSeconds(1),
        StuckAfter = TimeSpan.FromMinutes(5), OutputPrefix = "s3://edgelabel/labeling",
    };

    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeObjectStore _store = new();
    private FakeLabelingClient? _client;
    private FakeLabelingClient Client => _client ??= new FakeLabelingClient(_clock);

    // ---- helpers ----

    private static LabelingItem Item(int n, RouteKind route = RouteKind.Review) =>
        new(Id(n).Value, $"s3://edgelabel/p/site-t/gate/{Id(n).Value}.jpg", "site-t", route, "fake-detector", "1",
            [new LabeledBox(0, "face", 1, 2, 30, 40, BoxProvenance.Machine("fake-detector", "1", 0.9))]);

    /// <summary>Stands in for the job shard region: one child per job name.</summary>
    private sealed class JobRegion : ReceiveActor
    {
        public JobRegion(Func<string, Props> props)
        {
            Receive<ILabelingJobMessage>(m =>
            {
                var name = m.JobName.ToLowerInvariant();
                var child = Context.Child(name);
                if (child.IsNobody()) child = Context.ActorOf(props(name), name);
                child.Forward(m);
            });
        }
    }

    private IActorRef Jobs(IActorRef datasets, IActorRef coordinators, LabelingSettings? settings = null) =>
        Sys.ActorOf(Props.Create(() => new JobRegion(name => LabelingJob.Props(name, settings ?? Settings, Client, _store, _clock, datasets, coordinators))));

    private IActorRef Job(string name, IActorRef datasets, IActorRef coordinators, LabelingSettings? settings = null) =>
        Sys.ActorOf(LabelingJob.Props(name, settings ?? Settings, Client, _store, _clock, datasets, coordinators));

    private static StartLabelingJob Start(string name, params LabelingItem[] items) => new(name, "default", 1, ["face"], items);

    private async Task<LabelingJobStatusReport> Status(IActorRef job, string name) =>
        await job.Ask<LabelingJobStatusReport>(new GetLabelingJobStatus(name), Patience);

    private async Task<LabelingJobStatusReport> WaitForPhase(IActorRef job, string name, LabelingJobPhase phase, bool fireTimers = false)
    {
        var until = DateTime.UtcNow + Patience;
        LabelingJobStatusReport report;
        do
        {
            report = await Status(job, name);
            if (report.Phase == phase.ToString()) return report;
            if (fireTimers) await _clock.FireNext(TimeSpan.FromMilliseconds(200)).ContinueWith(_ => { });
            else await Task.Delay(20);
        } while (DateTime.UtcNow < until);
        Assert.Fail($"{name} is {report.Phase} ({report.LastError}), not {phase}");
        return report;
    }

    /// <summary>Fires timers (any actor's) until <paramref name="done"/> holds.</summary>
    private async Task FireUntil(Func<bool> done, int maxTimers = 200)
    {
        for (var i = 0; i < maxTimers && !done(); i++)
        {
            try
            {
                await _clock.FireNext(TimeSpan.FromMilliseconds(300));
            }
            catch (TimeoutException)
            {
            }
            await Task.Delay(5);
        }
        Assert.True(done(), "the condition did not hold after firing timers");
    }

    private async Task Restart(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        await ExpectTerminatedAsync(actor, Patience);
    }

    /// <summary>Writes the job's output manifest the way Ground Truth does; boxes per content id (empty: "nothing here").</summary>
    private async Task WriteOutput(string job, IReadOnlyDictionary<string, LabeledBox[]> labels, params string[] failed)
    {
        var text = new StringBuilder();
        foreach (var (id, boxes) in labels)
        {
            var annotations = new JsonArray();
            var objects = new JsonArray();
            foreach (var b in boxes)
            {
                annotations.Add(new JsonObject { ["class_id"] = b.ClassId, ["top"] = b.Top, ["left"] = b.Left, ["height"] = b.Height, ["width"] = b.Width });
                objects.Add(new JsonObject { ["confidence"] = 0.0 });
            }
            text.Append(new JsonObject
            {
                ["source-ref"] = $"s3://edgelabel/p/{id}.jpg", ["edgelabel-content-id"] = id,
                [LabelingSettings.LabelAttributeName] = new JsonObject
                {
                    ["image_size"] = new JsonArray(new JsonObject { ["width"] = 640, ["height"] = 480, ["depth"] = 3 }), ["annotations"] = annotations,
                },
                [LabelingSettings.LabelAttributeName + "-metadata"] = new JsonObject
                {
                    ["objects"] = objects, ["class-map"] = new JsonObject { ["0"] = "face" }, ["type"] = "groundtruth/object-detection",
                    ["human-annotated"] = "yes", ["creation-date"] = "2026-11-26T08:00:00.000000", ["job-name"] = $"labeling-job/{job}",
                },
            }.ToJsonString()).Append('\n');
        }
        foreach (var id in failed)
            text.Append(new JsonObject
            {
                ["source-ref"] = $"s3://edgelabel/p/{id}.jpg", ["edgelabel-content-id"] = id,
                [LabelingSettings.LabelAttributeName + "-metadata"] = new JsonObject
                {
                    ["failure-reason"] = "ClientError: nobody answered", ["type"] = "groundtruth/object-detection", ["human-annotated"] = "no",
                },
            }.ToJsonString()).Append('\n');
        await _store.PutAsync(ObjectUri.Parse(LabelingFiles.OutputManifestUri(LabelingFiles.OutputPath(Settings.OutputPrefix), job)),
            Encoding.UTF8.GetBytes(text.ToString()), "application/jsonlines");
    }

    /// <summary>A worker-response file as Ground Truth writes it: iteration-1/&lt;index&gt;/&lt;time&gt;.json.</summary>
    private async Task WriteWorkerResponse(string job, int index, params string[] workers)
    {
        var answers = new JsonArray(workers.Select(w => (JsonNode)new JsonObject { ["workerId"] = w, ["answerContent"] = new JsonObject() }).ToArray());
        var manifest = ObjectUri.Parse(LabelingFiles.OutputManifestUri(LabelingFiles.OutputPath(Settings.OutputPrefix), job));
        var key = $"{WorkerResponses.KeyPrefixBeside(manifest.Key)}iteration-1/{index}/2026-11-26_08:00:0{index}.json";
        await _store.PutAsync(ObjectUri.Create(manifest.Bucket, key), Encoding.UTF8.GetBytes(new JsonObject { ["answers"] = answers }.ToJsonString()), "application/json");
    }

    private static LabeledBox Human(double left, double top, double width = 30, double height = 40) =>
        new(0, "face", left, top, width, height, BoxProvenance.Human("x", []));

    // ---- job ----

    [Fact]
    public async Task A_job_is_created_once_when_the_create_reply_is_lost_and_after_a_restart()
    {
        var coordinator = CreateTestProbe();
        Client.LoseCreateReplies = 1;
        var job = Job("faces-1", TestActor, coordinator);
        job.Tell(Start("faces-1", Item(1), Item(2)));

        await WaitForPhase(job, "faces-1", LabelingJobPhase.Submitted, fireTimers: true);
        Assert.Single(Client.CallsOf("Create"));
        Assert.Equal(["faces-1"], Client.CreatedJobs);
        var request = Client.RequestOf("faces-1");
        Assert.Equal("s3://edgelabel/labeling/input/faces-1/manifest.jsonl", request.InputConfig.DataSource.S3DataSource.ManifestS3Uri);
        var manifest = Encoding.UTF8.GetString(_store.ContentOf(ObjectUri.Parse(request.InputConfig.DataSource.S3DataSource.ManifestS3Uri))!)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, manifest.Length);
        var line = JsonNode.Parse(manifest[0])!;
        Assert.Equal(Id(1).Value, line["edgelabel-content-id"]!.GetValue<string>());
        Assert.Equal("site-t", line["edgelabel-site"]!.GetValue<string>());
        Assert.Equal("1", line["edgelabel-model-version"]!.GetValue<string>());
        Assert.Equal(1, line["edgelabel-pre-annotations"]!.AsArray().Count);
        Assert.Contains("\"face\"", Encoding.UTF8.GetString(_store.ContentOf(ObjectUri.Parse(request.LabelCategoryConfigS3Uri!))!));

        await Restart(job);
        job = Job("faces-1", TestActor, coordinator);
        job.Tell(Start("faces-1", Item(1), Item(2))); // the coordinator's wake-up after its own recovery
        Assert.Equal("Submitted", (await Status(job, "faces-1")).Phase);
        await _clock.FireNext();
        await AwaitAssertAsync(() => Assert.NotEmpty(Client.CallsOf("Describe").Where(c => c.At > _clock.GetUtcNow().AddSeconds(-1))), Patience);
        Assert.Single(Client.CallsOf("Create"));
    }

    [Fact]
    public async Task ResourceInUse_on_create_means_the_job_exists_and_is_never_created_twice()
    {
        Client.LoseCreateReplies = 1;
        Client.HideExistingJobs = true; // a describe right after a create may not see the job yet
        var job = Job("faces-2", TestActor, CreateTestProbe());
        job.Tell(Start("faces-2", Item(1)));

        await AwaitAssertAsync(() => Assert.Single(Client.CallsOf("Create")), Patience);
        await WaitForPhase(job, "faces-2", LabelingJobPhase.Submitted, fireTimers: true);
        Assert.Equal(2, Client.CallsOf("Create").Count); // the second answered ResourceInUse
        Assert.Equal(["faces-2"], Client.CreatedJobs);
    }

    [Fact]
    public async Task Describe_backs_off_exponentially_up_to_poll_max_and_restarts_from_poll_initial_on_progress()
    {
        Client.Script("faces-3", new Step(LabelingJobStatus.InProgress), new Step(LabelingJobStatus.InProgress),
            new Step(LabelingJobStatus.InProgress), new Step(LabelingJobStatus.InProgress), new Step(LabelingJobStatus.InProgress),
            new Step(LabelingJobStatus.InProgress, 1), new Step(LabelingJobStatus.InProgress, 1));
        var job = Job("faces-3", TestActor, CreateTestProbe());
        job.Tell(Start("faces-3", Item(1), Item(2)));
        await WaitForPhase(job, "faces-3", LabelingJobPhase.Submitted);

        var delays = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var before = Client.CallsOf("Describe").Count;
            delays.Add((await _clock.FireNext()).TotalSeconds);
            await AwaitAssertAsync(() => Assert.Equal(before + 1, Client.CallsOf("Describe").Count), Patience);
        }
        // Initializing → InProgress is progress (2s again), then 4, 8, 8 (poll-max); one more labeled: 2s again.
        Assert.Equal([2d, 2, 4, 8, 8, 8, 2], delays);
    }

    [Fact]
    public async Task A_completed_job_merges_human_labels_replacing_machine_labels_and_audits_measure_auto_label_precision()
    {
        var coordinator = CreateTestProbe();
        var exportRoot = Directory.CreateTempSubdirectory("edgelabel-quality-").FullName;
        var dataset = Sys.ActorOf(ProjectDataset.Props(Project, new DatasetExports(exportRoot, null), coordinator));
        var review = Decided(1, RouteKind.Review);
        var audit1 = Decided(2, RouteKind.Audit);
        var audit2 = Decided(3, RouteKind.Audit);
        dataset.Tell(new DeliverRecords("default", "site-t", [Record(1, review), Record(2, audit1), Record(3, audit2),
            Record(4, review, SiteRecordKind.ReviewNotice), Record(5, audit1, SiteRecordKind.ReviewNotice), Record(6, audit2, SiteRecordKind.ReviewNotice)]));
        ExpectMsg<RecordsAcknowledged>(Patience);
        var announced = coordinator.ExpectMsg<ImagesAwaitingReview>(Patience);
        Assert.Equal([RouteKind.Review, RouteKind.Audit, RouteKind.Audit], announced.Items.Select(i => i.Route));
        Assert.Equal("1", announced.Items[0].ModelVersion);

        Client.Script("faces-4", new Step(LabelingJobStatus.Completed, 3));
        var job = Job("faces-4", dataset, coordinator);
        job.Tell(new StartLabelingJob("faces-4", "default", 1, ["face"], announced.Items));
        await WaitForPhase(job, "faces-4", LabelingJobPhase.Submitted);
        await WriteOutput("faces-4", new Dictionary<string, LabeledBox[]>
        {
            [Id(1).Value] = [Human(100, 100), Human(300, 200)],
            [Id(2).Value] = [Human(2, 2)],       // matches the machine's box (1, 2, 30x40)
            [Id(3).Value] = [Human(400, 300)],   // the machine's box was wrong
        });
        await WriteWorkerResponse("faces-4", 0, "w1", "w3");
        await WriteWorkerResponse("faces-4", 1, "w2");
        await _clock.FireNext();

        var finished = coordinator.ExpectMsg<LabelingJobFinished>(Patience);
        Assert.Equal((LabelingOutcome.Completed, 3, 0), (finished.Outcome, finished.Labeled.Count, finished.Unlabeled.Count));
        coordinator.Reply(new LabelingJobFinishedAck("faces-4"));
        await WaitForPhase(job, "faces-4", LabelingJobPhase.Reported);

        var stats = await dataset.Ask<DatasetStats>(new GetDatasetStats("default"), Patience);
        Assert.Equal(1, stats.ByStatus["reviewed"]);
        Assert.Equal(2, stats.ByStatus["audited"]);
        Assert.Equal((2L, 4L), (stats.MachineBoxes, stats.HumanBoxes)); // the reviewed image lost its machine box
        var precision = Assert.Single(stats.AutoLabelPrecision!);
        Assert.Equal(("face", "fake-detector", "1", 2, 1, 0.5), (precision.Class, precision.ModelId, precision.ModelVersion, precision.MachineBoxes, precision.Matched, precision.Precision));
        Assert.Equal(0.0945, precision.Lower, 3);
        Assert.Equal(0.9055, precision.Upper, 3);

        // The estimate travels with the export.
        var exported = await dataset.Ask<DatasetExported>(new ExportDataset("default", IncludeThumbnails: false), Patience);
        var qualityFile = Assert.Single(exported.Files, f => f.EndsWith(Path.Combine("quality", "auto-label-precision.json")));
        using (var quality = System.Text.Json.JsonDocument.Parse(File.ReadAllText(qualityFile)))
        {
            Assert.Equal((2, 1), (quality.RootElement.GetProperty("auditedImages").GetInt32(), quality.RootElement.GetProperty("reviewedImages").GetInt32()));
            var estimate = Assert.Single(quality.RootElement.GetProperty("estimates").EnumerateArray().ToList());
            Assert.Equal(("face", 2, 1, 0.5, 0.0945), (estimate.GetProperty("class").GetString(), estimate.GetProperty("machineBoxes").GetInt32(),
                estimate.GetProperty("matched").GetInt32(), estimate.GetProperty("precision").GetDouble(), estimate.GetProperty("lower95").GetDouble()));
        }
        // Human boxes name their job and who drew them (from the worker-response files; none for index 2).
        var workersById = File.ReadAllLines(Assert.Single(exported.Files, f => f.EndsWith("output.manifest")))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .ToDictionary(l => l.GetProperty("edgelabel-content-id").GetString()!, l => l.GetProperty("edgelabel-provenance").EnumerateArray()
                .Where(p => p.GetProperty("source").GetString() == "human")
                .Select(p => (p.GetProperty("job_name").GetString(), string.Join("+", p.GetProperty("workers").EnumerateArray().Select(w => w.GetString()))))
                .Distinct().ToList());
        Assert.Equal([("faces-4", "w1+w3")], workersById[Id(1).Value]);
        Assert.Equal([("faces-4", "w2")], workersById[Id(2).Value]);
        Assert.Equal([("faces-4", "")], workersById[Id(3).Value]);
        Directory.Delete(exportRoot, recursive: true);

        // The same job merged again changes nothing.
        var again = await dataset.Ask<HumanLabelsMergeAcknowledged>(new MergeHumanLabels("default", "faces-4",
            [new HumanLabeledImage(Id(1).Value, false, [Human(5, 5)])]), Patience);
        Assert.Equal(0, again.Merged);
        var after = await dataset.Ask<DatasetStats>(new GetDatasetStats("default"), Patience);
        Assert.Equal((stats.MachineBoxes, stats.HumanBoxes), (after.MachineBoxes, after.HumanBoxes));
    }

    [Fact]
    public async Task A_stopped_job_reports_its_remainder_without_a_retry()
    {
        var coordinator = CreateTestProbe();
        Client.Script("faces-5", new Step(LabelingJobStatus.InProgress));
        var job = Job("faces-5", TestActor, coordinator);
        job.Tell(Start("faces-5", Item(1), Item(2)));
        await WaitForPhase(job, "faces-5", LabelingJobPhase.Submitted);
        job.Tell(new StopLabeling("faces-5", "operator"));
        await AwaitAssertAsync(() => Assert.Single(Client.CallsOf("Stop")), Patience);

        await FireUntil(() => coordinator.HasMessages);
        var finished = coordinator.ExpectMsg<LabelingJobFinished>(Patience);
        Assert.Equal((LabelingOutcome.Stopped, 2), (finished.Outcome, finished.Unlabeled.Count));
        Assert.Equal("operator", finished.Reason);
    }

    [Fact]
    public async Task The_watchdog_stops_a_job_without_progress_and_reports_it_stuck()
    {
        var coordinator = CreateTestProbe();
        Client.Script("faces-6", new Step(LabelingJobStatus.InProgress));
        var job = Job("faces-6", TestActor, coordinator);
        job.Tell(Start("faces-6", Item(1)));
        await WaitForPhase(job, "faces-6", LabelingJobPhase.Submitted);

        await FireUntil(() => Client.CallsOf("Stop").Count > 0);
        var stoppedAt = Client.CallsOf("Stop")[0].At;
        Assert.True(stoppedAt - Client.CallsOf("Describe")[0].At >= Settings.StuckAfter - Settings.PollInitial);
        await FireUntil(() => coordinator.HasMessages);
        var finished = coordinator.ExpectMsg<LabelingJobFinished>(Patience);
        Assert.Equal((LabelingOutcome.Stuck, 1), (finished.Outcome, finished.Unlabeled.Count));
    }

    // ---- coordinator ----

    private IActorRef Coordinator(IActorRef jobs, LabelingSettings? settings = null) =>
        Sys.ActorOf(LabelingCoordinator.Props(Project, settings ?? Settings, _clock, jobs));

    [Fact]
    public async Task Images_are_batched_by_size_at_once_and_by_age_later_and_a_restart_neither_loses_nor_rebatches_them()
    {
        var jobs = CreateTestProbe();
        var coordinator = Coordinator(jobs);
        coordinator.Tell(new ImagesAwaitingReview("default", [Item(1), Item(2), Item(3), Item(4)]));
        var full = jobs.ExpectMsg<StartLabelingJob>(Patience);
        Assert.Equal(3, full.Items.Count);
        Assert.Equal(LabelingFiles.BaseName("default", 1, [Id(1).Value, Id(2).Value, Id(3).Value]), full.JobName);
        Assert.True(LabelingJobValidation.IsValidJobName(full.JobName));
        jobs.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        coordinator.Tell(new ImagesAwaitingReview("default", [Item(2), Item(4)])); // announced again: nothing new
        _clock.Advance(TimeSpan.FromSeconds(29));
        _clock.FireDue();
        jobs.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        await Restart(coordinator);
        coordinator = Coordinator(jobs);
        Assert.Equal(full.JobName, jobs.ExpectMsg<StartLabelingJob>(Patience).JobName); // the open job is woken, not re-batched
        var status = await coordinator.Ask<LabelingStatus>(new GetLabelingStatus("default"), Patience);
        Assert.Equal((1, 1), (status.Pending, status.Jobs.Count));

        _clock.Advance(TimeSpan.FromSeconds(2));
        await _clock.FireNext();
        var aged = jobs.ExpectMsg<StartLabelingJob>(Patience);
        Assert.Equal([Id(4).Value], aged.Items.Select(i => i.ContentId));
        Assert.NotEqual(full.JobName, aged.JobName);
        coordinator.Tell(new ImagesAwaitingReview("default", [Item(1), Item(4)]));
        jobs.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        status = await coordinator.Ask<LabelingStatus>(new GetLabelingStatus("default"), Patience);
        Assert.Equal((0, 2), (status.Pending, status.Jobs.Count));
    }

    [Fact]
    public async Task A_failed_job_is_retried_for_its_remainder_under_a_new_name_until_max_attempts_then_raises_an_alert()
    {
        var items = new[] { Item(1), Item(2), Item(3) };
        var baseName = LabelingFiles.BaseName("default", 1, items.Select(i => i.ContentId));
        var datasets = CreateTestProbe();
        IActorRef? coordinator = null;
        var proxy = Sys.ActorOf(Props.Create(() => new Forwarder(() => coordinator!)));
        var jobs = Jobs(datasets, proxy);
        coordinator = Coordinator(jobs);
        foreach (var attempt in new[] { 1, 2, 3 })
            Client.Script(LabelingFiles.JobName(baseName, attempt), new Step(LabelingJobStatus.Failed, 0, $"ClientError: attempt {attempt} failed"));

        coordinator.Tell(new ImagesAwaitingReview("default", items));
        await FireUntil(() => Client.CreatedJobs.Count == 3 && coordinator.Ask<LabelingStatus>(new GetLabelingStatus("default")).Result.Alerts.Count > 0);

        Assert.Equal([baseName, baseName + "-r2", baseName + "-r3"], Client.CreatedJobs.Order());
        var status = await coordinator.Ask<LabelingStatus>(new GetLabelingStatus("default"), Patience);
        Assert.All(status.Jobs, j => Assert.Equal((LabelingOutcome.Failed, 3), (j.Outcome!.Value, j.Unlabeled)));
        Assert.Contains("attempt 3 failed", Assert.Single(status.Alerts));
        Assert.Contains("3 image(s) still unlabeled after 3 attempt(s)", status.Alerts[0]);
        Assert.Single(Client.CallsOf("Create", baseName)); // one job per attempt
    }

    [Fact]
    public async Task A_completed_job_with_unlabeled_objects_retries_only_those()
    {
        var items = new[] { Item(1), Item(2), Item(3) };
        var baseName = LabelingFiles.BaseName("default", 1, items.Select(i => i.ContentId));
        var datasets = CreateTestProbe();
        IActorRef? coordinator = null;
        var proxy = Sys.ActorOf(Props.Create(() => new Forwarder(() => coordinator!)));
        var jobs = Jobs(datasets, proxy);
        coordinator = Coordinator(jobs);
        Client.Script(baseName, new Step(LabelingJobStatus.Completed, 2));
        await WriteOutput(baseName, new Dictionary<string, LabeledBox[]> { [Id(1).Value] = [Human(5, 5)], [Id(2).Value] = [] }, Id(3).Value);

        coordinator.Tell(new ImagesAwaitingReview("default", items));
        await FireUntil(() => datasets.HasMessages);
        var merge = datasets.ExpectMsg<MergeHumanLabels>(Patience);
        Assert.Equal([Id(1).Value, Id(2).Value], merge.Images.Select(i => i.ContentId));
        Assert.Empty(merge.Images[1].Boxes); // labeled "nothing here"
        Assert.Equal(baseName, merge.Images[0].Boxes[0].Provenance.JobName);
        datasets.Reply(new HumanLabelsMergeAcknowledged("default", baseName, 2));

        await FireUntil(() => Client.CreatedJobs.Count == 2);
        var retry = Client.RequestOf(baseName + "-r2");
        var manifest = Encoding.UTF8.GetString(_store.ContentOf(ObjectUri.Parse(retry.InputConfig.DataSource.S3DataSource.ManifestS3Uri))!);
        Assert.Contains(Id(3).Value, manifest);
        Assert.DoesNotContain(Id(1).Value, manifest);
    }

    /// <summary>Forwards to an actor created later (the coordinator and the jobs know each other).</summary>
    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(Func<IActorRef> target) => ReceiveAny(m => target().Forward(m));
    }
}
