namespace EdgeLabel.Demo.Http;

// The nodes' HTTP replies as the demo reads them: only the fields it uses, bound by name (camelCase JSON), so the
// demo stays a plain client of the documented contract and needs none of the actor library.

/// <summary>GET /status of an edge node.</summary>
public sealed record EdgeStatus(SiteView Site, DecisionsView Decisions, OutboxView Outbox, DeliveryView? Delivery, ClusterSelfView? Cluster);

public sealed record SiteView(string Site, IReadOnlyList<CameraView> Cameras, int InFlight, bool Idle);

public sealed record CameraView(string Name, string Kind, long Discovered, long Settled, long Decided, long Quarantined, long AlreadyDecided,
    long Failed, bool SourceExhausted, string? LastError);

public sealed record DecisionsView(int AutoLabeled, int Review, int Audit, int Quarantined, IReadOnlyDictionary<string, int>? QuarantineReasons)
{
    public int Total => AutoLabeled + Review + Audit + Quarantined;
}

public sealed record OutboxView(int Depth, long ProjectedUpTo, long Uploaded, long UploadedBytes, string State, string? LastError);

public sealed record DeliveryView(string Project, string State, long Queued, long Acknowledged, int Pending, int AwaitingUpload, string? LastError);

public sealed record ClusterSelfView(string? SelfAddress, string SelfStatus);

/// <summary>GET /datasets/{project}/stats of the cloud.</summary>
public sealed record DatasetStats(
    string Project, int Images, IReadOnlyDictionary<string, int> ByStatus, IReadOnlyDictionary<string, int> BySite,
    long MachineBoxes, long HumanBoxes, long RejectedBoxes, long ClippedBoxes, long DuplicateRecords,
    IReadOnlyDictionary<string, long> SiteHighWaterMarks, IReadOnlyList<string>? RecentRejections,
    IReadOnlyList<AutoLabelPrecisionView>? AutoLabelPrecision)
{
    public int WithStatus(string status) => ByStatus.GetValueOrDefault(status);

    public long HighWater(string site) => SiteHighWaterMarks.GetValueOrDefault(site);
}

/// <summary>Auto-label precision of one class and model version, estimated from audited images (Wilson 95% interval).</summary>
public sealed record AutoLabelPrecisionView(string Class, string ModelId, string? ModelVersion, int MachineBoxes, int Matched,
    double Precision, double Lower, double Upper);

/// <summary>POST /datasets/{project}/export of the cloud.</summary>
public sealed record DatasetExported(string Project, string Directory, int Images, IReadOnlyList<string> Files, string? Error);
