using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using EdgeLabel.EndToEnd.Tests.Support;
using EdgeLabel.EndToEnd.Tests.Support.Cluster;
using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Client;
using EdgeLabel.Workforce.Simulation;
using EdgeLabel.Workforce.Truth;
using CloudNodeProcess = EdgeLabel.EndToEnd.Tests.Support.Cluster.CloudNode;

namespace EdgeLabel.EndToEnd.Tests.GroundTruth;

/// <summary>Labeling jobs survive SIGKILLs of the (only) cloud node, as real processes: one cloud with labeling on (its
/// embedded Ground Truth service, small batches) and one edge over the dlib and OpenCV sample photos. The cloud is
/// killed (1) the moment a batch is formed, (2) the moment the restarted run creates its first job at the backend
/// (Initializing until the job's inputs are loaded; whether the kill came first is read back from the job's
/// LastModifiedTime, and (1)+(2) are repeated up to three times until it did), (3) while every job is InProgress with
/// nobody labeling, and (4) once the simulated labelers completed every job but before any job actor noticed (long
/// polls for that run), so nothing is merged yet. After each restart: exactly one job per batch, no batch
/// formed twice; at the end every review/audit image was batched once, labeled once, merged once, and the dataset
/// holds every delivered image exactly once.</summary>
public sealed class LabelingRestartTests(ITestOutputHelper output)
{
    private const string Project = "default";
    private const string AccessKey = "AKIDEDGELABELRESTART";
    private const string SecretKey = "test-secret-key-of-the-labeling-restart";
    private static readonly string[] Workers = ["w1", "w2", "w3", "w4", "w5"];

    /// <summary>For the run killed with completed jobs: no job actor describes its job before this (the kill comes first).</summary>
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>Rounds of (kill at a batch, kill at the restarted run's first job creation) until one lands while the job is
    /// Initializing: a window of a few ms that a kill from outside hits only sometimes.</summary>
    private const int InitializingAttempts = 3;

    private static readonly Regex BatchLine = new(@"Labeling of default: batch (?<job>[a-z0-9-]+) with (?<n>\d+) image\(s\)", RegexOptions.Compiled);
    private static readonly Regex RetryLine = new(@"Labeling of default: retrying (?<n>\d+) image\(s\) as (?<job>[a-z0-9-]+)", RegexOptions.Compiled);
    private static readonly Regex CreatedLine = new(@"Labeling job (?<job>[a-z0-9-]+) created \(", RegexOptions.Compiled);
    private static readonly Regex RecoveredLine = new(@"Labeling job (?<job>[a-z0-9-]+) recovered in phase (?<phase>\w+)", RegexOptions.Compiled);
    private static readonly Regex MergedLine = new(@"(?<n>\d+) image\(s\) got human labels from labeling job (?<job>[a-z0-9-]+)", RegexOptions.Compiled);

    private static string TokenOf(string worker) => $"token-of-{worker}-restart-0123456789";

    [Fact]
    public async Task SIGKILL_of_the_cloud_at_batch_creation_Initializing_InProgress_and_Completed_but_not_merged_leaves_one_job_per_batch_and_a_complete_dataset()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        var known = KnownImages.LoadDlib(TestData.DlibFaces);
        await using var cluster = new ClusterDeployment("labeling-restart", output);
        var cloud = cluster.AddCloud(extraHocon:
        [
            "cloud.ground-truth.task-check-interval = 200ms",
            "cloud.labeling { max-batch-items = 3, max-batch-age = 2s, batch-check-interval = 200ms, poll-initial = 500ms, poll-max = 1s, retry-after = 1s }",
        ]);
        cloud.Environment["EDGELABEL_GT_ACCESS_KEYS"] = $"{AccessKey}:{SecretKey}";
        cloud.Environment["EDGELABEL_GT_WORKER_TOKENS"] = string.Join(",", Workers.Select(w => $"{w}:{TokenOf(w)}"));
        var inbox = cluster.Temp.Sub("inbox");
        // The edge uploads into the cloud's object store: the embedded service serves those images to the labelers.
        var edge = cluster.AddEdge("site-r", new Dictionary<string, string> { ["gate"] = SiteConfig.DirectoryCamera(inbox) },
            extraHocon: [$"store.local-root = {SiteConfig.Quote(Path.Combine(cloud.Directory, "object-store"))}"]);
        await cluster.StartAsync(ct);
        using var sageMaker = SageMaker(cloud);
        var kills = new List<string>();

        // The photos arrive only now, in waves (one per attempt below), so each batch is formed while the test watches the log.
        var photos = TestData.DlibPhotos.Concat(Directory.EnumerateFiles(Path.Combine(TestData.RepoRoot, ".cache", "samples", "opencv"))
            .Where(f => Path.GetExtension(f) is ".jpg" or ".png").Order(StringComparer.Ordinal)).ToArray();
        var waves = Enumerable.Range(0, InitializingAttempts).Select(w => photos.Where((_, i) => i % InitializingAttempts == w).ToArray()).ToArray();
        var written = 0;
        void WriteWave(int wave)
        {
            foreach (var photo in waves[wave]) ImageFolder.Write(inbox, Path.GetFileName(photo), File.ReadAllBytes(photo));
            written++;
            cluster.Log($"wave {wave + 1}: {waves[wave].Length} photos in the inbox");
        }

        // ---- kills 1 and 2, up to InitializingAttempts times: the moment a batch is formed (persisted by the coordinator,
        // its job not yet at the backend), then, in the restarted run, the moment its first job is created at the backend:
        // Initializing until its inputs are loaded and persisted, a few ms later (more in a fresh process). Whether the
        // kill came first is read back from the job's LastModifiedTime (= its initialization, as nobody labels yet). ----
        var caughtInitializing = false;
        for (var attempt = 1; attempt <= InitializingAttempts && !caughtInitializing; attempt++)
        {
            WriteWave(attempt - 1);
            var batch = await KillOnLogLineAsync(cluster, cloud, BatchLine, "a batch to be formed", onlyNewLines: attempt > 1, ct);
            kills.Add($"kill at {batch.At:HH:mm:ss.fff}: batch {batch.Job} just formed");
            await RestartAsync(cluster, cloud, ct);
            var created = await KillOnLogLineAsync(cluster, cloud, CreatedLine, "the run's first labeling job to be created", onlyNewLines: false, ct);
            await RestartAsync(cluster, cloud, ct);
            var jobs = await WaitForJobsAsync(cluster, sageMaker, js => js.FirstOrDefault(j => j.LabelingJobName == created.Job) is
                { LabelingJobStatus: LabelingJobStatus.InProgress }, $"job {created.Job} InProgress after the restart", ct);
            var job = jobs.Single(j => j.LabelingJobName == created.Job);
            caughtInitializing = job.CreationTime <= created.At && job.LastModifiedTime > created.At;
            kills.Add($"kill at {created.At:HH:mm:ss.fff}: job {created.Job} created at {job.CreationTime:HH:mm:ss.fff}, initialized at " +
                      $"{job.LastModifiedTime:HH:mm:ss.fff} ({(caughtInitializing ? "killed while Initializing" : "already InProgress when killed")})");
            cluster.Log(kills[^1]);
            await AssertOneJobPerBatchAsync(cluster, cloud, sageMaker, $"after kills at batch formation and job creation (attempt {attempt})", ct);
        }

        while (written < waves.Length) WriteWave(written);

        // ---- the InProgress kill: every batch formed and every job InProgress, nobody labeling ----
        var delivered = await edge.WaitForStatusAsync(st => st.Decisions.Total == photos.Length && st.FullyDelivered, Patience,
            $"all {photos.Length} photos decided and delivered", ct);
        var humans = delivered.Decisions.Review + delivered.Decisions.Audit;
        cluster.Log($"edge delivered: {delivered}");
        Assert.True(humans >= 10, $"only {humans} review/audit images: too few for several batches\n{delivered}");
        await WaitForJobsAsync(cluster, sageMaker, jobs =>
        {
            var batches = Batches(cloud);
            return batches.Values.Sum() == humans && jobs.Count == batches.Count && jobs.All(j => j.LabelingJobStatus == LabelingJobStatus.InProgress);
        }, $"every one of the {humans} review/audit images in a batch, every batch's job InProgress", ct);
        var inProgress = await ListJobsAsync(sageMaker, ct);
        await AssertCloudMetricsAsync(cloud, edge.Site, inProgress.Count, humans, ct);
        kills.Add($"InProgress kill at {DateTimeOffset.UtcNow:HH:mm:ss.fff}: {inProgress.Count} job(s) InProgress " +
                  $"({string.Join(", ", inProgress.Select(j => $"{j.LabelingJobName} {j.LabelCounters.TotalLabeled}/{j.LabelCounters.Unlabeled + j.LabelCounters.TotalLabeled}"))})");
        cloud.Kill();
        cluster.Log(kills[^1]);
        // The next run polls its jobs only every LongPoll: the labelers will complete them well before any job actor looks.
        var config = File.ReadAllText(cloud.ConfigFile);
        File.WriteAllText(cloud.ConfigFile, config +
            $"edgelabel.cloud.labeling {{ poll-initial = {LongPoll.TotalSeconds:0}s, poll-max = {LongPoll.TotalSeconds:0}s }}\n");
        await RestartAsync(cluster, cloud, ct);
        var sinceRestart = Stopwatch.StartNew();
        var resumed = await AssertOneJobPerBatchAsync(cluster, cloud, sageMaker, "after the InProgress kill", ct);
        await WaitForResumedAsync(cluster, cloud, resumed, null, ct);

        // After the kills so far, before any human label: the dataset is complete, every image once (the harness's checks).
        var (edges, stats) = await cluster.WaitForEverythingDeliveredAsync(Patience, ct: ct);
        var beforeLabels = ExportedManifest.Read(await cluster.ExportAsync(ct: ct));
        cluster.AssertNothingLostNothingDuplicated(edges, stats, beforeLabels);

        // ---- the Completed-but-not-merged kill: every job Completed at the backend, none merged ----
        await using var workforce = new SimulatedWorkforce(new Uri(cloud.HttpUrl), WorkerTokens.PerfectProfiles(Workers.Select(w => (w, TokenOf(w)))),
            known, new WorkforceOptions { PollInterval = TimeSpan.FromMilliseconds(200), LogAnswers = false }, line => output.WriteLine(line));
        workforce.Start();
        var completed = await WaitForJobsAsync(cluster, sageMaker, jobs => jobs.Count == resumed.Count && jobs.All(j => j.LabelingJobStatus == LabelingJobStatus.Completed),
            "every job Completed at the backend", ct);
        var notMerged = await cluster.TryGetStatsAsync(Project, ct);
        cloud.Kill();
        kills.Add($"Completed-but-not-merged kill at {DateTimeOffset.UtcNow:HH:mm:ss.fff}, {sinceRestart.Elapsed.TotalSeconds:0.0}s after the restart: {completed.Count} job(s) Completed; " +
                  $"dataset {notMerged}");
        cluster.Log(kills[^1]);
        cluster.Check(sinceRestart.Elapsed < LongPoll, () => $"the jobs completed {sinceRestart.Elapsed.TotalSeconds:0}s after the restart: a job actor may have polled first");
        cluster.Check(notMerged is not null && notMerged.ByStatus.GetValueOrDefault("awaiting-review") == humans
                                            && notMerged.ByStatus.GetValueOrDefault("reviewed") + notMerged.ByStatus.GetValueOrDefault("audited") == 0,
            () => $"the kill was to come with every job Completed and nothing merged; the dataset said {notMerged}");
        cluster.Check(!MergedLine.IsMatch(cloud.FullLogs()), () => "human labels were merged before the Completed-but-not-merged kill");
        File.WriteAllText(cloud.ConfigFile, config); // quick polls again
        await RestartAsync(cluster, cloud, ct);
        await WaitForResumedAsync(cluster, cloud, completed, "Submitted", ct);

        // ---- the end: every review/audit image merged exactly once ----
        var final = await cluster.WaitForStatsAsync(s => s.ByStatus.GetValueOrDefault("awaiting-review") == 0
                                                         && s.ByStatus.GetValueOrDefault("reviewed") + s.ByStatus.GetValueOrDefault("audited") == humans,
            Patience, $"all {humans} review/audit images reviewed or audited", Project, ct);
        await WaitForLogAsync(cluster, cloud, () => MergedLine.Matches(cloud.FullLogs()).Select(m => m.Groups["n"].Value).Sum(int.Parse) >= humans,
            "a merge line for every image", ct);
        await workforce.StopAsync();
        var answered = workforce.Snapshot();
        output.WriteLine(answered.Summary());
        var jobsAtEnd = await AssertOneJobPerBatchAsync(cluster, cloud, sageMaker, "at the end", ct);

        // Jobs: every batch has exactly one job, none retried, all Completed with every object labeled.
        var logs = cloud.FullLogs();
        cluster.Check(!RetryLine.IsMatch(logs), () => $"a batch was retried: {RetryLine.Match(logs).Value}");
        cluster.Check(jobsAtEnd.All(j => j.LabelingJobStatus == LabelingJobStatus.Completed
                                         && j.LabelCounters is { FailedNonRetryableError: 0, Unlabeled: 0 }),
            () => "jobs not all Completed and fully labeled:\n" + string.Join("\n", jobsAtEnd.Select(Describe)));

        // Batches: each review/audit image is in exactly one job's input manifest (read back from the object store).
        var inputs = jobsAtEnd.ToDictionary(j => j.LabelingJobName, j => InputContentIds(cloud, j.LabelingJobName));
        var batched = inputs.Values.SelectMany(ids => ids).ToList();
        cluster.Check(batched.Count == humans && batched.Distinct(StringComparer.Ordinal).Count() == humans,
            () => $"{batched.Count} batched image(s), {batched.Distinct(StringComparer.Ordinal).Count()} distinct, {humans} review/audit images");

        // Merges: one merge line per job, for exactly its images, in all runs together.
        var merges = MergedLine.Matches(logs).Select(m => (Job: m.Groups["job"].Value, N: int.Parse(m.Groups["n"].Value))).ToList();
        cluster.Check(merges.Count == jobsAtEnd.Count && merges.Select(m => m.Job).Distinct().Count() == merges.Count
                      && merges.All(m => inputs.TryGetValue(m.Job, out var ids) && ids.Count == m.N),
            () => $"merges: {string.Join(", ", merges.Select(m => $"{m.Job}={m.N}"))}; jobs: {string.Join(", ", inputs.Select(p => $"{p.Key}={p.Value.Count}"))}");

        // Labelers: each data object of each job answered exactly once (one labeler per object), nothing else.
        var tasks = answered.Tasks.ToArray();
        var perObject = tasks.GroupBy(t => (t.JobName, t.DataObjectIndex)).ToArray();
        cluster.Check(tasks.Length == humans && perObject.Length == humans && perObject.All(g => g.Count() == 1)
                      && tasks.All(t => inputs.ContainsKey(t.JobName)),
            () => $"{tasks.Length} answers for {perObject.Length} objects, {humans} review/audit images:\n{answered.Summary()}");

        // The dataset: every delivered image once; the review/audit ones reviewed/audited with human provenance.
        var manifest = ExportedManifest.Read(await cluster.ExportAsync(ct: ct));
        AssertCompleteAfterLabeling(cluster, edges[edge.Site], final, manifest, inputs);
        output.WriteLine(string.Join("\n", kills));
        output.WriteLine($"{photos.Length} photos, {humans} review/audit images in {jobsAtEnd.Count} jobs ({answered.FromTruth} answers from dlib truth); " +
                         $"Initializing kill {(caughtInitializing ? "caught" : "missed (the job was already InProgress)")}; {clock.Elapsed.TotalSeconds:0.0}s");
    }

    /// <summary>Every batch formed (its log line, in all runs) has exactly one job at the backend and every job is a
    /// batch's; no batch was formed twice. Returns the jobs.</summary>
    private async Task<IReadOnlyList<LabelingJobSummary>> AssertOneJobPerBatchAsync(ClusterDeployment cluster, CloudNodeProcess cloud,
        SageMakerLabelingClient sageMaker, string when, CancellationToken ct)
    {
        // Give the restarted run time to create the jobs of batches formed before the kill (never a second one).
        var jobs = await WaitForJobsAsync(cluster, sageMaker, js =>
        {
            var batches = Batches(cloud);
            return batches.Keys.All(b => js.Any(j => j.LabelingJobName == b));
        }, $"a job for every batch formed ({when})", ct);
        var lines = BatchLine.Matches(cloud.FullLogs()).Select(m => m.Groups["job"].Value).ToList();
        var batches = Batches(cloud);
        cluster.Check(lines.Count == lines.Distinct().Count(), () => $"{when}: a batch was formed twice: {string.Join(", ", lines)}");
        cluster.Check(jobs.Count == jobs.Select(j => j.LabelingJobName).Distinct().Count(), () => $"{when}: a job name listed twice");
        var stray = jobs.Where(j => !batches.ContainsKey(j.LabelingJobName)).ToArray();
        cluster.Check(stray.Length == 0 && jobs.Count == batches.Count,
            () => $"{when}: {jobs.Count} job(s) for {batches.Count} batch(es); not a batch's: {string.Join(", ", stray.Select(j => j.LabelingJobName))}\n" +
                  $"batches: {string.Join(", ", batches.Keys)}");
        var recovered = RecoveredLine.Matches(cloud.Process!.Stdout).Select(m => $"{m.Groups["job"].Value}:{m.Groups["phase"].Value}");
        cluster.Log($"{when}: {batches.Count} batch(es) ({batches.Values.Sum()} images), one job each: " +
                    string.Join(", ", jobs.OrderBy(j => j.CreationTime).Select(j => $"{j.LabelingJobName} {j.LabelingJobStatus}")) +
                    $"; this run recovered {string.Join(", ", recovered)}");
        return jobs;
    }

    private static void AssertCompleteAfterLabeling(ClusterDeployment cluster, EdgeStatus edge, DatasetStatsJson stats, ExportedManifest manifest,
        IReadOnlyDictionary<string, IReadOnlySet<string>> inputs)
    {
        string Context() => $"stats: {stats}\nedge: {edge}\nmanifest: {manifest.File}";
        var jobOf = inputs.SelectMany(p => p.Value.Select(id => (Id: id, Job: p.Key))).ToDictionary(p => p.Id, p => p.Job, StringComparer.Ordinal);
        cluster.Check(stats.Images == edge.Delivered && manifest.Count == edge.Delivered && manifest.UniqueContentIds == manifest.Count,
            () => $"{stats.Images} images in the dataset, {manifest.Count} lines ({manifest.UniqueContentIds} distinct) in the export, {edge.Delivered} delivered\n{Context()}");
        cluster.Check(stats.DuplicateRecords == 0 && stats.HighWater(edge.Site.Site) == edge.Delivery!.Queued,
            () => $"duplicates {stats.DuplicateRecords}, high-water {stats.HighWater(edge.Site.Site)}, queued {edge.Delivery!.Queued}\n{Context()}");
        cluster.Check(stats.ByStatus.GetValueOrDefault("awaiting-upload") == 0 && stats.ByStatus.GetValueOrDefault("awaiting-review") == 0,
            () => $"images still awaiting upload or review\n{Context()}");
        cluster.Check(manifest.Images.Count(i => i.Status == "auto-labeled") == edge.Decisions.AutoLabeled,
            () => $"{manifest.Images.Count(i => i.Status == "auto-labeled")} auto-labeled in the export, the edge auto-labeled {edge.Decisions.AutoLabeled}\n{Context()}");
        var humanImages = manifest.Images.Where(i => i.Status is "reviewed" or "audited").ToArray();
        cluster.Check(humanImages.Length == jobOf.Count && humanImages.All(i => jobOf.ContainsKey(i.ContentId))
                      && humanImages.Count(i => i.Status == "audited") == edge.Decisions.Audit,
            () => $"{humanImages.Length} reviewed/audited images ({humanImages.Count(i => i.Status == "audited")} audited, the edge routed {edge.Decisions.Audit}), " +
                  $"{jobOf.Count} batched\n{Context()}");
        var humanBoxes = 0;
        foreach (var image in humanImages)
        {
            using var line = JsonDocument.Parse(image.Line);
            var metadata = line.RootElement.EnumerateObject().Single(p => p.Name.EndsWith("-metadata", StringComparison.Ordinal)).Value;
            cluster.Check(metadata.GetProperty("human-annotated").GetString() == "yes", () => $"{image.ContentId} is not human-annotated\n{image.Line}");
            cluster.Check(image.Provenance.Count == image.Annotations && image.Provenance.All(p => p.Source == "human"),
                () => $"{image.ContentId}: {image.Annotations} box(es), provenance {string.Join(", ", image.Provenance)}\n{image.Line}");
            if (image.Annotations > 0)
                cluster.Check(metadata.GetProperty("job-name").GetString() == "labeling-job/" + jobOf[image.ContentId],
                    () => $"{image.ContentId} was batched into {jobOf[image.ContentId]}, its boxes name {metadata.GetProperty("job-name")}\n{image.Line}");
            humanBoxes += image.Annotations;
        }
        cluster.Check(humanBoxes == stats.HumanBoxes && humanBoxes > 0, () => $"{humanBoxes} human boxes in the export, the stats {stats.HumanBoxes}\n{Context()}");
        cluster.Log($"checked: {manifest.Count} images once each, {humanImages.Length} reviewed/audited with {humanBoxes} human boxes, " +
                    $"{manifest.Images.Count(i => i.Status == "auto-labeled")} auto-labeled");
    }

    /// <summary>Batches formed in all runs of the cloud so far (job name → image count), from the coordinator's log.</summary>
    private static Dictionary<string, int> Batches(CloudNodeProcess cloud)
    {
        var batches = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in BatchLine.Matches(cloud.FullLogs())) batches[m.Groups["job"].Value] = int.Parse(m.Groups["n"].Value);
        return batches;
    }

    /// <summary>The content ids of a job's input manifest (<c>s3://edgelabel/labeling/input/{job}/manifest.jsonl</c>).</summary>
    private static IReadOnlySet<string> InputContentIds(CloudNodeProcess cloud, string job)
    {
        var file = Path.Combine(cloud.Directory, "object-store", "edgelabel", "labeling", "input", job, "manifest.jsonl");
        Assert.True(File.Exists(file), $"no input manifest for {job}: {file}");
        var ids = File.ReadLines(file).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("edgelabel-content-id").GetString()!).ToList();
        Assert.True(ids.Count == ids.Distinct(StringComparer.Ordinal).Count(), $"{job}: an image twice in its input manifest");
        return ids.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Polls the current run's stdout (every few ms) and SIGKILLs the cloud the moment a line matches (with
    /// <paramref name="onlyNewLines"/>, a line logged after this call).</summary>
    /// <summary>The cloud's GET /metrics (sampled every 10 s) shows every job submitted and every one of its images still
    /// waiting for a labeler, the site's outbox, and the dataset's journal writes.</summary>
    private async Task AssertCloudMetricsAsync(CloudNodeProcess cloud, string site, int jobs, int humans, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        List<PrometheusSample> samples;
        string text;
        do
        {
            await Task.Delay(1000, ct);
            text = await cloud.Http.GetStringAsync("/metrics", ct);
            samples = PrometheusText.Parse(text);
        } while ((samples.Sum("edgelabel_labeling_jobs", "state=\"submitted\"") != jobs || samples.Sum("edgelabel_human_tasks_pending") != humans
                  || !samples.Any(s => IsOutboxOf(s, site))) // a restarted cloud knows a site from its next report on
                 && clock.Elapsed < TimeSpan.FromSeconds(45));
        output.WriteLine(string.Join('\n', text.Split('\n').Where(l => l.StartsWith("edgelabel_", StringComparison.Ordinal))));
        Assert.Equal(jobs, samples.Sum("edgelabel_labeling_jobs", $"project=\"{Project}\"", "state=\"submitted\""));
        Assert.Equal(humans, samples.Sum("edgelabel_human_tasks_pending", $"project=\"{Project}\""));
        Assert.Equal(0, samples.Sum("edgelabel_images_awaiting_job"));
        Assert.Contains(samples, s => IsOutboxOf(s, site));
        Assert.True(samples.Sum("edgelabel_journal_write_seconds_count", "writer=\"dataset\"") >= 1, "no dataset journal write recorded");
    }

    private static bool IsOutboxOf(PrometheusSample sample, string site) =>
        sample.Name == "edgelabel_site_outbox_depth" && sample.Labels.Contains($"site=\"{site}\"", StringComparison.Ordinal);

    private static async Task<(string Job, DateTimeOffset At)> KillOnLogLineAsync(ClusterDeployment cluster, CloudNodeProcess cloud, Regex pattern,
        string what, bool onlyNewLines, CancellationToken ct)
    {
        var run = cloud.Process!;
        var clock = Stopwatch.StartNew();
        var offset = onlyNewLines ? Math.Max(0, run.Stdout.LastIndexOf('\n') + 1) : 0;
        while (clock.Elapsed < Patience)
        {
            var text = run.Stdout;
            var match = pattern.Match(text, offset);
            if (match.Success)
            {
                var at = DateTimeOffset.UtcNow;
                SendSigKill(run.Id); // at once: NodeProcess.Kill walks the process tree first
                cloud.Kill();
                cluster.Log($"SIGKILL of {cloud.Name} {clock.ElapsedMilliseconds} ms into the wait, on: {match.Value}");
                return (match.Groups["job"].Value, at);
            }
            if (run.HasExited) cluster.Fail($"{cloud.Name} exited while waiting for {what}");
            offset = Math.Max(0, text.LastIndexOf('\n') + 1);
            await Task.Delay(1, ct);
        }
        cluster.Fail($"timed out after {Patience.TotalSeconds:0}s waiting for {what} in the log of {cloud.Name}");
        return default;
    }

    /// <summary>Waits until the current run's log shows every one of <paramref name="jobs"/> recovered (in <paramref name="phase"/>
    /// when given): job entities are remembered, they resume by themselves after a restart.</summary>
    private static Task WaitForResumedAsync(ClusterDeployment cluster, CloudNodeProcess cloud, IReadOnlyList<LabelingJobSummary> jobs, string? phase,
        CancellationToken ct)
    {
        bool Done()
        {
            var recovered = RecoveredLine.Matches(cloud.Process!.Stdout).Where(m => phase is null || m.Groups["phase"].Value == phase)
                .Select(m => m.Groups["job"].Value).ToHashSet(StringComparer.Ordinal);
            return jobs.All(j => recovered.Contains(j.LabelingJobName));
        }
        return WaitForLogAsync(cluster, cloud, Done, $"all {jobs.Count} job actors to resume{(phase is null ? "" : $" in phase {phase}")}", ct);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSigKill(int pid, int signal = 9);

    private static async Task RestartAsync(ClusterDeployment cluster, CloudNodeProcess cloud, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        cloud.Start();
        await cloud.WaitUpAsync(ClusterDeployment.StartTimeout, ct);
        cluster.Log($"{cloud.Name} restarted (start {cloud.Starts}), Up after {clock.Elapsed.TotalSeconds:0.0}s");
    }

    private static async Task WaitForLogAsync(ClusterDeployment cluster, CloudNodeProcess cloud, Func<bool> done, string what, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > Patience) cluster.Fail($"timed out after {Patience.TotalSeconds:0}s waiting for {what} in the log of {cloud.Name}");
            await Task.Delay(200, ct);
        }
    }

    /// <summary>Polls ListLabelingJobs (every page) until <paramref name="done"/> holds; fails with the last list and the logs.</summary>
    private static async Task<IReadOnlyList<LabelingJobSummary>> WaitForJobsAsync(ClusterDeployment cluster, SageMakerLabelingClient sageMaker,
        Func<IReadOnlyList<LabelingJobSummary>, bool> done, string what, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<LabelingJobSummary>? last = null;
        string? error = null;
        while (clock.Elapsed < Patience)
        {
            try
            {
                last = await ListJobsAsync(sageMaker, ct);
                error = null;
                if (done(last)) return last;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                error = $"{e.GetType().Name}: {e.Message}"; // starting, or shards moving
            }
            await Task.Delay(250, ct);
        }
        cluster.Fail($"timed out after {Patience.TotalSeconds:0}s waiting for {what}. Last error: {error}; last jobs:\n" +
                     string.Join("\n", (last ?? []).Select(Describe)));
        return null!;
    }

    private static async Task<IReadOnlyList<LabelingJobSummary>> ListJobsAsync(SageMakerLabelingClient sageMaker, CancellationToken ct)
    {
        var jobs = new List<LabelingJobSummary>();
        string? next = null;
        do
        {
            var page = await sageMaker.ListLabelingJobsAsync(new ListLabelingJobsRequest { MaxResults = 100, NextToken = next }, ct);
            jobs.AddRange(page.LabelingJobSummaryList);
            next = page.NextToken;
        } while (next is not null);
        return jobs;
    }

    private static string Describe(LabelingJobSummary j) =>
        $"{j.LabelingJobName} {j.LabelingJobStatus} created {j.CreationTime:HH:mm:ss.fff} modified {j.LastModifiedTime:HH:mm:ss.fff} " +
        $"labeled {j.LabelCounters.TotalLabeled} failed {j.LabelCounters.FailedNonRetryableError} unlabeled {j.LabelCounters.Unlabeled} {j.FailureReason}";

    private static SageMakerLabelingClient SageMaker(CloudNodeProcess cloud) => new(new SageMakerClientOptions
    {
        Region = "us-east-1",
        ServiceUrl = new Uri(cloud.HttpUrl + "/"),
        Credentials = new BasicAWSCredentials(AccessKey, SecretKey),
    });
}
