using EdgeLabel.EndToEnd.Tests.Upload;

namespace EdgeLabel.EndToEnd.Tests.Support.Cluster;

/// <summary>An edge's GET /status with the cluster parts (delivery queue and membership); camelCase JSON.</summary>
internal sealed record EdgeStatus(SiteStatusJson Site, DecisionsJson Decisions, OutboxJson? Outbox, DeliveryJson? Delivery, ClusterViewJson? Cluster)
{
    /// <summary>Images that became a record for the cloud: every decided image except the quarantined ones.</summary>
    public int Delivered => Decisions.AutoLabeled + Decisions.Review + Decisions.Audit;

    /// <summary>Records the edge must queue for its images: one per image, plus a review notice per review/audit image.</summary>
    public int ExpectedRecords => Delivered + Decisions.Review + Decisions.Audit;

    /// <summary>Every camera finished its source and every admitted image is settled.</summary>
    public bool CamerasDone => Site.Idle && Site.InFlight == 0 && Site.Cameras.All(c => c.SourceExhausted && c.Idle);

    /// <summary>Nothing left anywhere on the edge: cameras done, outbox drained, every record queued and acknowledged.</summary>
    public bool FullyDelivered =>
        CamerasDone && Outbox is { Depth: 0, InFlight: 0 } && Delivery is { } d
        && d.Pending == 0 && d.AwaitingUpload == 0 && d.Acknowledged == d.Queued && d.Queued == ExpectedRecords;

    public override string ToString() =>
        $"site={Site.Site} decisions(total={Decisions.Total} auto={Decisions.AutoLabeled} review={Decisions.Review} audit={Decisions.Audit} " +
        $"quarantined={Decisions.Quarantined}) inFlight={Site.InFlight} idle={Site.Idle} cameras=[" +
        string.Join("; ", Site.Cameras.Select(c => $"{c.Name} decided={c.Decided} already={c.AlreadyDecided} failed={c.Failed} exhausted={c.SourceExhausted}")) +
        $"] outbox=({Outbox}) delivery=({Delivery}) cluster=({Cluster})";
}

/// <summary>The <c>delivery</c> part of an edge's /status (DeliveryStatus).</summary>
internal sealed record DeliveryJson(string Project, string State, long Queued, long Acknowledged, int Pending, int AwaitingUpload,
    DateTimeOffset? OldestPendingAt, DateTimeOffset? LastAcknowledgedAt, string? LastError)
{
    public override string ToString() =>
        $"state={State} queued={Queued} acknowledged={Acknowledged} pending={Pending} awaitingUpload={AwaitingUpload} lastError={LastError}";
}

/// <summary>A node's view of the cluster (edge /status <c>cluster</c>, cloud GET /cluster).</summary>
internal sealed record ClusterViewJson(string? SelfAddress, string SelfStatus, int Incarnations, string? Leader,
    IReadOnlyList<ClusterMemberJson> Members, IReadOnlyList<string> Unreachable)
{
    public bool IsUp => SelfStatus == "up";

    public int UpWithRole(string role) => Members.Count(m => m.Status == "up" && !m.Unreachable && m.Roles.Contains(role));

    public override string ToString() =>
        $"self={SelfAddress} {SelfStatus} incarnations={Incarnations} leader={Leader} members=[" +
        string.Join(", ", Members.Select(m => $"{m.Address} {m.Status}{(m.Unreachable ? " UNREACHABLE" : "")} {string.Join('/', m.Roles)}")) + "]";
}

internal sealed record ClusterMemberJson(string Address, string Status, IReadOnlyList<string> Roles, bool Unreachable);

/// <summary>GET /datasets/{project}/stats.</summary>
internal sealed record DatasetStatsJson(
    string Project, int Images, IReadOnlyDictionary<string, int> ByStatus, IReadOnlyDictionary<string, int> BySite,
    long MachineBoxes, long HumanBoxes, long RejectedBoxes, long ClippedBoxes, long DuplicateRecords,
    IReadOnlyDictionary<string, long> SiteHighWaterMarks, IReadOnlyList<string> RecentRejections)
{
    public int Site(string site) => BySite.GetValueOrDefault(site);

    public long HighWater(string site) => SiteHighWaterMarks.GetValueOrDefault(site);

    public override string ToString() =>
        $"images={Images} byStatus={{{string.Join(", ", ByStatus.Select(p => $"{p.Key}={p.Value}"))}}} bySite={{{string.Join(", ", BySite.Select(p => $"{p.Key}={p.Value}"))}}} " +
        $"highWater={{{string.Join(", ", SiteHighWaterMarks.Select(p => $"{p.Key}={p.Value}"))}}} machineBoxes={MachineBoxes} rejectedBoxes={RejectedBoxes} " +
        $"clipped={ClippedBoxes} duplicateRecords={DuplicateRecords}";
}

/// <summary>POST /datasets/{project}/export.</summary>
internal sealed record DatasetExportedJson(string Project, string Directory, int Images, IReadOnlyList<string> Files, string? Error);

/// <summary>A cloud node's GET /sites: the latest report of every site that reported to it.</summary>
internal sealed record SitesJson(IReadOnlyList<SiteJson> Sites)
{
    public SiteJson? Of(string site) => Sites.FirstOrDefault(s => s.Site == site);

    public override string ToString() => "[" + string.Join("; ", Sites) + "]";
}

internal sealed record SiteJson(string Site, string Node, DateTimeOffset ReportedAt, DateTimeOffset ReceivedAt, bool Stale,
    SiteOutboxJson Outbox, DeliveryJson? Delivery, DecisionsJson Decisions, SiteModelJson Model)
{
    public override string ToString() =>
        $"{Site} from {Node} stale={Stale} reportedAt={ReportedAt:O} outbox(pending={Outbox.Pending} bytes={Outbox.PendingBytes} " +
        $"oldest={Outbox.OldestAgeSeconds}s state={Outbox.State} uploaded={Outbox.Uploaded} failed={Outbox.Failed}) delivery=({Delivery}) " +
        $"decisions={Decisions.Total} model={Model.Id}/{Model.Version}";
}

internal sealed record SiteOutboxJson(int Pending, long PendingBytes, double? OldestAgeSeconds, string State, string? LastError, long Uploaded, int Failed);

internal sealed record SiteModelJson(string Id, string Version, string Sha256);
