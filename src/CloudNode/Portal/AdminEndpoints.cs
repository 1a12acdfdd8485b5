using Akka.Actor;
using Akka.Hosting;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.GroundTruth;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.Actors.Labeling;
using EdgeLabel.GroundTruth.Api;

namespace EdgeLabel.CloudNode.Portal;

/// <summary>The portal's admin API, <c>/labeling/api/admin/</c>, read-only, for an admin session or the admin bearer
/// token (<see cref="AdminIdentity"/>): <c>jobs</c> (every job of the embedded service, and each project's labeling
/// queue), <c>labelers</c> (throughput and agreement, computed by the service), <c>sites</c> (each site's outbox), and the dataset views of
/// <see cref="AdminDatasetEndpoints"/>.</summary>
public static class AdminEndpoints
{
    public const string Prefix = "/labeling/api/admin";
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);
    // The coordinators' queues are a nicety beside the jobs: a slow or absent coordinator only leaves them out.
    private static readonly TimeSpan CoordinatorTimeout = TimeSpan.FromSeconds(3);
    private const int MaxJobPages = 10;

    public static void MapAdminEndpoints(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<CloudSettings>().GroundTruth.Enabled) return;
        var admin = app.MapGroup(Prefix).AddEndpointFilter(async (context, next) =>
            AdminIdentity.Refusal(context.HttpContext) ?? await next(context));

        admin.MapGet("/jobs", JobsAsync);
        admin.MapGet("/labelers", async (ClusterIncarnations incarnations, CancellationToken ct) =>
            await AskAsync<EmbeddedGroundTruth>(incarnations, new GetLabelerStats(), ct) switch
            {
                (LabelerStatsReport report, _) => Results.Ok(report),
                var (reply, problem) => problem ?? Unexpected(reply),
            });
        // Each site's latest report to this node (outbox depth, state, delivery), the same answer as GET /sites.
        admin.MapGet("/sites", (ClusterIncarnations incarnations, CancellationToken ct) => Http.CloudEndpoints.AskSites(incarnations, null, ct));
        admin.MapAdminDatasetEndpoints();
    }

    /// <summary>Every job, newest first (up to <see cref="MaxJobPages"/> pages of 100), with the project its coordinator
    /// started it for; and every configured project's labeling queue when its coordinator answers in time.</summary>
    private static async Task<IResult> JobsAsync(ClusterIncarnations incarnations, CloudSettings settings, CancellationToken ct)
    {
        var summaries = new List<LabelingJobSummary>();
        string? next = null;
        for (var page = 0; page < MaxJobPages && (page == 0 || next is not null); page++)
        {
            var request = new ListLabelingJobsRequest { MaxResults = 100, SortBy = LabelingJobSortBy.CreationTime, SortOrder = SortOrder.Descending, NextToken = next };
            switch (await AskAsync<EmbeddedGroundTruth>(incarnations, new ListLabelingJobs(request), ct))
            {
                case (LabelingJobsListed listed, _):
                    summaries.AddRange(listed.Response.LabelingJobSummaryList);
                    next = listed.Response.NextToken;
                    break;
                case var (reply, problem):
                    return problem ?? Unexpected(reply);
            }
        }

        var projects = new List<object>();
        var projectOfJob = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var project in settings.Projects.Keys.Order(StringComparer.Ordinal))
        {
            var (reply, _) = await AskAsync<LabelingCoordinatorRegion>(incarnations, new GetLabelingStatus(project), ct, CoordinatorTimeout);
            var status = reply as LabelingStatus;
            foreach (var job in status?.Jobs ?? []) projectOfJob[job.JobName] = project;
            projects.Add(new
            {
                project,
                labeling = status is null ? null : new { status.Pending, status.OldestPendingAt, status.Alerts, jobs = status.Jobs.Count },
            });
        }

        return Results.Ok(new
        {
            jobs = summaries.Select(j => new
            {
                name = j.LabelingJobName,
                project = projectOfJob.GetValueOrDefault(j.LabelingJobName),
                status = j.LabelingJobStatus,
                labelCounters = j.LabelCounters,
                dataObjects = j.LabelCounters.TotalLabeled + j.LabelCounters.FailedNonRetryableError + j.LabelCounters.Unlabeled,
                createdAt = j.CreationTime,
                lastModifiedAt = j.LastModifiedTime,
                failureReason = j.FailureReason,
            }),
            truncated = next is not null,
            projects,
        });
    }

    /// <summary>The reply of the actor registered as <typeparamref name="TKey"/>, or the answer to give instead (503 while
    /// the cluster restarts or when it is slow).</summary>
    internal static async Task<(object? Reply, IResult? Problem)> AskAsync<TKey>(ClusterIncarnations incarnations, object message,
        CancellationToken ct, TimeSpan? timeout = null)
    {
        if (incarnations.Current is not { } system || !ActorRegistry.For(system).TryGet<TKey>(out var actor))
            return (null, Unavailable("the cluster is starting or restarting; try again"));
        try
        {
            return (await actor.Ask<object>(message, timeout ?? AskTimeout, ct), null);
        }
        catch (AskTimeoutException)
        {
            return (null, Unavailable("the cluster did not answer in time (shards moving?); try again"));
        }
    }

    internal static IResult Unavailable(string reason) => Results.Json(new { error = reason }, statusCode: 503);

    internal static IResult Unexpected(object? reply) =>
        Results.Json(new { error = $"unexpected reply {reply?.GetType().Name}" }, statusCode: 500);
}
