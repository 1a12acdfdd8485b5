using Akka.Actor;
using Akka.Hosting;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Pipeline;

namespace EdgeLabel.EdgeNode.Http;

/// <summary>GET /status (pipeline, decisions, outbox) and GET /healthz.</summary>
public static class StatusEndpoints
{
    public static void MapStatusEndpoints(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/status", async (IRequiredActor<SitePipeline> pipeline, IRequiredActor<DecisionJournal> journal,
            IRequiredActor<ReviewOutbox> outbox, CancellationToken ct) =>
        {
            var timeout = TimeSpan.FromSeconds(5);
            var site = pipeline.ActorRef.Ask<SiteStatus>(GetSiteStatus.Instance, timeout, ct);
            var decisions = journal.ActorRef.Ask<DecisionSummary>(GetDecisionSummary.Instance, timeout, ct);
            var queue = outbox.ActorRef.Ask<OutboxStatus>(GetOutboxStatus.Instance, timeout, ct);
            await Task.WhenAll(site, decisions, queue);
            return Results.Ok(new { site = site.Result, decisions = decisions.Result, outbox = queue.Result });
        });
    }
}
