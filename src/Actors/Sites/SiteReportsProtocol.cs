using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.Actors.Sites;

/// <summary>Marker of the site-report messages that cross from edges to cloud nodes.</summary>
public interface ISiteReportsMessage : IEdgeLabelMessage;

// Edge → cloud (remote; serialized with a stable manifest).

/// <summary>A site's figures as its edge node saw them at <see cref="ReportedAt"/>, told to every cloud node's
/// <see cref="SiteDirectory"/>. It carries the edge's own status records (the ones GET /status shows), so the
/// cloud sees what the site's operator sees. <see cref="Node"/> is the edge's cluster address;
/// <see cref="Interval"/> is how often the edge reports, which is what the cloud's stale flag is measured in.
/// <see cref="Delivery"/> is null when the delivery queue did not answer in time. <see cref="Model"/> is the model the
/// site runs now; <see cref="Rollout"/> (null from an edge that follows no rollouts, or one older than rollouts: the
/// JSON form only gained a field, so v1 still reads both ways) the thresholds revision, an install under way and the
/// last rollout error.</summary>
public sealed record SiteReport(
    string Site, string Node, DateTimeOffset ReportedAt, TimeSpan Interval, OutboxStatus Outbox, DeliveryStatus? Delivery,
    DecisionSummary Decisions, ModelIdentity Model, Rollout.RolloutStatus? Rollout = null) : ISiteReportsMessage;

// Local queries of a cloud node's directory (asked by its HTTP endpoints; never remote).

/// <summary>The latest report of every site, or of <see cref="Site"/> only (an empty answer when it never reported).</summary>
public sealed record GetSiteReports(string? Site = null);

/// <summary>The directory's entries, ordered by site name.</summary>
public sealed record SiteReports(IReadOnlyList<SiteReportEntry> Sites);

/// <summary>A site's latest report, when this cloud node received it, and whether that is more than
/// <see cref="SiteReportSettings.StaleAfterIntervals"/> of the site's intervals ago.</summary>
public sealed record SiteReportEntry(SiteReport Report, DateTimeOffset ReceivedAt, bool Stale);
