using Akka.Actor;
using Akka.Hosting;
using EdgeLabel.Actors.Cluster;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Datasets;
using EdgeLabel.Actors.Health;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.Actors.Sites;

namespace EdgeLabel.CloudNode.Http;

/// <summary>GET /ready: 200 when this cloud node can serve (an Up member, its site directory answers, a project dataset
/// answers through the shard region, i.e. sharding and the journal work), else 503 with the reasons. Unreachable
/// members are reported, not required: the split brain resolver decides about them.</summary>
public static class ReadinessEndpoints
{
    public static void MapReadinessEndpoints(this WebApplication app) =>
        app.MapGet("/ready", async (ClusterIncarnations incarnations, CloudSettings settings, CancellationToken ct) =>
        {
            var view = ClusterView.Of(incarnations);
            var system = incarnations.Current;
            var checks = new List<ReadinessCheck>
            {
                new("cluster", view.SelfStatus == "up", $"{view.SelfStatus}, {view.Members.Count} member(s), leader {view.Leader ?? "none"}"),
                new("reachability", view.Unreachable.Count == 0,
                    view.Unreachable.Count == 0 ? "every member reachable" : $"unreachable: {string.Join(", ", view.Unreachable)}", Required: false),
            };
            if (system is null || view.SelfStatus != "up")
            {
                checks.Add(new ReadinessCheck("site-directory", false, "not checked before the node is up"));
                checks.Add(new ReadinessCheck("datasets", false, "not checked before the node is up"));
            }
            else
            {
                var registry = ActorRegistry.For(system);
                var project = settings.Projects.Keys.Order(StringComparer.Ordinal).FirstOrDefault();
                checks.AddRange(await Task.WhenAll(
                    Readiness.Probe("site-directory", async () =>
                    {
                        var reports = await registry.Get<SiteDirectory>().Ask<SiteReports>(new GetSiteReports(), Readiness.CheckTimeout, ct);
                        return new ReadinessCheck("site-directory", true, $"{reports.Sites.Count} site(s) reported");
                    }),
                    project is null ? Task.FromResult(new ReadinessCheck("datasets", true, "no project configured")) : Readiness.Probe("datasets", async () =>
                    {
                        var reply = await registry.Get<DatasetRegion>().Ask<object>(new GetDatasetStats(project), Readiness.CheckTimeout, ct);
                        return reply is DatasetStats stats
                            ? new ReadinessCheck("datasets", true, $"project '{project}' answers ({stats.Images} images)")
                            : new ReadinessCheck("datasets", false, $"project '{project}' answered {reply.GetType().Name}");
                    })));
            }
            var readiness = Readiness.Of(checks);
            return Results.Json(readiness, statusCode: readiness.Ready ? 200 : 503);
        });
}
