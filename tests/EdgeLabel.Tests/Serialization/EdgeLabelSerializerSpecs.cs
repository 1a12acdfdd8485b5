using EdgeLabel.Actors.Rollout;
using System.Runtime.Serialization;
using System.Text;
using Akka.Hosting;
using EdgeLabel.Actors;
using EdgeLabel.Actors.Datasets;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.GroundTruth;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.Actors.Labeling;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Actors.Serialization;
using EdgeLabel.Actors.Sites;
using EdgeLabel.Dataset.Model;
using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Embedded;
using EdgeLabel.Inference.Models;
using EdgeLabel.Tests.GroundTruth;
using static EdgeLabel.Tests.Support.Samples;

namespace EdgeLabel.Tests.Serialization;

public sealed class EdgeLabelSerializerSpecs(ITestOutputHelper output) : HostingSpec(output: output)
{
    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddEdgeLabelSerialization();

    private EdgeLabelSerializer Serializer => (EdgeLabelSerializer)Sys.Serialization.FindSerializerForType(typeof(ImageDecided));

    /// <summary>One filled-in instance per registered type; a newly registered type without a sample fails the spec.</summary>
    private static object SampleOf(Type type)
    {
        var reviewed = Decided(2, RouteKind.Review, 1234);
        var review = new OutboxItem(reviewed.Id, reviewed.Route, reviewed.Source, reviewed.Width, reviewed.Height, reviewed.Model, reviewed.Boxes, 17, At);
        var audit = review with { Id = Id(3), Kind = RouteKind.Audit, DecisionSequenceNr = 18 };
        var uploaded = new UploadedObject(Id(5), "s3://edgelabel/p/site-t/gate/2026/11/26/x.jpg", "0123abcd", 1234, At);
        var failed = new FailedItem(Id(6), "spool-file-missing", At);
        var job = GroundTruthSamples.Request("job-1", maxHumanLabeled: 5) with { Tags = [new Tag("project", "faces")] };
        var answer = new WorkerAnswer([new AnsweredBox("face", 1.5, 2, 30, 40)], 640, 480);
        var describe = new DescribeLabelingJobResponse
        {
            LabelingJobStatus = LabelingJobStatus.Completed, LabelCounters = new LabelCounters { TotalLabeled = 2, HumanLabeled = 2, FailedNonRetryableError = 1 },
            CreationTime = At, LastModifiedTime = At.AddMinutes(5), JobReferenceCode = "0123abcd", LabelingJobName = "job-1", LabelingJobArn = "arn:job-1",
            LabelAttributeName = "faces", InputConfig = job.InputConfig, OutputConfig = job.OutputConfig, RoleArn = job.RoleArn,
            LabelCategoryConfigS3Uri = job.LabelCategoryConfigS3Uri, StoppingConditions = job.StoppingConditions, HumanTaskConfig = job.HumanTaskConfig,
            Tags = job.Tags, LabelingJobOutput = new LabelingJobOutput { OutputDatasetS3Uri = "s3://b/o/job-1/manifests/output/output.manifest" },
        };
        var labelingItem = new LabelingItem(Id(1).Value, "s3://edgelabel/p/x.jpg", "site-t", RouteKind.Audit, "fake-detector", "1",
            [new LabeledBox(0, "face", 1.5, 2, 30, 40, BoxProvenance.Machine("fake-detector", "1", 0.9))]);
        var datasetImage = new DatasetImage(Id(1).Value, "s3://edgelabel/p/x.jpg", 1000, "site-t", "gate", At, 640, 480, ImageStatus.AwaitingReview,
            [new LabeledBox(0, "face", 1.5, 2, 30, 40, BoxProvenance.Machine("fake-detector", "1", 0.9)),
             new LabeledBox(0, "face", 3, 4, 10, 10, BoxProvenance.Human("job-1", ["w1", "w2"]))]);
        var humanImage = new HumanLabeledImage(Id(1).Value, true, [new LabeledBox(0, "face", 3, 4, 10, 10, BoxProvenance.Human("job-1", [], 0.5))]);
        return type switch
        {
            _ when type == typeof(MergeHumanLabels) => new MergeHumanLabels("default", "job-1", [humanImage]),
            _ when type == typeof(HumanLabelsMergeAcknowledged) => new HumanLabelsMergeAcknowledged("default", "job-1", 1),
            _ when type == typeof(HumanLabelsMerged) => new HumanLabelsMerged("job-1", [humanImage]),
            _ when type == typeof(ImagesAwaitingReview) => new ImagesAwaitingReview("default", [labelingItem]),
            _ when type == typeof(StartLabelingJob) => new StartLabelingJob("job-1", "default", 2, ["face"], [labelingItem]),
            _ when type == typeof(StopLabeling) => new StopLabeling("job-1", "operator"),
            _ when type == typeof(GetLabelingJobStatus) => new GetLabelingJobStatus("job-1"),
            _ when type == typeof(LabelingJobStatusReport) => new LabelingJobStatusReport("job-1", "default", "Submitted", 1, 3,
                LabelingJobStatus.InProgress, new LabelCounters { TotalLabeled = 1, Unlabeled = 2 }, null, 4, "describing the job: timeout"),
            _ when type == typeof(LabelingJobFinished) => new LabelingJobFinished("default", "job-1", LabelingOutcome.Failed, [Id(1).Value], [Id(2).Value], "ClientError"),
            _ when type == typeof(LabelingJobFinishedAck) => new LabelingJobFinishedAck("job-1"),
            _ when type == typeof(GetLabelingStatus) => new GetLabelingStatus("default"),
            _ when type == typeof(LabelingStatus) => new LabelingStatus("default", 1, At, [new LabelingJobEntry("job-1-r2", "job-1", 2, 3, LabelingOutcome.Stuck, "no progress", 1)], ["batch job-1: 1 image(s) still unlabeled"]),
            _ when type == typeof(LabelingJobAccepted) => new LabelingJobAccepted("job-1", "default", 1, ["face"], [labelingItem], At),
            _ when type == typeof(LabelingJobInputsWritten) => new LabelingJobInputsWritten("job-1", "s3://b/l/input/job-1/manifest.jsonl", "s3://b/l/input/job-1/label-categories.json", "s3://b/l/output"),
            _ when type == typeof(LabelingJobSubmitted) => new LabelingJobSubmitted("job-1", "arn:job-1", At),
            _ when type == typeof(LabelingJobProgressed) => new LabelingJobProgressed("job-1", LabelingJobStatus.InProgress, new LabelCounters { TotalLabeled = 2, HumanLabeled = 2 }, At),
            _ when type == typeof(LabelingJobStopRequested) => new LabelingJobStopRequested("job-1", "stuck", true, At),
            _ when type == typeof(LabelingJobEnded) => new LabelingJobEnded("job-1", LabelingJobStatus.Failed, "ClientError: x", At),
            _ when type == typeof(LabelingJobMerged) => new LabelingJobMerged("job-1", [Id(1).Value], At),
            _ when type == typeof(LabelingJobReported) => new LabelingJobReported("job-1", At),
            _ when type == typeof(LabelingImagesQueued) => new LabelingImagesQueued([labelingItem], At),
            _ when type == typeof(LabelingBatchStarted) => new LabelingBatchStarted("job-1-r2", "job-1", 2, [labelingItem], At),
            _ when type == typeof(LabelingJobConcluded) => new LabelingJobConcluded("job-1", LabelingOutcome.Completed, [Id(2).Value], null, At),
            _ when type == typeof(LabelingAlertRaised) => new LabelingAlertRaised("job-1", "batch job-1: 1 image(s) still unlabeled", At),
            _ when type == typeof(ImageDecided) => Decided(1, RouteKind.Audit),
            _ when type == typeof(ImageQuarantined) => Quarantined(4, "too-many-pixels"),
            _ when type == typeof(DecisionLedgerSnapshot) => new DecisionLedgerSnapshot(
                [Id(1).Value, Id(4).Value], ["AutoLabel", "quarantined"], new Dictionary<string, int> { ["too-many-pixels"] = 1 }),
            _ when type == typeof(OutboxItemsEnqueued) => new OutboxItemsEnqueued([review, audit], 18),
            _ when type == typeof(OutboxItemsUploaded) => new OutboxItemsUploaded([uploaded]),
            _ when type == typeof(OutboxItemsFailed) => new OutboxItemsFailed([failed]),
            _ when type == typeof(OutboxSpoolReleased) => new OutboxSpoolReleased([Id(5)]),
            _ when type == typeof(OutboxSnapshot) => new OutboxSnapshot([review], [new SpoolFile(Id(5), "png")], [failed], 99, 3, 4096, 2),
            _ when type == typeof(OutboxBytesDropped) => new OutboxBytesDropped([Id(7), Id(8)], DropReasons.SpoolQuota, At),
            _ when type == typeof(EdgeLabel.Actors.Cluster.CheckPeer) => new EdgeLabel.Actors.Cluster.CheckPeer("akka.tcp://edgelabel@10.0.0.2:4053"),
            _ when type == typeof(EdgeLabel.Actors.Cluster.PeerChecked) => new EdgeLabel.Actors.Cluster.PeerChecked("akka.tcp://edgelabel@10.0.0.2:4053", true),
            _ when type == typeof(SiteReport) => new SiteReport("site-t", "akka.tcp://edgelabel@10.0.0.7:4060", At, TimeSpan.FromSeconds(5),
                new OutboxStatus(3, 1, 1, 1, 4096, At.AddMinutes(-2), 42, 1, 17, 65536, 0.5, 2048, 1, OutboxStates.LinkDown, "store unreachable: timeout", At.AddMinutes(-3), 2),
                new DeliveryStatus("default", DeliveryStates.LinkDown, 60, 55, 5, 2, At.AddMinutes(-1), At.AddMinutes(-4), null),
                new DecisionSummary(40, 10, 3, 1, new Dictionary<string, int> { ["too-many-pixels"] = 1 }),
                new ModelIdentity("blazeface-back-256", "0123abcd4567", "0123abcd4567" + new string('0', 52))),
            _ when type == typeof(DeliverRecords) => new DeliverRecords("default", "site-t", [Record(1, reviewed), Record(2, reviewed, SiteRecordKind.ReviewNotice)]),
            _ when type == typeof(RecordsAcknowledged) => new RecordsAcknowledged("default", "site-t", 42),
            _ when type == typeof(RecordsRejected) => new RecordsRejected("nope", "site-t", "unknown project 'nope'"),
            _ when type == typeof(DeliveryRecordsQueued) => new DeliveryRecordsQueued([Record(7, reviewed)], 19),
            _ when type == typeof(DeliveryAcknowledged) => new DeliveryAcknowledged(7),
            _ when type == typeof(DeliverySnapshot) => new DeliverySnapshot([Record(8, reviewed)], [Record(8, reviewed)], 9, 7, 20),
            _ when type == typeof(GetDatasetStats) => new GetDatasetStats("default"),
            _ when type == typeof(DatasetStats) => new DatasetStats("default", 3, new Dictionary<string, int> { ["auto-labeled"] = 3 },
                new Dictionary<string, int> { ["site-t"] = 3 }, 5, 1, 2, 1, 0, new Dictionary<string, long> { ["site-t"] = 4 }, ["site-t/abc box 0: unknown class id 3"],
                [new AutoLabelPrecision("face", "fake-detector", "1", 2, 1, 0.5, 0.0945, 0.9055)]),
            _ when type == typeof(GetDatasetPage) => new GetDatasetPage("default", ImageStatus.AwaitingReview, "site-t", 20, 10),
            _ when type == typeof(DatasetPage) => new DatasetPage("default", 21, 20, [datasetImage]),
            _ when type == typeof(GetDatasetImage) => new GetDatasetImage("default", Id(1).Value),
            _ when type == typeof(DatasetImageFound) => new DatasetImageFound("default", Id(1).Value, datasetImage),
            _ when type == typeof(ExportDataset) => new ExportDataset("default", IncludeThumbnails: false),
            _ when type == typeof(DatasetExported) => new DatasetExported("default", "/out/dataset/default", 3, ["/out/dataset/default/coco/annotations.json"], null),
            _ when type == typeof(UnknownProject) => new UnknownProject("nope", "unknown project 'nope'"),
            _ when type == typeof(DatasetRecordsAbsorbed) => new DatasetRecordsAbsorbed("site-t", 2, [Record(1, reviewed), Record(2, reviewed, SiteRecordKind.ReviewNotice)]),
            _ when type == typeof(DatasetSnapshot) => new DatasetSnapshot([datasetImage],
                new Dictionary<string, long> { ["site-t"] = 2 }, 1, 2, 0, new Dictionary<string, RouteKind> { [Id(1).Value] = RouteKind.Audit }),
            _ when type == typeof(CreateLabelingJob) => new CreateLabelingJob(job),
            _ when type == typeof(DescribeLabelingJob) => new DescribeLabelingJob("job-1"),
            _ when type == typeof(ListLabelingJobs) => new ListLabelingJobs(new ListLabelingJobsRequest
                { StatusEquals = LabelingJobStatus.InProgress, MaxResults = 5, CreationTimeAfter = At, SortOrder = SortOrder.Descending, NextToken = "AQAAAA==" }),
            _ when type == typeof(StopLabelingJob) => new StopLabelingJob("job-1"),
            _ when type == typeof(LabelingJobCreated) => new LabelingJobCreated(new CreateLabelingJobResponse { LabelingJobArn = "arn:job-1" }),
            _ when type == typeof(LabelingJobDescribed) => new LabelingJobDescribed(describe),
            _ when type == typeof(LabelingJobsListed) => new LabelingJobsListed(new ListLabelingJobsResponse
            {
                LabelingJobSummaryList = [new LabelingJobSummary
                {
                    LabelingJobName = "job-1", LabelingJobArn = "arn:job-1", CreationTime = At, LastModifiedTime = At, LabelingJobStatus = LabelingJobStatus.Stopped,
                    LabelCounters = new LabelCounters { Unlabeled = 3 }, WorkteamArn = "arn:team", InputConfig = job.InputConfig,
                }],
                NextToken = "AgAAAA==",
            }),
            _ when type == typeof(LabelingJobStopAccepted) => new LabelingJobStopAccepted("job-1"),
            _ when type == typeof(SageMakerError) => SageMakerError.InUse("a job with this name already exists"),
            _ when type == typeof(ListWorkerTasks) => new ListWorkerTasks("w1"),
            _ when type == typeof(GetWorkerTask) => new GetWorkerTask("w1", "0123456789abcdef01234567"),
            _ when type == typeof(SubmitTaskAnswer) => new SubmitTaskAnswer("w1", "0123456789abcdef01234567", answer, 640, 480),
            _ when type == typeof(DeclineWorkerTask) => new DeclineWorkerTask("w2", "0123456789abcdef01234567"),
            _ when type == typeof(WorkerTaskList) => new WorkerTaskList("w1", [new WorkerTaskSummary("0123456789abcdef01234567", "job-1", "Faces", 3, At)]),
            _ when type == typeof(WorkerTaskDetail) => new WorkerTaskDetail("0123456789abcdef01234567", "job-1", "Faces", "Box every face", 3,
                "s3://b/images/3.jpg", ["face", "hand"], """{"edgelabel-site":"north"}""", At),
            _ when type == typeof(WorkerTaskAccepted) => new WorkerTaskAccepted("0123456789abcdef01234567"),
            _ when type == typeof(WorkerTaskRejected) => new WorkerTaskRejected("0123456789abcdef01234567", "box 0: unknown label 'cat'"),
            _ when type == typeof(WorkerTaskNotFound) => new WorkerTaskNotFound("0123456789abcdef01234567"),
            _ when type == typeof(WorkerTaskNotYours) => new WorkerTaskNotYours("0123456789abcdef01234567"),
            _ when type == typeof(GetLabelerStats) => new GetLabelerStats(),
            _ when type == typeof(LabelerStatsReport) => new LabelerStatsReport(At, [new LabelerStats("w1", 1, 7, 1, 0, 3, 12.5, 0.9167, 6),
                new LabelerStats("w2", 0, 0, 0, 0, 0, null, null, 0)]),
            _ when type == typeof(WorkerTaskClosed) => new WorkerTaskClosed("0123456789abcdef01234567", "expired"),
            _ when type == typeof(GroundTruthJobCreated) => new GroundTruthJobCreated("job-1", "arn:job-1", job, At),
            _ when type == typeof(GroundTruthJobInitialized) => new GroundTruthJobInitialized("job-1", ["face", "hand"],
                [new GroundTruthDataObject(0, "s3://b/images/0.jpg", """{"source-ref":"s3://b/images/0.jpg"}""", null),
                 new GroundTruthDataObject(1, null, "not json", "ClientError: line 2 of the input manifest is not valid JSON")],
                [new GroundTruthTask("0123456789abcdef01234567", 0, "w1", At.AddHours(1))], At),
            _ when type == typeof(GroundTruthJobFailed) => new GroundTruthJobFailed("job-1", "ClientError: no valid data objects", At),
            _ when type == typeof(GroundTruthTaskAnswered) => new GroundTruthTaskAnswered("job-1", "0123456789abcdef01234567", answer, At),
            _ when type == typeof(GroundTruthTaskDeclined) => new GroundTruthTaskDeclined("job-1", "0123456789abcdef01234567", At),
            _ when type == typeof(GroundTruthTasksExpired) => new GroundTruthTasksExpired("job-1", ["0123456789abcdef01234567"], At),
            _ when type == typeof(GroundTruthStopRequested) => new GroundTruthStopRequested("job-1", At),
            _ when type == typeof(GroundTruthJobFinished) => new GroundTruthJobFinished("job-1", LabelingJobStatus.Completed, "s3://b/o/job-1/manifests/output/output.manifest", At),
            _ when type == typeof(ModelPublished) => new ModelPublished(Release),
            _ when type == typeof(ModelRolledOut) => new ModelRolledOut("site-a", "v2", At),
            _ when type == typeof(RolloutAborted) => new RolloutAborted(null, At),
            _ when type == typeof(ModelRolledBack) => new ModelRolledBack("site-a", At),
            _ when type == typeof(ThresholdsSet) => new ThresholdsSet(null, new ThresholdsAssignment(3, 0.8f, 0.3f), At),
            _ when type == typeof(GetSiteAssignment) => new GetSiteAssignment("site-a"),
            _ when type == typeof(SiteAssignment) => new SiteAssignment("site-a", Release, new ThresholdsAssignment(3, 0.8f, 0.3f)),
            _ => throw new Xunit.Sdk.XunitException($"no sample for registered type {type.FullName}: add one to {nameof(SampleOf)}"),
        };
    }

    private static readonly ModelRelease Release = new("blazeface-back-256", "v2", "s3://models/models/blazeface-back-256/v2.onnx",
        new string('a', 64), 603432, "blazeface", ["face"], At);

    public static TheoryData<string> RegisteredTypeNames()
    {
        var data = new TheoryData<string>();
        foreach (var type in MessageManifests.RegisteredTypes) data.Add(type.FullName!);
        return data;
    }

    [Theory]
    [MemberData(nameof(RegisteredTypeNames))]
    public void Every_registered_type_round_trips_through_its_manifest(string typeName)
    {
        var type = MessageManifests.RegisteredTypes.Single(t => t.FullName == typeName);
        var sample = SampleOf(type);

        // Hosting binds IEdgeLabelMessage to our serializer.
        Assert.IsType<EdgeLabelSerializer>(Sys.Serialization.FindSerializerFor(sample));
        var manifest = Serializer.Manifest(sample);
        Assert.True(MessageManifests.TryGetType(manifest, out var registered));
        Assert.Equal(type, registered);
        Assert.EndsWith(".v1", manifest);

        var bytes = Serializer.ToBinary(sample);
        var back = Serializer.FromBinary(bytes, manifest);

        Assert.IsType(type, back);
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(Serializer.ToBinary(back)));
        Assert.DoesNotContain(type.FullName!, Encoding.UTF8.GetString(bytes)); // no CLR names in a journal row
    }

    [Fact]
    public void A_decision_survives_the_round_trip_field_by_field()
    {
        var decided = Decided(9, RouteKind.Review);
        var back = (ImageDecided)Serializer.FromBinary(Serializer.ToBinary(decided), Serializer.Manifest(decided));

        Assert.Equal(decided with { Boxes = back.Boxes }, back);
        Assert.Equal(decided.Boxes, back.Boxes);
        Assert.Equal(decided.Id, back.Id);
        Assert.Equal(decided.DecidedAt, back.DecidedAt);
    }

    [Fact]
    public void A_site_report_survives_the_round_trip_with_the_edges_status_records_intact()
    {
        var report = (SiteReport)SampleOf(typeof(SiteReport));
        var back = (SiteReport)Serializer.FromBinary(Serializer.ToBinary(report), Serializer.Manifest(report));

        Assert.Equal("sites.site-report.v1", Serializer.Manifest(report));
        Assert.Equal(report with { Decisions = back.Decisions }, back); // records compare by value, except the dictionary inside
        Assert.Equal((report.Decisions.AutoLabeled, report.Decisions.Review, report.Decisions.Audit, report.Decisions.Quarantined),
            (back.Decisions.AutoLabeled, back.Decisions.Review, back.Decisions.Audit, back.Decisions.Quarantined));
        Assert.Equal(report.Decisions.QuarantineReasons, back.Decisions.QuarantineReasons);
    }

    [Fact]
    public void Every_edgelabel_message_type_in_the_assembly_has_a_manifest_or_is_deliberately_local()
    {
        var messageTypes = typeof(IEdgeLabelMessage).Assembly.GetTypes()
            .Where(t => typeof(IEdgeLabelMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false });
        Assert.All(messageTypes, t => Assert.Contains(t, MessageManifests.RegisteredTypes));
    }

    [Fact]
    public void An_unregistered_message_type_is_refused()
    {
        var unregistered = new NotRegistered(1);
        Assert.IsType<EdgeLabelSerializer>(Sys.Serialization.FindSerializerFor(unregistered));
        var manifestError = Assert.Throws<SerializationException>(() => Serializer.Manifest(unregistered));
        Assert.Contains(nameof(NotRegistered), manifestError.Message);
        Assert.Throws<SerializationException>(() => Serializer.ToBinary(unregistered));
    }

    [Fact]
    public void An_unknown_manifest_is_refused()
    {
        var bytes = Serializer.ToBinary(Decided(1));
        var error = Assert.Throws<SerializationException>(() => Serializer.FromBinary(bytes, "decisions.image-decided.v9"));
        Assert.Contains("decisions.image-decided.v9", error.Message);
    }

    [Fact]
    public void A_payload_with_a_malformed_content_id_is_refused()
    {
        var json = Encoding.UTF8.GetString(Serializer.ToBinary(Quarantined(1))).Replace(Id(1).Value, "../../etc/passwd");
        Assert.ThrowsAny<Exception>(() => Serializer.FromBinary(Encoding.UTF8.GetBytes(json), "decisions.image-quarantined.v1"));
    }

    private sealed record NotRegistered(int X) : IEdgeLabelMessage;
}
