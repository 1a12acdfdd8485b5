using EdgeLabel.Actors.Routing;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.Actors.Decisions;

/// <summary>Where an image came from. Bytes live in the spool, never in a message.</summary>
public sealed record ImageSource(string Site, string Camera, DateTimeOffset CapturedAt, string Extension, long SizeBytes, string Origin);

/// <summary>A box as the router kept it: pixel geometry in the upright image, score, and the thresholds applied.</summary>
public sealed record DecidedBox(int ClassId, string Label, float Score, float Left, float Top, float Width, float Height,
    float Accept, float Reject)
{
    public bool Accepted => Score >= Accept;
}

/// <summary>Persisted decision events of an edge site; one per image, ever.</summary>
public interface IDecisionEvent : IEdgeLabelMessage
{
    ContentId Id { get; }
    ImageSource Source { get; }
}

/// <summary>The router decided an image: auto-labeled, sent to review, or drawn for audit.</summary>
public sealed record ImageDecided(
    ContentId Id, ImageSource Source, int Width, int Height, RouteKind Route, string Reason,
    ModelIdentity Model, double AuditShare, IReadOnlyList<DecidedBox> Boxes, DateTimeOffset DecidedAt) : IDecisionEvent;

/// <summary>The image could not be used (bad bytes, too large, inference error); kept out of the dataset with the reason.</summary>
public sealed record ImageQuarantined(ContentId Id, ImageSource Source, string Reason, string Detail, DateTimeOffset DecidedAt) : IDecisionEvent;

/// <summary>Snapshot of the decision ledger: every decided content id with its outcome code.</summary>
public sealed record DecisionLedgerSnapshot(IReadOnlyList<string> Ids, IReadOnlyList<string> Outcomes, IReadOnlyDictionary<string, int> QuarantineReasons) : IEdgeLabelMessage;

// Commands and replies below are local to one edge node (never persisted, never remote).

/// <summary>Persist a batch of decisions; images already decided are skipped and reported as such.</summary>
public sealed record RecordDecisions(IReadOnlyList<IDecisionEvent> Decisions);

public sealed record DecisionsRecorded(IReadOnlyList<ContentId> Recorded, IReadOnlyList<ContentId> AlreadyDecided);

/// <summary>Which of these images still need a decision (used before inference, so restarts don't redo work).</summary>
public sealed record FilterUndecided(IReadOnlyList<ContentId> Ids);

public sealed record Undecided(IReadOnlySet<ContentId> Ids);

public sealed record GetDecisionSummary
{
    public static readonly GetDecisionSummary Instance = new();
}

/// <summary>Counts of everything this site has decided since its journal began.</summary>
public sealed record DecisionSummary(int AutoLabeled, int Review, int Audit, int Quarantined,
    IReadOnlyDictionary<string, int> QuarantineReasons)
{
    public int Total => AutoLabeled + Review + Audit + Quarantined;
}
