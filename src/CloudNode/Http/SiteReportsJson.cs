using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Rollout;
using EdgeLabel.Actors.Sites;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.CloudNode.Http;

/// <summary>GET /sites and GET /sites/{site} (camelCase by the web defaults): the directory's entries, one per site,
/// ordered by site name. GET /sites/{site} answers the same shape with that one site.</summary>
public sealed record SitesJson(IReadOnlyList<SiteJson> Sites)
{
    public static SitesJson From(SiteReports reports) => new(reports.Sites.Select(SiteJson.From).ToArray());
}

/// <summary>One site: who reported, when (the edge's clock) and when this node received it, and whether that is more
/// than three of the site's report intervals ago. The outbox is summed up for operators; delivery, decisions and
/// model are the edge's own records, the same fields as its GET /status; rollout is the model installer's status
/// (thresholds revision, a version being installed, the last rollout error), null from a site that follows no rollouts.</summary>
public sealed record SiteJson(
    string Site, string Node, DateTimeOffset ReportedAt, DateTimeOffset ReceivedAt, bool Stale,
    SiteOutboxJson Outbox, DeliveryStatus? Delivery, DecisionSummary Decisions, ModelIdentity Model, RolloutStatus? Rollout)
{
    public static SiteJson From(SiteReportEntry entry)
    {
        var r = entry.Report;
        var o = r.Outbox;
        return new SiteJson(r.Site, r.Node, r.ReportedAt, entry.ReceivedAt, entry.Stale,
            new SiteOutboxJson(o.Depth, o.BytesPending, AgeAt(r.ReportedAt, o.OldestEnqueuedAt), o.State, o.LastError, o.Uploaded, o.FailedPermanently,
                Math.Round(o.UploadObjectsPerSecond, 2), Math.Round(o.UploadBytesPerSecond), AgeAt(r.ReportedAt, o.LastUploadAt)),
            r.Delivery, r.Decisions, r.Model, r.Rollout);
    }

    // Ages at the time of the report, on the edge's own clock (no skew between edge and cloud in them).
    private static double? AgeAt(DateTimeOffset reportedAt, DateTimeOffset? since) =>
        since is { } at ? Math.Round(Math.Max(0, (reportedAt - at).TotalSeconds), 1) : null;
}

/// <summary>Images waiting to leave the site (count, bytes, age of the oldest in seconds), the outbox state
/// (<c>running</c>, <c>link-down</c>, <c>paused</c>, <c>outside-window</c>, <c>disabled</c>), its last error,
/// uploaded / permanently failed counts, the upload rate over the edge's last ten seconds, and how long before the
/// report the last upload was confirmed (null: never) — with a cut link, the rate is 0 and that age grows.</summary>
public sealed record SiteOutboxJson(
    int Pending, long PendingBytes, double? OldestAgeSeconds, string State, string? LastError, long Uploaded, int Failed,
    double UploadObjectsPerSecond, double UploadBytesPerSecond, double? LastUploadAgeSeconds);
