using EdgeLabel.Actors.Delivery;

namespace EdgeLabel.Actors.Datasets;

// Queries and commands (remote: the dataset of a project may live on another cloud node).

public sealed record GetDatasetStats(string Project) : IEdgeLabelMessage, IProjectMessage;

/// <summary>How big a project's dataset is and how far each site's records have been absorbed.</summary>
public sealed record DatasetStats(
    string Project, int Images, IReadOnlyDictionary<string, int> ByStatus, IReadOnlyDictionary<string, int> BySite,
    long MachineBoxes, long HumanBoxes, long RejectedBoxes, long ClippedBoxes, long DuplicateRecords,
    IReadOnlyDictionary<string, long> SiteHighWaterMarks, IReadOnlyList<string> RecentRejections) : IEdgeLabelMessage;

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

public sealed record DatasetSnapshot(
    IReadOnlyList<EdgeLabel.Dataset.Model.DatasetImage> Images, IReadOnlyDictionary<string, long> SiteHighWaterMarks,
    long RejectedBoxes, long ClippedBoxes, long DuplicateRecords) : IEdgeLabelMessage;
