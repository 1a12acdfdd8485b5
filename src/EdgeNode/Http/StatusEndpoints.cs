using Akka.Actor;
using Akka.Hosting;
using EdgeLabel.Actors.Cluster;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.Actors.Inference;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Pipeline;
using EdgeLabel.Actors.Rollout;

namespace EdgeLabel.EdgeNode.Http;

/// <summary>GET /status (pipeline, decisions, outbox, delivery, cluster, the model running and the rollout status) and GET /healthz.</summary>
public static class StatusEndpoints
{
    private static async Task<DeliveryStatus?> DeliveryStatusAsync(IServiceProvider services, TimeSpan timeout, CancellationToken ct)
    {
        var registry = services.GetRequiredService<ActorRegistry>();
        return registry.TryGet<CloudDelivery>(out var delivery)
            ? await delivery.Ask<DeliveryStatus>(GetDeliveryStatus.Instance, timeout, ct)
            : null;
    }

    /// <summary>The installer's status on a site that follows rollouts, else just the model running.</summary>
    private static async Task<RolloutStatus> RolloutStatusAsync(IServiceProvider services, TimeSpan timeout, CancellationToken ct) =>
        services.GetRequiredService<ActorRegistry>().TryGet<ModelInstaller>(out var installer)
            ? await installer.Ask<RolloutStatus>(GetRolloutStatus.Instance, timeout, ct)
            : new RolloutStatus(services.GetRequiredService<DetectorSlot>().Current.Model, null, null, null);

    public static void MapStatusEndpoints(this WebApplication app)
    {
        // Unhealthy only for what an operator must fix (a store refusing uploads); a link that is down is normal at the edge.
        app.MapGet("/healthz", async (IRequiredActor<Outbox> outbox, CancellationToken ct) =>
        {
            var status = await outbox.ActorRef.Ask<OutboxStatus>(GetOutboxStatus.Instance, TimeSpan.FromSeconds(5), ct);
            return status.Paused
                ? Results.Json(new { status = "unhealthy", reason = $"outbox paused: {status.LastError}" }, statusCode: 503)
                : Results.Ok(new { status = "ok", outbox = status.State });
        });
        app.MapGet("/status", async (IRequiredActor<SitePipeline> pipeline, IRequiredActor<DecisionJournal> journal,
            IRequiredActor<Outbox> outbox, IServiceProvider services, CancellationToken ct) =>
        {
            var timeout = TimeSpan.FromSeconds(5);
            var site = pipeline.ActorRef.Ask<SiteStatus>(GetSiteStatus.Instance, timeout, ct);
            var decisions = journal.ActorRef.Ask<DecisionSummary>(GetDecisionSummary.Instance, timeout, ct);
            var queue = outbox.ActorRef.Ask<OutboxStatus>(GetOutboxStatus.Instance, timeout, ct);
            await Task.WhenAll(site, decisions, queue);
            return Results.Ok(new
            {
                site = site.Result, decisions = decisions.Result, outbox = queue.Result,
                delivery = await DeliveryStatusAsync(services, timeout, ct),
                rollout = await RolloutStatusAsync(services, timeout, ct),
                cluster = services.GetService<ClusterIncarnations>() is { } incarnations ? ClusterView.Of(incarnations) : null,
            });
        });
    }
}
