using EdgeLabel.Actors.Delivery;

namespace EdgeLabel.Actors.Datasets;

// Queries and commands (remote: the dataset of a project may live on another cloud node).

public sealed record GetDatasetStats(string Project) : IEdgeLabelMessage, IProjectMessage;

/// <summary>How big a project's dataset is and how far each site's records have been absorbed.</summary>
public sealed record DatasetStats(
    string Project, int Images, IReadOnlyDictionary<string, int> ByStatus, IReadOnlyDictionary<string, int> BySite,
    long MachineBoxes, long HumanBoxes, long RejectedBoxes, long ClippedBoxes, long DuplicateRecords,
    IReadOnlyDictionary<string, long> SiteHighWaterMarks, IReadOnlyList<string> RecentRejections,
    IReadOnlyList<AutoLabelPrecision>? AutoLabelPrecision = null) : IEdgeLabelMessage;

/// <summary>A page of the project's images, newest capture first, optionally of one status and one site (the portal's
/// admin gallery). <see cref="Limit"/> is capped at <see cref="MaxLimit"/>.</summary>
public sealed record GetDatasetPage(string Project, EdgeLabel.Dataset.Model.ImageStatus? Status, string? Site, int Offset, int Limit)
    : IEdgeLabelMessage, IProjectMessage
{
    public const int MaxLimit = 100;
}

/// <summary>The images of a page with their boxes and provenance; <see cref="Total"/> counts every image the filter matches.</summary>
public sealed record DatasetPage(string Project, int Total, int Offset, IReadOnlyList<EdgeLabel.Dataset.Model.DatasetImage> Images) : IEdgeLabelMessage;

/// <summary>One image of the project by content id (to find where its bytes are stored).</summary>
public sealed record GetDatasetImage(string Project, string ContentId) : IEdgeLabelMessage, IProjectMessage;

/// <summary>The image, or null when the project has no image of that content id.</summary>
public sealed record DatasetImageFound(string Project, string ContentId, EdgeLabel.Dataset.Model.DatasetImage? Image) : IEdgeLabelMessage;

/// <summary>How precise the auto-labels of one class and model version are, estimated from audited images: machine
/// boxes matched by a human box of the class at IoU ≥ 0.5, over all machine boxes, with a Wilson 95% interval.</summary>
public sealed record AutoLabelPrecision(string Class, string ModelId, string? ModelVersion, int MachineBoxes, int Matched,
    double Precision, double Lower, double Upper);

/// <summary>One image's human labels from a labeling job; <see cref="Audit"/> for images drawn for audit (machine boxes
/// are kept beside the human ones, to measure the auto-labels), otherwise the human boxes replace the machine's.</summary>
public sealed record HumanLabeledImage(string ContentId, bool Audit, IReadOnlyList<EdgeLabel.Dataset.Model.LabeledBox> Boxes);

/// <summary>Merge a labeling job's human labels (from <c>LabelingJob</c>). Idempotent: an image already reviewed or
/// audited is left alone, so the same job merged twice changes nothing.</summary>
public sealed record MergeHumanLabels(string Project, string JobName, IReadOnlyList<HumanLabeledImage> Images) : IEdgeLabelMessage, IProjectMessage;

/// <summary>The labels of the job are persisted (<see cref="Merged"/> images changed by this request; 0 when merged before).</summary>
public sealed record HumanLabelsMergeAcknowledged(string Project, string JobName, int Merged) : IEdgeLabelMessage;

/// <summary>Write every export format of the project's dataset under the cloud's export folder (never a path
/// chosen by the caller).</summary>
public sealed record ExportDataset(string Project, bool IncludeThumbnails) : IEdgeLabelMessage, IProjectMessage;

public sealed record DatasetExported(string Project, string Directory, int Images, IReadOnlyList<string> Files, string? Error) : IEdgeLabelMessage;

/// <summary>The reply to any message for a project the cloud does not know.</summary>
public sealed record UnknownProject(string Project, string Reason) : IEdgeLabelMessage;

// Persisted events of a project's dataset.

/// <summary>Records of one site absorbed up to (and including) <see cref="UpTo"/>: the effect and the site's new
/// high-water mark are one event, so a crash can never apply a record without remembering it (or the reverse).</summary>
public sealed record DatasetRecordsAbsorbed(string Site, long UpTo, IReadOnlyList<SiteRecord> Records) : IEdgeLabelMessage;

/// <summary>A labeling job's human labels, as validated against the project's categories when merged.</summary>
public sealed record HumanLabelsMerged(string JobName, IReadOnlyList<HumanLabeledImage> Images) : IEdgeLabelMessage;

public sealed record DatasetSnapshot(
    IReadOnlyList<EdgeLabel.Dataset.Model.DatasetImage> Images, IReadOnlyDictionary<string, long> SiteHighWaterMarks,
    long RejectedBoxes, long ClippedBoxes, long DuplicateRecords,
    IReadOnlyDictionary<string, EdgeLabel.Actors.Routing.RouteKind>? ReviewRoutes = null) : IEdgeLabelMessage;
