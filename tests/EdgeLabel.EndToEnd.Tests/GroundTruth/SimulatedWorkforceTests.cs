using System.Diagnostics;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using EdgeLabel.EndToEnd.Tests.Support;
using EdgeLabel.EndToEnd.Tests.Support.Cluster;
using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Client;
using EdgeLabel.Workforce.Api;
using EdgeLabel.Workforce.Simulation;
using EdgeLabel.Workforce.Truth;
using CloudNodeProcess = EdgeLabel.EndToEnd.Tests.Support.Cluster.CloudNode;

namespace EdgeLabel.EndToEnd.Tests.GroundTruth;

/// <summary>The simulated workforce (src/Workforce) against a real cloud node's embedded Ground Truth service: a job
/// over the dlib sample photos, created with our SageMaker client, is completed by five zero-error simulated labelers
/// using the task API over HTTP, and its output manifest holds exactly the dlib truth; an image nobody knows gets
/// its pre-annotations echoed.</summary>
public sealed class SimulatedWorkforceTests(ITestOutputHelper output)
{
    private const string AccessKey = "AKIDEDGELABELWORKFORCE";
    private const string SecretKey = "test-secret-key-of-the-simulated-workforce";
    private const string Bucket = "gt-workforce";
    private const string Job = "faces-simulated-1";
    private const int WorkersPerObject = 2;
    private const string LabelsUri = $"s3://{Bucket}/input/labels.json";
    private static readonly string[] Workers = ["w1", "w2", "w3", "w4", "w5"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    private static string TokenOf(string worker) => $"token-of-{worker}-simulated-0123456789";

    [Fact]
    public async Task Five_zero_error_simulated_labelers_complete_a_job_over_the_dlib_photos_with_exactly_the_dlib_truth()
    {
        var ct = TestContext.Current.CancellationToken;
        var known = KnownImages.LoadDlib(TestData.DlibFaces);
        Assert.Empty(known.Missing);
        Assert.Equal((9, 43), (known.Count, known.BoxCount));

        await using var cluster = new ClusterDeployment("gt-workforce", output);
        var (cloud, bucketDir) = AddCloud(cluster);

        // The nine annotated photos, plus one photo no truth file knows, which carries pre-annotations.
        var lines = new List<string>();
        foreach (var image in known.Images.OrderBy(i => i.FileName, StringComparer.Ordinal))
        {
            File.Copy(image.Path, Path.Combine(bucketDir, "images", image.FileName));
            lines.Add(new JsonObject { ["source-ref"] = $"s3://{Bucket}/images/{image.FileName}" }.ToJsonString());
        }
        const string unknownName = "dogs.jpg";
        var unknownPhoto = Path.Combine(TestData.DlibFaces, unknownName);
        Assert.False(known.TryGet(TestData.Sha256(unknownPhoto), out _));
        File.Copy(unknownPhoto, Path.Combine(bucketDir, "images", unknownName));
        AnswerBox[] preAnnotated = [new("face", 12, 34, 56, 78), new("face", 100.5, 20.25, 40, 30)];
        lines.Add(new JsonObject
        {
            ["source-ref"] = $"s3://{Bucket}/images/{unknownName}",
            ["edgelabel-pre-annotations"] = new JsonArray(preAnnotated.Select(b => (JsonNode)new JsonObject
            {
                ["label"] = b.Label, ["class_id"] = 0, ["left"] = b.Left, ["top"] = b.Top, ["width"] = b.Width, ["height"] = b.Height, ["score"] = 0.9,
            }).ToArray()),
        }.ToJsonString());
        File.WriteAllText(Path.Combine(bucketDir, "input", "manifest.jsonl"), string.Join("\n", lines) + "\n");

        await cluster.StartAsync(ct);
        using var sageMaker = SageMaker(cloud);
        await sageMaker.CreateLabelingJobAsync(CreateRequest(Job, $"s3://{Bucket}/input/manifest.jsonl", WorkersPerObject), ct);

        var logLines = new List<string>();
        var profiles = WorkerTokens.PerfectProfiles(Workers.Select(w => (w, TokenOf(w))));
        var options = new WorkforceOptions { PollInterval = TimeSpan.FromMilliseconds(200) };
        DescribeLabelingJobResponse done;
        WorkforceStats stats;
        await using (var workforce = new SimulatedWorkforce(new Uri(cloud.HttpUrl), profiles, known, options, line =>
                     {
                         lock (logLines) logLines.Add(line);
                         output.WriteLine(line);
                     }))
        {
            workforce.Start();
            done = await WaitForFinishedAsync(sageMaker, Job, ct);
            await workforce.StopAsync();
            stats = workforce.Snapshot();
        }
        output.WriteLine(stats.Summary());

        // ---- the job ----
        Assert.Equal(LabelingJobStatus.Completed, done.LabelingJobStatus);
        Assert.Equal((10, 10, 0, 0), (done.LabelCounters.TotalLabeled, done.LabelCounters.HumanLabeled, done.LabelCounters.FailedNonRetryableError,
            done.LabelCounters.Unlabeled));

        // ---- the workforce: every object answered by exactly WorkersPerObject labelers, each task once ----
        var answered = stats.Tasks.ToArray();
        Assert.Equal(10 * WorkersPerObject, stats.Answered);
        Assert.Equal(answered.Length, answered.Select(t => t.TaskId).Distinct().Count());
        var perObject = answered.GroupBy(t => (t.JobName, t.DataObjectIndex)).ToArray();
        Assert.Equal(10, perObject.Length);
        Assert.All(perObject, g => Assert.Equal(WorkersPerObject, g.Select(t => t.WorkerId).Distinct().Count()));
        Assert.All(answered, t => Assert.Equal(Job, t.JobName));
        Assert.Equal((9 * WorkersPerObject, WorkersPerObject), (stats.FromTruth, stats.WithoutTruth));
        Assert.Equal((0, 0, 0, 0), (stats.Rejected, stats.Declined, stats.Skipped, stats.Failures));
        Assert.Equal(WorkersPerObject, answered.Count(t => t.Source == AnswerSource.PreAnnotations && t.Boxes == preAnnotated.Length));
        lock (logLines)
        {
            Assert.NotEmpty(logLines);
            Assert.All(logLines, l => Assert.StartsWith(WorkforceLog.Prefix, l));
            Assert.Contains(logLines, l => l.Contains("SIMULATED", StringComparison.Ordinal));
            Assert.DoesNotContain(logLines, l => l.Contains(TokenOf("w1"), StringComparison.Ordinal));
        }

        // ---- the output manifest: the dlib truth, box for box ----
        AssertOutputIsTruth(bucketDir, Job, 10, name => name == unknownName ? preAnnotated : TruthOf(known, name));
    }

    [Fact]
    public async Task Answers_the_service_refuses_are_counted_as_rejected_and_their_tasks_declined_so_the_job_finishes()
    {
        var ct = TestContext.Current.CancellationToken;
        // Truth whose unlabelled boxes are called "cat": a label this job does not have, so every answer is a 400.
        var wrong = KnownImages.LoadDlib(TestData.DlibFaces, unlabelledAs: "cat");
        await using var cluster = new ClusterDeployment("gt-workforce-rejected", output);
        var (cloud, bucketDir) = AddCloud(cluster);
        var photos = wrong.Images.OrderBy(i => i.FileName, StringComparer.Ordinal).Take(2).ToArray();
        foreach (var photo in photos) File.Copy(photo.Path, Path.Combine(bucketDir, "images", photo.FileName));
        File.WriteAllText(Path.Combine(bucketDir, "input", "rejected.jsonl"),
            string.Join("\n", photos.Select(p => new JsonObject { ["source-ref"] = $"s3://{Bucket}/images/{p.FileName}" }.ToJsonString())) + "\n");
        await cluster.StartAsync(ct);
        using var sageMaker = SageMaker(cloud);
        await sageMaker.CreateLabelingJobAsync(CreateRequest("cats-rejected", $"s3://{Bucket}/input/rejected.jsonl", 1), ct);

        var logLines = new List<string>();
        DescribeLabelingJobResponse done;
        WorkforceStats stats;
        await using (var workforce = new SimulatedWorkforce(new Uri(cloud.HttpUrl), WorkerTokens.PerfectProfiles(Workers.Select(w => (w, TokenOf(w)))),
                         wrong, new WorkforceOptions { PollInterval = TimeSpan.FromMilliseconds(200) }, line =>
                         {
                             lock (logLines) logLines.Add(line);
                             output.WriteLine(line);
                         }))
        {
            workforce.Start();
            done = await WaitForFinishedAsync(sageMaker, "cats-rejected", ct);
            await workforce.StopAsync();
            stats = workforce.Snapshot();
        }

        // Nobody answered, so each object fails (declined tasks are not re-offered): the job finishes instead of hanging.
        Assert.Equal((0, 2, 0), (done.LabelCounters.HumanLabeled, done.LabelCounters.FailedNonRetryableError, done.LabelCounters.Unlabeled));
        Assert.Equal((0, 2, 2, 0), (stats.Answered, stats.Rejected, stats.Declined, stats.Failures));
        lock (logLines)
            Assert.Equal(2, logLines.Count(l => l.Contains("REJECTED: box 0: unknown label 'cat' (labels: face)", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Simulated_labelers_ride_out_a_SIGKILLed_cloud_node_and_the_job_still_ends_with_the_dlib_truth()
    {
        var ct = TestContext.Current.CancellationToken;
        var known = KnownImages.LoadDlib(TestData.DlibFaces);
        await using var cluster = new ClusterDeployment("gt-workforce-restart", output);
        var (cloud, bucketDir) = AddCloud(cluster);
        var images = known.Images.OrderBy(i => i.FileName, StringComparer.Ordinal).ToArray();
        foreach (var image in images) File.Copy(image.Path, Path.Combine(bucketDir, "images", image.FileName));
        File.WriteAllText(Path.Combine(bucketDir, "input", "restart.jsonl"),
            string.Join("\n", images.Select(i => new JsonObject { ["source-ref"] = $"s3://{Bucket}/images/{i.FileName}" }.ToJsonString())) + "\n");
        await cluster.StartAsync(ct);
        using var sageMaker = SageMaker(cloud);
        await sageMaker.CreateLabelingJobAsync(CreateRequest("faces-restart", $"s3://{Bucket}/input/restart.jsonl", 1), ct);

        // Slow labelers (0.5-1 s a task), so that the node dies with most tasks still open.
        var profiles = WorkerTokens.PerfectProfiles(Workers.Select(w => (w, TokenOf(w))))
            .Select(p => p with { MinLatency = TimeSpan.FromMilliseconds(500), MaxLatency = TimeSpan.FromSeconds(1) }).ToArray();
        WorkforceStats stats;
        DescribeLabelingJobResponse done;
        await using (var workforce = new SimulatedWorkforce(new Uri(cloud.HttpUrl), profiles, known,
                         new WorkforceOptions { PollInterval = TimeSpan.FromMilliseconds(200), RetryMax = TimeSpan.FromSeconds(2) }, output.WriteLine))
        {
            workforce.Start();
            var clock = Stopwatch.StartNew();
            while (workforce.Snapshot().Answered < 2 && clock.Elapsed < Patience) await Task.Delay(100, ct);
            var before = workforce.Snapshot().Answered;
            Assert.InRange(before, 2, images.Length - 2);
            cloud.KillAndRestart();
            await cloud.WaitUpAsync(ClusterDeployment.StartTimeout, ct);
            done = await WaitForFinishedAsync(sageMaker, "faces-restart", ct);
            await workforce.StopAsync();
            stats = workforce.Snapshot();
            output.WriteLine($"answered {before} before the kill; {stats.Summary()}");
        }

        Assert.Equal(LabelingJobStatus.Completed, done.LabelingJobStatus);
        Assert.Equal((9, 0), (done.LabelCounters.HumanLabeled, done.LabelCounters.FailedNonRetryableError));
        Assert.True(stats.Retries > 0, "the labelers never had to retry: the node was not down while they worked");
        Assert.Equal(0, stats.Rejected);
        // An answer sent just before the kill may have been stored without its reply arriving: retried, it is a 409.
        Assert.InRange(stats.Answered, 9 - stats.Skipped, 9);
        Assert.Equal(stats.Answered, stats.Tasks.Select(t => t.TaskId).Distinct().Count());
        AssertOutputIsTruth(bucketDir, "faces-restart", 9, name => TruthOf(known, name));
    }

    private static AnswerBox[] TruthOf(KnownImages known, string fileName) =>
        known.Images.Single(i => i.FileName == fileName).Boxes.Select(b => new AnswerBox(b.Label, b.Left, b.Top, b.Width, b.Height)).ToArray();

    /// <summary>The job's output manifest has <paramref name="objects"/> lines, one per image, each holding the expected boxes.</summary>
    private static void AssertOutputIsTruth(string bucketDir, string job, int objects, Func<string, IReadOnlyList<AnswerBox>> expectedOf)
    {
        var manifest = File.ReadAllLines(Path.Combine(bucketDir, "output", job, "manifests", "output", "output.manifest"));
        Assert.Equal(objects, manifest.Length);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in manifest)
        {
            var line = JsonNode.Parse(text)!.AsObject();
            var name = line["source-ref"]!.GetValue<string>().Split('/')[^1];
            Assert.True(seen.Add(name), $"{name} appears twice");
            Assert.Equal("face", line["faces-metadata"]!["class-map"]!["0"]!.GetValue<string>());
            var boxes = line["faces"]!["annotations"]!.AsArray().Select(a => new AnswerBox(
                a!["class_id"]!.GetValue<int>() == 0 ? "face" : "?", a["left"]!.GetValue<double>(), a["top"]!.GetValue<double>(),
                a["width"]!.GetValue<double>(), a["height"]!.GetValue<double>())).ToArray();
            AssertSameBoxes(name, expectedOf(name), boxes);
        }
    }

    private static (CloudNodeProcess Cloud, string BucketDir) AddCloud(ClusterDeployment cluster)
    {
        var cloud = cluster.AddCloud(extraHocon: ["cloud.ground-truth.task-check-interval = 200ms"]);
        cloud.Environment["EDGELABEL_GT_ACCESS_KEYS"] = $"{AccessKey}:{SecretKey}";
        cloud.Environment["EDGELABEL_GT_WORKER_TOKENS"] = string.Join(",", Workers.Select(w => $"{w}:{TokenOf(w)}"));
        var bucketDir = Path.Combine(cloud.Directory, "object-store", Bucket);
        Directory.CreateDirectory(Path.Combine(bucketDir, "images"));
        Directory.CreateDirectory(Path.Combine(bucketDir, "input"));
        File.WriteAllText(Path.Combine(bucketDir, "input", "labels.json"), """{"document-version":"2018-11-28","labels":[{"label":"face"}]}""");
        return (cloud, bucketDir);
    }

    private static SageMakerLabelingClient SageMaker(CloudNodeProcess cloud) => new(new SageMakerClientOptions
    {
        Region = "us-east-1",
        ServiceUrl = new Uri(cloud.HttpUrl + "/"),
        Credentials = new BasicAWSCredentials(AccessKey, SecretKey),
    });

    /// <summary>Same count, and a one-to-one pairing (best IoU first) where every pair has IoU ≥ 0.9 and the same label.</summary>
    private static void AssertSameBoxes(string image, IReadOnlyList<AnswerBox> truth, IReadOnlyList<AnswerBox> actual)
    {
        Assert.True(truth.Count == actual.Count, $"{image}: {actual.Count} consolidated box(es), truth has {truth.Count}");
        var pairs = (from t in Enumerable.Range(0, truth.Count) from a in Enumerable.Range(0, actual.Count)
                     select (t, a, IoU: truth[t].IoU(actual[a]))).OrderByDescending(p => p.IoU).ToList();
        var (usedT, usedA) = (new HashSet<int>(), new HashSet<int>());
        foreach (var (t, a, iou) in pairs)
        {
            if (usedT.Contains(t) || usedA.Contains(a)) continue;
            Assert.True(iou >= 0.9, $"{image}: truth {truth[t]} is best matched by {actual[a]} with IoU {iou:0.000}");
            Assert.Equal(truth[t].Label, actual[a].Label);
            usedT.Add(t);
            usedA.Add(a);
        }
        Assert.Equal(truth.Count, usedT.Count);
    }

    /// <summary>Polls DescribeLabelingJob until the job is Completed, Failed or Stopped.</summary>
    private async Task<DescribeLabelingJobResponse> WaitForFinishedAsync(SageMakerLabelingClient sageMaker, string job, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        DescribeLabelingJobResponse? last = null;
        while (clock.Elapsed < Patience)
        {
            last = await sageMaker.DescribeLabelingJobAsync(new DescribeLabelingJobRequest { LabelingJobName = job }, ct);
            if (last.LabelingJobStatus is LabelingJobStatus.Completed or LabelingJobStatus.Failed or LabelingJobStatus.Stopped)
            {
                output.WriteLine($"{job} is {last.LabelingJobStatus} after {clock.Elapsed.TotalSeconds:0.0}s ({last.FailureReason})");
                return last;
            }
            await Task.Delay(500, ct);
        }
        Assert.Fail($"{job} did not finish within {Patience.TotalSeconds:0}s; counters {last?.LabelCounters}");
        return null!;
    }

    private static CreateLabelingJobRequest CreateRequest(string job, string manifestUri, int workersPerObject) => new()
    {
        LabelingJobName = job,
        LabelAttributeName = "faces",
        InputConfig = new LabelingJobInputConfig
        {
            DataSource = new LabelingJobDataSource { S3DataSource = new LabelingJobS3DataSource { ManifestS3Uri = manifestUri } },
        },
        OutputConfig = new LabelingJobOutputConfig { S3OutputPath = $"s3://{Bucket}/output/" },
        RoleArn = "arn:aws:iam::000000000000:role/edgelabel-labeling",
        LabelCategoryConfigS3Uri = LabelsUri,
        HumanTaskConfig = new HumanTaskConfig
        {
            WorkteamArn = "arn:aws:sagemaker:us-east-1:000000000000:workteam/private-crowd/edgelabel",
            UiConfig = new UiConfig { HumanTaskUiArn = "arn:aws:sagemaker:us-east-1:394669845002:human-task-ui/BoundingBox" },
            PreHumanTaskLambdaArn = "arn:aws:lambda:us-east-1:432418664414:function:PRE-BoundingBox",
            TaskTitle = "Draw a box around every face",
            TaskDescription = "One box per face, tight around the visible face",
            NumberOfHumanWorkersPerDataObject = workersPerObject,
            TaskTimeLimitInSeconds = 300,
            TaskAvailabilityLifetimeInSeconds = 3600,
            AnnotationConsolidationConfig = new AnnotationConsolidationConfig
            {
                AnnotationConsolidationLambdaArn = "arn:aws:lambda:us-east-1:432418664414:function:ACS-BoundingBox",
            },
        },
    };
}
