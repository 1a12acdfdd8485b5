using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.Actors.Inspection;
using EdgeLabel.Actors.Labeling;

namespace EdgeLabel.CloudNode.Http;

/// <summary>What <c>edgelabel ctl</c> needs beyond /cluster and /datasets, all behind the admin token:
/// POST /cluster/leave and /cluster/down (a member's address), GET /actors (the actor tree under a path),
/// GET /labeling/{project} (the coordinator: pending images, jobs, alerts), GET /labeling/{project}/jobs/{job} and
/// POST /labeling/{project}/jobs/{job}/stop.</summary>
public static class OperationsEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private const int MaxBodyBytes = 4 * 1024;

    public static void MapOperationsEndpoints(this WebApplication app)
    {
        var admin = app.MapAdminGroup();

        admin.MapPost("/cluster/leave", (HttpContext http, ClusterIncarnations incarnations, CancellationToken ct) =>
            ChangeMembership(http, incarnations, (cluster, address) => cluster.Leave(address), "leaving", ct));
        admin.MapPost("/cluster/down", (HttpContext http, ClusterIncarnations incarnations, CancellationToken ct) =>
            ChangeMembership(http, incarnations, (cluster, address) => cluster.Down(address), "downed", ct));

        admin.MapGet("/actors", async (string? path, int? depth, ClusterIncarnations incarnations, CancellationToken ct) =>
        {
            if (incarnations.Current is not { } system) return Restarting();
            var root = string.IsNullOrEmpty(path) ? "/user" : path;
            if (!root.StartsWith("/user", StringComparison.Ordinal) && !root.StartsWith("/system", StringComparison.Ordinal) || root.Contains("..") || root.Contains('*'))
                return Results.BadRequest(new { error = "path must start with /user or /system (no wildcards)" });
            var walker = system.ActorOf(ActorTreeWalker.Props(root, Math.Clamp(depth ?? 3, 1, 8)));
            return Results.Ok(await walker.Ask<ActorTreeNode>(WalkActorTree.Instance, AskTimeout, ct));
        });

        admin.MapGet("/labeling/{project}", async (string project, ClusterIncarnations incarnations, CloudSettings settings, CancellationToken ct) =>
            await LabelingStatusAsync(incarnations, settings, project, ct) switch
            {
                (null, var refusal) => refusal!,
                var (status, _) => Results.Ok(status),
            });

        admin.MapGet("/labeling/{project}/jobs/{job}", (string project, string job, ClusterIncarnations incarnations, CloudSettings settings, CancellationToken ct) =>
            WithKnownJob(incarnations, settings, project, job, ct, async (region, name) =>
                Results.Ok(await region.Ask<LabelingJobStatusReport>(new GetLabelingJobStatus(name), AskTimeout, ct))));

        admin.MapPost("/labeling/{project}/jobs/{job}/stop", (string project, string job, ClusterIncarnations incarnations, CloudSettings settings, CancellationToken ct) =>
            WithKnownJob(incarnations, settings, project, job, ct, async (region, name) =>
            {
                region.Tell(new StopLabeling(name, "stopped by an operator"));
                var report = await region.Ask<LabelingJobStatusReport>(new GetLabelingJobStatus(name), AskTimeout, ct);
                return Results.Accepted(value: report);
            }));
    }

    private sealed record MemberRequest(string? Address);

    private static async Task<IResult> ChangeMembership(HttpContext http, ClusterIncarnations incarnations,
        Action<Akka.Cluster.Cluster, Address> change, string outcome, CancellationToken ct)
    {
        if (incarnations.Current is not { } system) return Restarting();
        if (http.Request.ContentLength > MaxBodyBytes || !http.Request.HasJsonContentType())
            return Results.BadRequest(new { error = "send {\"address\":\"akka.tcp://system@host:port\"} as JSON of at most 4 KiB" });
        MemberRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<MemberRequest>(http.Request.Body, JsonSerializerOptions.Web, ct);
        }
        catch (JsonException)
        {
            return Results.BadRequest(new { error = "the body is not JSON" });
        }
        Address address;
        try
        {
            address = Address.Parse(request?.Address ?? "");
        }
        catch (Exception)
        {
            return Results.BadRequest(new { error = $"'{request?.Address}' is not an Akka address (akka.tcp://system@host:port)" });
        }
        var cluster = Akka.Cluster.Cluster.Get(system);
        if (!cluster.State.Members.Any(m => m.Address.Equals(address)))
            return Results.NotFound(new { error = $"{address} is not a member of this cluster" });
        change(cluster, address);
        return Results.Accepted(value: new { address = address.ToString(), status = outcome });
    }

    private static async Task<(LabelingStatus? Status, IResult? Refusal)> LabelingStatusAsync(ClusterIncarnations incarnations, CloudSettings settings, string project, CancellationToken ct)
    {
        if (incarnations.Current is not { } system) return (null, Restarting());
        if (ActorRegistry.For(system).TryGet<LabelingCoordinatorRegion>(out var coordinators) is false)
            return (null, Results.NotFound(new { error = "this node runs no labeling (no labeling backend configured)" }));
        if (!settings.Projects.ContainsKey(project))
            return (null, Results.NotFound(new { error = $"unknown project '{project}'" }));
        try
        {
            return (await coordinators.Ask<LabelingStatus>(new GetLabelingStatus(project), AskTimeout, ct), null);
        }
        catch (AskTimeoutException)
        {
            return (null, Results.Json(new { error = "the labeling coordinator did not answer in time (shards moving?); try again" }, statusCode: 503));
        }
    }

    // A job is asked only when its project's coordinator lists it: asking a remembered entity by a made-up name would
    // create it for good.
    private static async Task<IResult> WithKnownJob(ClusterIncarnations incarnations, CloudSettings settings, string project, string job, CancellationToken ct,
        Func<IActorRef, string, Task<IResult>> act)
    {
        var (status, refusal) = await LabelingStatusAsync(incarnations, settings, project, ct);
        if (status is null) return refusal!;
        var entry = status.Jobs.FirstOrDefault(j => string.Equals(j.JobName, job, StringComparison.OrdinalIgnoreCase));
        if (entry is null) return Results.NotFound(new { error = $"project '{project}' has no labeling job '{job}'" });
        try
        {
            return await act(ActorRegistry.For(incarnations.Current!).Get<LabelingJobRegion>(), entry.JobName);
        }
        catch (AskTimeoutException)
        {
            return Results.Json(new { error = "the job did not answer in time (shards moving?); try again" }, statusCode: 503);
        }
    }

    private static IResult Restarting() => Results.Json(new { error = "the cluster is restarting; try again" }, statusCode: 503);
}
