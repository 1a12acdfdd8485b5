using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeLabel.EndToEnd.Tests.Support;
using EdgeLabel.EndToEnd.Tests.Support.Cluster;
using SkiaSharp;

namespace EdgeLabel.EndToEnd.Tests.GroundTruth;

/// <summary>The embedded Ground Truth service of a real cloud node, driven by the AWS SDK for JavaScript
/// (<c>@aws-sdk/client-sagemaker</c>, Scripts/sagemaker-client.cjs) over SigV4, with simulated labelers answering
/// through the task API: create → InProgress → every task answered → Completed with Ground Truth's output layout;
/// list by status; stop; and the AWS error types the SDK surfaces.</summary>
public sealed class EmbeddedServiceJsSdkTests(ITestOutputHelper output)
{
    private const string AccessKey = "AKIDEDGELABELTEST";
    private const string SecretKey = "test-secret-key-of-the-embedded-service";
    private const string Bucket = "gt-e2e";
    private static readonly string[] Workers = ["w1", "w2", "w3", "w4", "w5"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static string TokenOf(string worker) => $"token-of-{worker}-0123456789";

    [Fact]
    public async Task The_AWS_JS_SDK_creates_describes_lists_and_stops_jobs_that_labelers_complete_through_the_task_api()
    {
        var ct = TestContext.Current.CancellationToken;
        RequireSdk();
        await using var cluster = new ClusterDeployment("gt-js-sdk", output);
        var cloud = cluster.AddCloud(extraHocon: ["cloud.ground-truth.task-check-interval = 200ms"]);
        cloud.Environment["EDGELABEL_GT_ACCESS_KEYS"] = $"{AccessKey}:{SecretKey},AKIDOTHER:other-secret";
        cloud.Environment["EDGELABEL_GT_WORKER_TOKENS"] = string.Join(",", Workers.Select(w => $"{w}:{TokenOf(w)}"));

        // Inputs in the node's local object store: three photos, a label category config, and a manifest with
        // three good lines, one JSON line without source-ref and one line that is not JSON.
        var bucketDir = Path.Combine(cloud.Directory, "object-store", Bucket);
        Directory.CreateDirectory(Path.Combine(bucketDir, "images"));
        Directory.CreateDirectory(Path.Combine(bucketDir, "input"));
        var photos = TestData.DlibPhotos.Take(3).ToArray();
        var sizes = new List<(int W, int H)>();
        var lines = new List<string>();
        for (var i = 0; i < photos.Length; i++)
        {
            File.Copy(photos[i], Path.Combine(bucketDir, "images", $"img-{i}.jpg"));
            var bounds = SKBitmap.DecodeBounds(photos[i]);
            sizes.Add((bounds.Width, bounds.Height));
            var line = new JsonObject { ["source-ref"] = $"s3://{Bucket}/images/img-{i}.jpg", ["edgelabel-site"] = "north" };
            if (i == 0)
                line["edgelabel-pre-annotations"] = new JsonArray(new JsonObject { ["label"] = "face", ["left"] = 1, ["top"] = 2, ["width"] = 30, ["height"] = 40, ["score"] = 0.42 });
            lines.Add(line.ToJsonString());
        }
        lines.Insert(1, """{"no-source-ref": true}""");
        lines.Add("this line is not JSON");
        File.WriteAllText(Path.Combine(bucketDir, "input", "manifest.jsonl"), string.Join("\n", lines) + "\n");
        File.WriteAllText(Path.Combine(bucketDir, "input", "labels.json"), """{"document-version":"2018-11-28","labels":[{"label":"face"},{"label":"hand"}]}""");

        await cluster.StartAsync(ct);
        var sdk = new SageMakerJs(cloud.HttpUrl, output);

        // ---- create → InProgress ----
        var created = await sdk.OkAsync("CreateLabelingJob", CreateInput("faces-e2e-1"), ct);
        Assert.Equal("arn:aws:sagemaker:us-east-1:000000000000:labeling-job/faces-e2e-1", created["LabelingJobArn"]!.GetValue<string>());
        var described = await sdk.WaitForStatusAsync("faces-e2e-1", "InProgress", ct);
        Assert.Equal(2, described["LabelCounters"]!["FailedNonRetryableError"]!.GetValue<int>());
        Assert.Equal(3, described["LabelCounters"]!["Unlabeled"]!.GetValue<int>());

        // ---- the labelers: everybody answers every task of theirs ----
        using var anonymous = new HttpClient { BaseAddress = new Uri(cloud.HttpUrl) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/labeling/api/tasks", ct)).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token-of-anybody");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/labeling/api/tasks", ct)).StatusCode);

        var clients = Workers.ToDictionary(w => w, w => new HttpClient
        {
            BaseAddress = new Uri(cloud.HttpUrl),
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", TokenOf(w)) },
        });
        var tasksOf = new Dictionary<string, List<string>>();
        foreach (var (worker, http) in clients)
        {
            var list = JsonNode.Parse(await GetOkAsync(http, "/labeling/api/tasks", ct))!;
            tasksOf[worker] = list["tasks"]!.AsArray().Select(t => t!["taskId"]!.GetValue<string>()).ToList();
        }
        var allTasks = tasksOf.SelectMany(p => p.Value.Select(t => (Worker: p.Key, Task: t))).ToArray();
        Assert.Equal(3 * 2, allTasks.Length); // three good data objects, two labelers each
        Assert.Equal(allTasks.Length, allTasks.Select(t => t.Task).Distinct().Count());

        var someone = allTasks[0];
        var stranger = clients.First(c => !tasksOf[c.Key].Contains(someone.Task)).Value;
        // Another labeler's task: 403 (it exists, it is not theirs); an unknown id: 404.
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/labeling/api/tasks/{someone.Task}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/labeling/api/tasks/{someone.Task}/image", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.PostAsync($"/labeling/api/tasks/{someone.Task}/answer",
            Json(Answer("face", 1, 1, 5, 5, 100, 100)), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/labeling/api/tasks/0123456789abcdef01234567", ct)).StatusCode);

        var objectsSeen = new Dictionary<int, int>();
        var preAnnotated = 0;
        foreach (var (worker, taskId) in allTasks)
        {
            var http = clients[worker];
            var task = JsonNode.Parse(await GetOkAsync(http, $"/labeling/api/tasks/{taskId}", ct))!;
            var index = task["dataObjectIndex"]!.GetValue<int>();
            objectsSeen[index] = objectsSeen.GetValueOrDefault(index) + 1;
            Assert.Equal(["face", "hand"], task["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
            Assert.DoesNotContain("s3://", task.ToJsonString()); // no raw store paths for labelers
            var photo = index == 0 ? 0 : index - 1; // line 1 of the manifest is the one without source-ref
            var (w, h) = sizes[photo];
            Assert.Equal(w, task["imageSize"]!["width"]!.GetValue<int>());
            Assert.Equal(h, task["imageSize"]!["height"]!.GetValue<int>());
            if (task["preAnnotations"] is JsonArray pre)
            {
                preAnnotated++;
                Assert.Equal(0.42, pre[0]!["score"]!.GetValue<double>());
            }
            Assert.Equal("north", task["attributes"]!["edgelabel-site"]!.GetValue<string>());

            var image = await http.GetAsync(task["imageUrl"]!.GetValue<string>(), ct);
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
            Assert.Equal(File.ReadAllBytes(photos[photo]), await image.Content.ReadAsByteArrayAsync(ct));

            // Bad answers first: each refused with 400 and a reason, and the task stays open.
            await AssertRejectedAsync(http, taskId, Answer("face", w - 10, 10, 50, 50, w, h), "outside", ct);
            await AssertRejectedAsync(http, taskId, Answer("face", 10, 10, -5, 50, w, h), "negative", ct);
            await AssertRejectedAsync(http, taskId, Answer("dog", 10, 10, 50, 50, w, h), "unknown label", ct);
            await AssertRejectedAsync(http, taskId, Answer("face", 10, 10, 50, 50, w + 1, h), "do not match", ct);
            var padding = new string(' ', 70 * 1024);
            var oversize = await http.PostAsync($"/labeling/api/tasks/{taskId}/answer",
                new StringContent(Answer("face", 10, 10, 50, 50, w, h).ToJsonString() + padding, Encoding.UTF8, "application/json"), ct);
            Assert.Equal(HttpStatusCode.BadRequest, oversize.StatusCode);
            Assert.Contains("larger than", await oversize.Content.ReadAsStringAsync(ct));

            // The good answer: both labelers of an object draw nearly the same box, so it survives consolidation.
            var answered = await http.PostAsync($"/labeling/api/tasks/{taskId}/answer",
                Json(Answer("face", w * 0.25, h * 0.25, w * 0.5, h * 0.5, w, h)), ct);
            Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync(ct));
            var again = await http.PostAsync($"/labeling/api/tasks/{taskId}/answer", Json(Answer("face", 1, 1, 5, 5, w, h)), ct);
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }
        Assert.Equal([0, 2, 3], objectsSeen.Keys.Order());
        Assert.All(objectsSeen.Values, n => Assert.Equal(2, n));
        Assert.Equal(2, preAnnotated);
        foreach (var (worker, http) in clients)
            Assert.Empty(JsonNode.Parse(await GetOkAsync(http, "/labeling/api/tasks", ct))!["tasks"]!.AsArray());

        // ---- Completed, with Ground Truth's output ----
        var completed = await sdk.WaitForStatusAsync("faces-e2e-1", "Completed", ct);
        var counters = completed["LabelCounters"]!;
        Assert.Equal((3, 3, 0, 2, 0), (counters["TotalLabeled"]!.GetValue<int>(), counters["HumanLabeled"]!.GetValue<int>(),
            counters["MachineLabeled"]!.GetValue<int>(), counters["FailedNonRetryableError"]!.GetValue<int>(), counters["Unlabeled"]!.GetValue<int>()));
        var outputUri = completed["LabelingJobOutput"]!["OutputDatasetS3Uri"]!.GetValue<string>();
        Assert.Equal($"s3://{Bucket}/output/faces-e2e-1/manifests/output/output.manifest", outputUri);
        var jobDir = Path.Combine(bucketDir, "output", "faces-e2e-1");
        var manifest = File.ReadAllLines(Path.Combine(jobDir, "manifests", "output", "output.manifest"));
        output.WriteLine(string.Join("\n", manifest));
        Assert.Equal(4, manifest.Length); // three labeled + the JSON line without source-ref (failed); the non-JSON line cannot be echoed
        var labeled = manifest.Select(l => JsonNode.Parse(l)!.AsObject()).Where(o => o.ContainsKey("faces")).ToArray();
        Assert.Equal(3, labeled.Length);
        foreach (var line in labeled)
        {
            var i = int.Parse(line["source-ref"]!.GetValue<string>().Split("img-")[1].Split('.')[0]);
            var (w, h) = sizes[i];
            var label = line["faces"]!;
            Assert.Equal(w, label["image_size"]![0]!["width"]!.GetValue<int>());
            Assert.Equal(h, label["image_size"]![0]!["height"]!.GetValue<int>());
            Assert.Equal(3, label["image_size"]![0]!["depth"]!.GetValue<int>());
            var box = Assert.Single(label["annotations"]!.AsArray())!;
            Assert.Equal(0, box["class_id"]!.GetValue<int>());
            Assert.Equal(Math.Round(w * 0.25, 2), box["left"]!.GetValue<double>(), 2);
            Assert.Equal(Math.Round(h * 0.5, 2), box["height"]!.GetValue<double>(), 2);
            var meta = line["faces-metadata"]!;
            Assert.Equal(1.0, Assert.Single(meta["objects"]!.AsArray())!["confidence"]!.GetValue<double>(), 2); // two labelers, identical boxes
            Assert.Equal("face", meta["class-map"]!["0"]!.GetValue<string>());
            Assert.Equal("groundtruth/object-detection", meta["type"]!.GetValue<string>());
            Assert.Equal("yes", meta["human-annotated"]!.GetValue<string>());
            Assert.Equal("labeling-job/faces-e2e-1", meta["job-name"]!.GetValue<string>());
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$", meta["creation-date"]!.GetValue<string>());
            Assert.Equal("north", line["edgelabel-site"]!.GetValue<string>()); // unknown keys pass through
        }
        Assert.Contains(manifest, l => l.Contains("no-source-ref") && l.Contains("failure-reason"));
        foreach (var index in new[] { 0, 2, 3 })
        {
            var responses = Objects(Path.Combine(jobDir, "annotations", "worker-response", "iteration-1", index.ToString()));
            var answers = JsonNode.Parse(File.ReadAllText(Assert.Single(responses)))!["answers"]!.AsArray();
            Assert.Equal(2, answers.Count);
            Assert.All(answers, a => Assert.NotNull(a!["answerContent"]!["boundingBox"]!["boundingBoxes"]));
        }
        var consolidation = Objects(Path.Combine(jobDir, "annotations", "consolidated-annotation", "consolidation-response", "iteration-1"));
        Assert.Equal(3, JsonNode.Parse(File.ReadAllText(Assert.Single(consolidation)))!.AsArray().Count);

        // ---- a second job, stopped ----
        await sdk.OkAsync("CreateLabelingJob", CreateInput("faces-e2e-2"), ct);
        await sdk.WaitForStatusAsync("faces-e2e-2", "InProgress", ct);
        await sdk.OkAsync("StopLabelingJob", new JsonObject { ["LabelingJobName"] = "faces-e2e-2" }, ct);
        var stopped = await sdk.WaitForStatusAsync("faces-e2e-2", "Stopped", ct);
        Assert.Equal(3, stopped["LabelCounters"]!["Unlabeled"]!.GetValue<int>());
        foreach (var (_, http) in clients)
            Assert.Empty(JsonNode.Parse(await GetOkAsync(http, "/labeling/api/tasks", ct))!["tasks"]!.AsArray());

        // ---- list with a status filter ----
        var completedJobs = await sdk.OkAsync("ListLabelingJobs", new JsonObject { ["StatusEquals"] = "Completed" }, ct);
        Assert.Equal(["faces-e2e-1"], completedJobs["LabelingJobSummaryList"]!.AsArray().Select(j => j!["LabelingJobName"]!.GetValue<string>()));
        var stoppedJobs = await sdk.OkAsync("ListLabelingJobs", new JsonObject { ["StatusEquals"] = "Stopped" }, ct);
        Assert.Equal(["faces-e2e-2"], stoppedJobs["LabelingJobSummaryList"]!.AsArray().Select(j => j!["LabelingJobName"]!.GetValue<string>()));
        var all = await sdk.OkAsync("ListLabelingJobs", new JsonObject { ["MaxResults"] = 1, ["SortBy"] = "CreationTime", ["SortOrder"] = "Ascending" }, ct);
        Assert.Equal("faces-e2e-1", all["LabelingJobSummaryList"]![0]!["LabelingJobName"]!.GetValue<string>());
        Assert.NotNull(all["NextToken"]);

        // ---- the AWS error types, as the SDK surfaces them ----
        var notFound = await sdk.ErrorAsync("DescribeLabelingJob", new JsonObject { ["LabelingJobName"] = "no-such-job" }, ct);
        Assert.Equal(("ResourceNotFound", true, 400), (notFound["name"]!.GetValue<string>(), notFound["modeledClass"]!.GetValue<bool>(), notFound["status"]!.GetValue<int>()));
        var inUse = await sdk.ErrorAsync("CreateLabelingJob", CreateInput("FACES-E2E-1"), ct);
        Assert.Equal(("ResourceInUse", true), (inUse["name"]!.GetValue<string>(), inUse["modeledClass"]!.GetValue<bool>()));
        var invalid = await sdk.ErrorAsync("CreateLabelingJob", CreateInput("bad_name!"), ct);
        Assert.Equal(("ValidationException", true, "client"), (invalid["name"]!.GetValue<string>(), invalid["instanceOfServiceException"]!.GetValue<bool>(),
            invalid["fault"]!.GetValue<string>()));
        Assert.Contains("LabelingJobName", invalid["message"]!.GetValue<string>());

        // ---- a wrong secret is refused by SigV4 ----
        var forged = await new SageMakerJs(cloud.HttpUrl, output, secret: "not-the-secret").ErrorAsync("ListLabelingJobs", new JsonObject(), ct);
        Assert.Equal(403, forged["status"]!.GetValue<int>());
        Assert.Equal("InvalidSignatureException", forged["name"]!.GetValue<string>());

        Assert.DoesNotContain(SecretKey, cloud.Logs(10_000));
        Assert.DoesNotContain(TokenOf("w1"), cloud.Logs(10_000));
    }

    [Fact]
    public async Task A_SIGKILLed_cloud_node_recovers_its_jobs_and_tasks_without_duplicates_and_the_job_completes()
    {
        var ct = TestContext.Current.CancellationToken;
        RequireSdk();
        await using var cluster = new ClusterDeployment("gt-restart", output);
        var cloud = cluster.AddCloud(extraHocon: ["cloud.ground-truth.task-check-interval = 200ms"]);
        cloud.Environment["EDGELABEL_GT_ACCESS_KEYS"] = $"{AccessKey}:{SecretKey}";
        cloud.Environment["EDGELABEL_GT_WORKER_TOKENS"] = string.Join(",", Workers.Select(w => $"{w}:{TokenOf(w)}"));
        var bucketDir = Path.Combine(cloud.Directory, "object-store", Bucket);
        Directory.CreateDirectory(Path.Combine(bucketDir, "images"));
        Directory.CreateDirectory(Path.Combine(bucketDir, "input"));
        var photo = TestData.DlibPhotos[0];
        var bounds = SKBitmap.DecodeBounds(photo);
        var lines = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            File.Copy(photo, Path.Combine(bucketDir, "images", $"img-{i}.jpg"));
            lines.Add(new JsonObject { ["source-ref"] = $"s3://{Bucket}/images/img-{i}.jpg" }.ToJsonString());
        }
        File.WriteAllText(Path.Combine(bucketDir, "input", "manifest.jsonl"), string.Join("\n", lines) + "\n");
        File.WriteAllText(Path.Combine(bucketDir, "input", "labels.json"), """{"document-version":"2018-11-28","labels":[{"label":"face"}]}""");
        await cluster.StartAsync(ct);
        var sdk = new SageMakerJs(cloud.HttpUrl, output);
        await sdk.OkAsync("CreateLabelingJob", CreateInput("durable-1"), ct);
        await sdk.WaitForStatusAsync("durable-1", "InProgress", ct);

        var clients = Workers.ToDictionary(w => w, w => new HttpClient
        {
            BaseAddress = new Uri(cloud.HttpUrl),
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", TokenOf(w)) },
        });
        async Task<(string Worker, string Task)[]> OpenTasks()
        {
            var all = new List<(string, string)>();
            foreach (var (worker, http) in clients)
                all.AddRange(JsonNode.Parse(await GetOkAsync(http, "/labeling/api/tasks", ct))!["tasks"]!.AsArray()
                    .Select(t => (worker, t!["taskId"]!.GetValue<string>())));
            return all.OrderBy(t => t.Item2, StringComparer.Ordinal).ToArray();
        }
        var before = await OpenTasks();
        Assert.Equal(8, before.Length);
        var answer = Answer("face", bounds.Width * 0.25, bounds.Height * 0.25, bounds.Width * 0.5, bounds.Height * 0.5, bounds.Width, bounds.Height);
        foreach (var (worker, task) in before.Take(3))
            Assert.Equal(HttpStatusCode.OK, (await clients[worker].PostAsync($"/labeling/api/tasks/{task}/answer", Json(answer), ct)).StatusCode);
        var countersBefore = (await sdk.OkAsync("DescribeLabelingJob", new JsonObject { ["LabelingJobName"] = "durable-1" }, ct))["LabelCounters"]!.ToJsonString();

        cloud.KillAndRestart();
        await cloud.WaitUpAsync(ClusterDeployment.StartTimeout, ct);
        var described = await sdk.WaitForStatusAsync("durable-1", "InProgress", ct); // answers 503 until the singleton is back
        Assert.Equal(countersBefore, described["LabelCounters"]!.ToJsonString());
        var after = await OpenTasks();
        Assert.Equal(before.Skip(3), after); // the same tasks, the same labelers, nothing new, nothing lost
        var listed = await sdk.OkAsync("ListLabelingJobs", new JsonObject(), ct);
        Assert.Single(listed["LabelingJobSummaryList"]!.AsArray());
        Assert.Equal("ResourceInUse", (await sdk.ErrorAsync("CreateLabelingJob", CreateInput("durable-1"), ct))["name"]!.GetValue<string>());

        foreach (var (worker, task) in after)
            Assert.Equal(HttpStatusCode.OK, (await clients[worker].PostAsync($"/labeling/api/tasks/{task}/answer", Json(answer), ct)).StatusCode);
        var done = await sdk.WaitForStatusAsync("durable-1", "Completed", ct);
        Assert.Equal(4, done["LabelCounters"]!["HumanLabeled"]!.GetValue<int>());
        var manifest = File.ReadAllLines(Path.Combine(bucketDir, "output", "durable-1", "manifests", "output", "output.manifest"));
        Assert.Equal(4, manifest.Length);
        Assert.Equal(4, manifest.Select(l => JsonNode.Parse(l)!["source-ref"]!.GetValue<string>()).Distinct().Count());
    }

    /// <summary>The objects in a folder of the local store (without its metadata sidecars).</summary>
    private static string[] Objects(string dir) =>
        Directory.GetFiles(dir, "*.json").Where(f => !f.EndsWith(".meta.json", StringComparison.Ordinal)).ToArray();

    private static JsonObject CreateInput(string name) => new()
    {
        ["LabelingJobName"] = name,
        ["LabelAttributeName"] = "faces",
        ["InputConfig"] = new JsonObject { ["DataSource"] = new JsonObject { ["S3DataSource"] = new JsonObject { ["ManifestS3Uri"] = $"s3://{Bucket}/input/manifest.jsonl" } } },
        ["OutputConfig"] = new JsonObject { ["S3OutputPath"] = $"s3://{Bucket}/output/" },
        ["RoleArn"] = "arn:aws:iam::000000000000:role/edgelabel-labeling",
        ["LabelCategoryConfigS3Uri"] = $"s3://{Bucket}/input/labels.json",
        ["HumanTaskConfig"] = new JsonObject
        {
            ["WorkteamArn"] = "arn:aws:sagemaker:us-east-1:000000000000:workteam/private-crowd/edgelabel",
            ["UiConfig"] = new JsonObject { ["HumanTaskUiArn"] = "arn:aws:sagemaker:us-east-1:394669845002:human-task-ui/BoundingBox" },
            ["PreHumanTaskLambdaArn"] = "arn:aws:lambda:us-east-1:432418664414:function:PRE-BoundingBox",
            ["TaskTitle"] = "Draw a box around every face",
            ["TaskDescription"] = "One box per face, tight around the visible face",
            ["NumberOfHumanWorkersPerDataObject"] = 2,
            ["TaskTimeLimitInSeconds"] = 300,
            ["TaskAvailabilityLifetimeInSeconds"] = 3600,
            ["AnnotationConsolidationConfig"] = new JsonObject
            {
                ["AnnotationConsolidationLambdaArn"] = "arn:aws:lambda:us-east-1:432418664414:function:ACS-BoundingBox",
            },
        },
    };

    private static JsonObject Answer(string label, double left, double top, double width, double height, int imageWidth, int imageHeight) => new()
    {
        ["boundingBox"] = new JsonObject
        {
            ["boundingBoxes"] = new JsonArray(new JsonObject { ["label"] = label, ["left"] = left, ["top"] = top, ["width"] = width, ["height"] = height }),
            ["inputImageProperties"] = new JsonObject { ["width"] = imageWidth, ["height"] = imageHeight },
        },
    };

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task AssertRejectedAsync(HttpClient http, string taskId, JsonNode answer, string reason, CancellationToken ct)
    {
        var response = await http.PostAsync($"/labeling/api/tasks/{taskId}/answer", Json(answer), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400 ({reason}), got {(int)response.StatusCode}: {body}");
        Assert.Contains(reason, body);
    }

    private static async Task<string> GetOkAsync(HttpClient http, string path, CancellationToken ct)
    {
        var response = await http.GetAsync(path, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static void RequireSdk()
    {
        if (!File.Exists(Path.Combine(SageMakerJs.Modules, "@aws-sdk", "client-sagemaker", "package.json")))
            Assert.Fail($"@aws-sdk/client-sagemaker is not installed in {SageMakerJs.Modules}: run ./scripts/install-test-deps.sh (or ./build.sh test) first.");
    }

    /// <summary>One <c>node sagemaker-client.cjs</c> process per call.</summary>
    private sealed class SageMakerJs(string endpoint, ITestOutputHelper output, string secret = SecretKey)
    {
        public static string Modules => Path.Combine(TestData.RepoRoot, ".cache", "npm", "node_modules");

        public async Task<JsonNode> OkAsync(string operation, JsonObject input, CancellationToken ct)
        {
            var answer = await CallAsync(operation, input, ct);
            Assert.True(answer["ok"] is not null, $"{operation} {input.ToJsonString()} failed: {answer.ToJsonString()}");
            return answer["ok"]!;
        }

        public async Task<JsonNode> ErrorAsync(string operation, JsonObject input, CancellationToken ct)
        {
            var answer = await CallAsync(operation, input, ct);
            Assert.True(answer["error"] is not null, $"{operation} {input.ToJsonString()} succeeded unexpectedly: {answer.ToJsonString()}");
            return answer["error"]!;
        }

        public async Task<JsonNode> WaitForStatusAsync(string job, string status, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            JsonNode? last = null;
            while (clock.Elapsed < Patience)
            {
                var answer = await CallAsync("DescribeLabelingJob", new JsonObject { ["LabelingJobName"] = job }, ct);
                if (answer["error"] is { } error && error["status"]?.GetValue<int>() == 503)
                {
                    await Task.Delay(1000, ct); // a restarting node: the service is not back yet
                    continue;
                }
                Assert.True(answer["ok"] is not null, $"DescribeLabelingJob {job} failed: {answer.ToJsonString()}");
                last = answer["ok"]!;
                var now = last["LabelingJobStatus"]!.GetValue<string>();
                if (now == status) return last;
                Assert.True(now is "Initializing" or "InProgress" or "Stopping", $"{job} is {now}, waiting for {status}: {last.ToJsonString()}");
                await Task.Delay(500, ct);
            }
            Assert.Fail($"{job} did not reach {status} within {Patience.TotalSeconds:0}s: {last?.ToJsonString()}");
            return null!;
        }

        private async Task<JsonNode> CallAsync(string operation, JsonObject input, CancellationToken ct)
        {
            var script = Path.Combine(TestData.RepoRoot, "tests", "EdgeLabel.EndToEnd.Tests", "Scripts", "sagemaker-client.cjs");
            var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(endpoint);
            psi.ArgumentList.Add(operation);
            psi.ArgumentList.Add(input.ToJsonString());
            psi.Environment["NODE_PATH"] = Modules;
            psi.Environment["AWS_ACCESS_KEY_ID"] = AccessKey;
            psi.Environment["AWS_SECRET_ACCESS_KEY"] = secret;
            psi.Environment["AWS_REGION"] = "us-east-1";
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start node");
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(120));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"node sagemaker-client.cjs {operation} did not finish within 120s");
            }
            var text = await stdout;
            Assert.True(process.ExitCode == 0, $"node sagemaker-client.cjs {operation} exited {process.ExitCode}: {await stderr}\n{text}");
            output.WriteLine($"js {operation} {input.ToJsonString()} -> {text.Trim()}");
            return JsonNode.Parse(text)!;
        }
    }
}
