using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Sites;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.Tests.Sites;

/// <summary>Filled-in status records and reports for the site-report specs.</summary>
internal static class SiteReportSamples
{
    public static readonly ModelIdentity Model = new("fake-detector", "1", new string('a', 64));

    public static OutboxStatus OutboxFigures(int depth = 0, string state = OutboxStates.Running, string? lastError = null, DateTimeOffset? oldest = null) =>
        new(depth, 0, depth, 0, depth * 1000L, oldest, 10, 0, 7, 7000, 0, 0, 0, state, lastError, null);

    public static DeliveryStatus DeliveryFigures(int pending = 0) =>
        new("default", pending == 0 ? DeliveryStates.Idle : DeliveryStates.Delivering, 20, 20 - pending, pending, 0, null, null, null);

    public static DecisionSummary DecisionFigures(int auto = 5, int review = 2, int audit = 1) =>
        new(auto, review, audit, 0, new Dictionary<string, int>());

    public static SiteReport Report(string site, DateTimeOffset at, int depth = 0, TimeSpan? interval = null) =>
        new(site, "akka.tcp://edgelabel@127.0.0.1:4060", at, interval ?? TimeSpan.FromSeconds(5), OutboxFigures(depth), DeliveryFigures(), DecisionFigures(), Model);
}
