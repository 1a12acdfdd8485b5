using Akka.Actor;
using Akka.Hosting;
using EdgeLabel.Actors.Cluster;
using EdgeLabel.Actors.Datasets;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.Actors.Security;

namespace EdgeLabel.CloudNode.Http;

/// <summary>GET /healthz (open), and behind the admin token: GET /cluster, GET /datasets/{project}/stats,
/// POST /datasets/{project}/export.</summary>
public static class CloudEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public static void MapCloudEndpoints(this WebApplication app)
    {
        app.MapGet("/healthz", (ClusterIncarnations incarnations) =>
        {
            var view = ClusterView.Of(incarnations);
            return view.SelfStatus == "up"
                ? Results.Ok(new { status = "ok", role = ClusterRoles.Cloud, cluster = view.SelfStatus })
                : Results.Json(new { status = "starting", role = ClusterRoles.Cloud, cluster = view.SelfStatus }, statusCode: 503);
        });

        var admin = app.MapGroup("").AddEndpointFilter(async (context, next) =>
        {
            var token = context.HttpContext.RequestServices.GetRequiredService<AdminToken>();
            return token.Accepts(context.HttpContext.Request.Headers.Authorization)
                ? await next(context)
                : Results.Json(new { error = "admin token required (Authorization: Bearer <token>)" }, statusCode: 401);
        });

        admin.MapGet("/cluster", (ClusterIncarnations incarnations) => Results.Ok(ClusterView.Of(incarnations)));

        admin.MapGet("/datasets/{project}/stats", (string project, ClusterIncarnations incarnations, CancellationToken ct) =>
            AskDataset<DatasetStats>(incarnations, new GetDatasetStats(project), ct));

        admin.MapPost("/datasets/{project}/export", (string project, bool? thumbnails, ClusterIncarnations incarnations, CancellationToken ct) =>
            AskDataset<DatasetExported>(incarnations, new ExportDataset(project, thumbnails ?? true), ct, TimeSpan.FromMinutes(10)));
    }

    private static async Task<IResult> AskDataset<T>(ClusterIncarnations incarnations, object message, CancellationToken ct, TimeSpan? timeout = null)
    {
        if (incarnations.Current is not { } system)
            return Results.Json(new { error = "the cluster is restarting; try again" }, statusCode: 503);
        var region = ActorRegistry.For(system).Get<DatasetRegion>();
        try
        {
            return await region.Ask<object>(message, timeout ?? AskTimeout, ct) switch
            {
                T reply => Results.Ok(reply),
                UnknownProject unknown => Results.NotFound(new { error = unknown.Reason }),
                var other => Results.Json(new { error = $"unexpected reply {other.GetType().Name}" }, statusCode: 500),
            };
        }
        catch (AskTimeoutException)
        {
            return Results.Json(new { error = "the dataset did not answer in time (shards moving?); try again" }, statusCode: 503);
        }
    }
}
