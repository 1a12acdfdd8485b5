using Akka.Actor;
using Akka.Hosting;
using EdgeLabel.Actors.Cluster;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Datasets;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.Actors.Security;
using EdgeLabel.Actors.Sites;

namespace EdgeLabel.CloudNode.Http;

/// <summary>GET /healthz (open), and behind the admin token: GET /cluster, GET /sites, GET /sites/{site},
/// GET /datasets/{project}/stats, POST /datasets/{project}/export.</summary>
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

        var admin = app.MapAdminGroup();

        admin.MapGet("/cluster", (ClusterIncarnations incarnations) => Results.Ok(ClusterView.Of(incarnations)));

        // This node's own directory: every edge reports to every cloud node, so any node answers for all sites.
        admin.MapGet("/sites", (ClusterIncarnations incarnations, CancellationToken ct) => AskSites(incarnations, null, ct));

        admin.MapGet("/sites/{site}", (string site, ClusterIncarnations incarnations, CancellationToken ct) =>
            EdgeSettingsReader.IsValidName(site)
                ? AskSites(incarnations, site, ct)
                : Task.FromResult(Results.BadRequest(new { error = $"'{site}' is not a site name (lower-case letters, digits and dashes; max 40)" })));

        admin.MapGet("/datasets/{project}/stats", (string project, ClusterIncarnations incarnations, CancellationToken ct) =>
            AskDataset<DatasetStats>(incarnations, new GetDatasetStats(project), ct));

        admin.MapPost("/datasets/{project}/export", (string project, bool? thumbnails, ClusterIncarnations incarnations, CancellationToken ct) =>
            AskDataset<DatasetExported>(incarnations, new ExportDataset(project, thumbnails ?? true), ct, TimeSpan.FromMinutes(10)));
    }

    /// <summary>This node's site directory (also the portal admin's Sites view).</summary>
    internal static async Task<IResult> AskSites(ClusterIncarnations incarnations, string? site, CancellationToken ct)
    {
        if (incarnations.Current is not { } system)
            return Results.Json(new { error = "the cluster is restarting; try again" }, statusCode: 503);
        var directory = ActorRegistry.For(system).Get<SiteDirectory>();
        try
        {
            var reports = await directory.Ask<SiteReports>(new GetSiteReports(site), AskTimeout, ct);
            return site is not null && reports.Sites.Count == 0
                ? Results.NotFound(new { error = $"no report from site '{site}' on this cloud node (unknown site, or it has not reported since this node started)" })
                : Results.Ok(SitesJson.From(reports));
        }
        catch (AskTimeoutException)
        {
            return Results.Json(new { error = "the site directory did not answer in time; try again" }, statusCode: 503);
        }
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
