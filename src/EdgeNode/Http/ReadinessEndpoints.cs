using Akka.Actor;
using Akka.Hosting;
using EdgeLabel.Actors.Cluster;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Health;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Pipeline;

namespace EdgeLabel.EdgeNode.Http;

/// <summary>GET /ready: 200 when the site can take images (pipeline running, decision journal recovered, outbox not
/// paused, spool not full), else 503 with the reasons. The cluster check is reported but not required: a site cut
/// off from the cloud keeps deciding and queueing, which is what it is for.</summary>
public static class ReadinessEndpoints
{
    public static void MapReadinessEndpoints(this WebApplication app) =>
        app.MapGet("/ready", async (IRequiredActor<SitePipeline> pipeline, IRequiredActor<DecisionJournal> journal,
            IRequiredActor<Outbox> outbox, IServiceProvider services, CancellationToken ct) =>
        {
            var timeout = Readiness.CheckTimeout;
            var checks = await Task.WhenAll(
                Readiness.Probe("pipeline", async () =>
                {
                    var site = await pipeline.ActorRef.Ask<SiteStatus>(GetSiteStatus.Instance, timeout, ct);
                    return site.SpoolFull
                        ? new ReadinessCheck("pipeline", false, $"spool full ({site.SpoolUsedBytes} of {site.SpoolQuotaBytes} bytes); cameras wait for uploads")
                        : new ReadinessCheck("pipeline", true, $"{site.Cameras.Count} camera(s), {site.InFlight} of {site.MaxInFlight} images in flight");
                }),
                Readiness.Probe("decision-journal", async () =>
                {
                    var summary = await journal.ActorRef.Ask<DecisionSummary>(GetDecisionSummary.Instance, timeout, ct);
                    return new ReadinessCheck("decision-journal", true, $"recovered, {summary.Total} decisions");
                }),
                Readiness.Probe("outbox", async () =>
                {
                    var status = await outbox.ActorRef.Ask<OutboxStatus>(GetOutboxStatus.Instance, timeout, ct);
                    return new ReadinessCheck("outbox", !status.Paused,
                        status.Paused ? $"paused: {status.LastError}" : $"{status.State}, {status.Depth} waiting");
                }),
                Task.FromResult(ClusterCheck(services.GetService<ClusterIncarnations>())));
            var readiness = Readiness.Of(checks);
            return Results.Json(readiness, statusCode: readiness.Ready ? 200 : 503);
        });

    private static ReadinessCheck ClusterCheck(ClusterIncarnations? incarnations)
    {
        if (incarnations is null) return new ReadinessCheck("cluster", true, "not configured (standalone site)", Required: false);
        var view = ClusterView.Of(incarnations);
        return new ReadinessCheck("cluster", view.SelfStatus == "up",
            view.SelfStatus == "up" ? $"up, {view.Members.Count} member(s), {view.Unreachable.Count} unreachable" : $"{view.SelfStatus}; records wait in the delivery queue",
            Required: false);
    }
}
