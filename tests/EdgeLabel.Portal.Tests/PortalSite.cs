using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using EdgeLabel.EndToEnd.Tests.Support;
using EdgeLabel.EndToEnd.Tests.Support.Cluster;
using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Client;
using Microsoft.Playwright;

namespace EdgeLabel.Portal.Tests;

/// <summary>One real cloud node (embedded Ground Truth service, local object store) with two labelers who have both a
/// task-API token and a portal password, optionally an edge site delivering into it, plus Debian's headless Chromium
/// driven by Playwright. Dispose stops them all.</summary>
internal sealed class PortalSite : IAsyncDisposable
{
    public const string AccessKey = "AKIDEDGELABELPORTAL";
    public const string SecretKey = "test-secret-key-of-the-portal-tests";
    public const string Bucket = "gt-portal";
    public static readonly string[] Workers = ["w1", "w2"];
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>For WaitForURL: reached once the new document is parsed. The default also waits for the load event, i.e.
    /// for every image (the admin gallery, the task image), which once took over 20 s under suite load; what a test
    /// waits for next is the page's own <c>body[data-state=ready]</c>.</summary>
    public static readonly PageWaitForURLOptions UrlOnly = new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 20_000 };

    private readonly ITestOutputHelper _output;
    private IPlaywright? _playwright;

    private PortalSite(ClusterDeployment cluster, EdgeLabel.EndToEnd.Tests.Support.Cluster.CloudNode cloud, EdgeSite? edge, string bucketDir,
        ITestOutputHelper output)
    {
        Cluster = cluster;
        Cloud = cloud;
        Edge = edge;
        BucketDir = bucketDir;
        _output = output;
    }

    public ClusterDeployment Cluster { get; }
    public EdgeLabel.EndToEnd.Tests.Support.Cluster.CloudNode Cloud { get; }
    public EdgeSite? Edge { get; }
    public string BucketDir { get; }
    public IBrowser Browser { get; private set; } = null!;

    public static string TokenOf(string worker) => $"token-of-{worker}-portal-0123456789";

    public static string PasswordOf(string worker) => $"password of {worker} for the portal";

    /// <summary>Screenshots go to out/screenshots/ at the repository root.</summary>
    public static string ScreenshotPath(string name)
    {
        var dir = Path.Combine(TestData.RepoRoot, "out", "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    /// <param name="cloudHocon">More lines for the cloud's <c>edgelabel { }</c> (e.g. quick labeling batches).</param>
    /// <param name="addEdge">Adds an edge site to the deployment, given the cloud (whose object store it may upload into).</param>
    public static async Task<PortalSite> StartAsync(string purpose, ITestOutputHelper output, CancellationToken ct,
        IReadOnlyList<string>? cloudHocon = null, Func<ClusterDeployment, EdgeLabel.EndToEnd.Tests.Support.Cluster.CloudNode, EdgeSite>? addEdge = null)
    {
        var cluster = new ClusterDeployment(purpose, output);
        try
        {
            var cloud = cluster.AddCloud(extraHocon: ["cloud.ground-truth.task-check-interval = 200ms", "cloud.ground-truth.workforce.workers = [w1, w2]",
                .. cloudHocon ?? []]);
            cloud.Environment["EDGELABEL_GT_ACCESS_KEYS"] = $"{AccessKey}:{SecretKey}";
            cloud.Environment["EDGELABEL_GT_WORKER_TOKENS"] = string.Join(",", Workers.Select(w => $"{w}:{TokenOf(w)}"));
            cloud.Environment["EDGELABEL_GT_WORKER_PASSWORDS"] = string.Join(",", Workers.Select(w => $"{w}:{PasswordOf(w)}"));
            var bucketDir = Path.Combine(cloud.Directory, "object-store", Bucket);
            Directory.CreateDirectory(Path.Combine(bucketDir, "images"));
            Directory.CreateDirectory(Path.Combine(bucketDir, "input"));
            File.WriteAllText(Path.Combine(bucketDir, "input", "labels.json"),
                """{"document-version":"2018-11-28","labels":[{"label":"face"},{"label":"hand"}]}""");
            var edge = addEdge?.Invoke(cluster, cloud);
            await cluster.StartAsync(ct);
            var site = new PortalSite(cluster, cloud, edge, bucketDir, output);
            await site.LaunchBrowserAsync();
            return site;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task LaunchBrowserAsync()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "/usr/bin/chromium is missing: run scripts/install-test-deps.sh (apt package chromium)");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            Headless = true,
            Timeout = 60_000,
        });
    }

    /// <summary>A fresh browser profile (its own cookies and localStorage) on this node.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Cloud.HttpUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Console += (_, m) => _output.WriteLine($"[browser {m.Type}] {m.Text}");
        page.PageError += (_, e) => _output.WriteLine($"[browser error] {e}");
        return page;
    }

    /// <summary>The task API as a labeler's script sees it (bearer token).</summary>
    public HttpClient ScriptOf(string worker) => new()
    {
        BaseAddress = new Uri(Cloud.HttpUrl),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", TokenOf(worker)) },
        Timeout = TimeSpan.FromSeconds(30),
    };

    public SageMakerLabelingClient SageMaker() => new(new SageMakerClientOptions
    {
        Region = "us-east-1",
        ServiceUrl = new Uri(Cloud.HttpUrl + "/"),
        Credentials = new BasicAWSCredentials(AccessKey, SecretKey),
    });

    /// <summary>Puts the photos and a manifest (one line per photo, with its pre-annotations) in the store and creates a
    /// job with one labeler per object; returns when every task has been handed out.</summary>
    public async Task CreateJobAsync(string job, IReadOnlyList<(string Photo, JsonArray PreAnnotations)> objects, CancellationToken ct)
    {
        var lines = new List<string>();
        foreach (var (photo, pre) in objects)
        {
            var name = Path.GetFileName(photo);
            File.Copy(photo, Path.Combine(BucketDir, "images", name), overwrite: true);
            lines.Add(new JsonObject { ["source-ref"] = $"s3://{Bucket}/images/{name}", ["edgelabel-pre-annotations"] = pre }.ToJsonString());
        }
        File.WriteAllText(Path.Combine(BucketDir, "input", $"{job}.jsonl"), string.Join("\n", lines) + "\n");
        using var sageMaker = SageMaker();
        await sageMaker.CreateLabelingJobAsync(new CreateLabelingJobRequest
        {
            LabelingJobName = job,
            LabelAttributeName = "faces",
            InputConfig = new LabelingJobInputConfig
            {
                DataSource = new LabelingJobDataSource { S3DataSource = new LabelingJobS3DataSource { ManifestS3Uri = $"s3://{Bucket}/input/{job}.jsonl" } },
            },
            OutputConfig = new LabelingJobOutputConfig { S3OutputPath = $"s3://{Bucket}/output/" },
            RoleArn = "arn:aws:iam::000000000000:role/edgelabel-labeling",
            LabelCategoryConfigS3Uri = $"s3://{Bucket}/input/labels.json",
            HumanTaskConfig = new HumanTaskConfig
            {
                WorkteamArn = "arn:aws:sagemaker:us-east-1:000000000000:workteam/private-crowd/edgelabel",
                UiConfig = new UiConfig { HumanTaskUiArn = "arn:aws:sagemaker:us-east-1:394669845002:human-task-ui/BoundingBox" },
                PreHumanTaskLambdaArn = "arn:aws:lambda:us-east-1:432418664414:function:PRE-BoundingBox",
                TaskTitle = "Draw a box around every face",
                TaskDescription = "One box per face; hands get the class hand",
                NumberOfHumanWorkersPerDataObject = 1,
                TaskTimeLimitInSeconds = 300,
                TaskAvailabilityLifetimeInSeconds = 3600,
                AnnotationConsolidationConfig = new AnnotationConsolidationConfig
                {
                    AnnotationConsolidationLambdaArn = "arn:aws:lambda:us-east-1:432418664414:function:ACS-BoundingBox",
                },
            },
        }, ct);
        await WaitForJobAsync(job, LabelingJobStatus.InProgress, ct);
    }

    /// <summary>Every open task of every labeler, by asking the task API with each one's token.</summary>
    public async Task<IReadOnlyList<(string Worker, string TaskId)>> OpenTasksAsync(CancellationToken ct)
    {
        var all = new List<(string, string)>();
        foreach (var worker in Workers)
        {
            using var http = ScriptOf(worker);
            var list = JsonNode.Parse(await http.GetStringAsync("/labeling/api/tasks", ct))!;
            all.AddRange(list["tasks"]!.AsArray().Select(t => (worker, t!["taskId"]!.GetValue<string>())));
        }
        return all;
    }

    public async Task<DescribeLabelingJobResponse> WaitForJobAsync(string job, LabelingJobStatus status, CancellationToken ct)
    {
        using var sageMaker = SageMaker();
        var clock = Stopwatch.StartNew();
        DescribeLabelingJobResponse? last = null;
        while (clock.Elapsed < Patience)
        {
            last = await sageMaker.DescribeLabelingJobAsync(new DescribeLabelingJobRequest { LabelingJobName = job }, ct);
            if (last.LabelingJobStatus == status) return last;
            if (last.LabelingJobStatus is LabelingJobStatus.Failed or LabelingJobStatus.Stopped) break;
            await Task.Delay(300, ct);
        }
        Assert.Fail($"{job} is {last?.LabelingJobStatus} ({last?.FailureReason}), not {status}, after {clock.Elapsed.TotalSeconds:0}s\n{Cluster.Logs()}");
        return null!;
    }

    /// <summary>Signs in through the sign-in page (reached by opening <paramref name="path"/> signed out) and waits until the
    /// page it sends back to (<paramref name="path"/>) has loaded or failed.</summary>
    public static async Task SignInAsync(IPage page, string worker, string password, string path = "/labeling/")
    {
        await page.GotoAsync(path);
        try
        {
            await page.WaitForSelectorAsync("#signin-form");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"opening {path} signed out did not lead to the sign-in page: at {page.Url}\n{await page.ContentAsync()}");
        }
        Assert.Contains("/labeling/signin", page.Url);
        await page.FillAsync("#worker", worker);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#signin");
        await page.WaitForSelectorAsync("body[data-state=ready], body[data-state=error]");
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await Cluster.DisposeAsync();
    }
}
