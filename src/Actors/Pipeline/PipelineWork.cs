using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Inference;
using EdgeLabel.Inference;

namespace EdgeLabel.Actors.Pipeline;

/// <summary>An image's state as it moves through the stages. Every stage passes the kinds it does not handle
/// through unchanged, so one linear graph carries skipped, rejected and decided images in capture order.</summary>
public abstract record PipelineWork(PendingImage Pending);

/// <summary>Needs a decision.</summary>
public sealed record Incoming(PendingImage Pending) : PipelineWork(Pending);

/// <summary>The journal already holds a decision for this content id.</summary>
public sealed record Skipped(PendingImage Pending) : PipelineWork(Pending);

public sealed record Prepared(PendingImage Pending, PreparedFrame Frame) : PipelineWork(Pending);

/// <summary>Unusable image (decode error, over the pixel limit, inference error): will be quarantined.</summary>
public sealed record Rejected(PendingImage Pending, string Reason, string Detail) : PipelineWork(Pending);

public sealed record Detected(PendingImage Pending, PreparedFrame Frame, IReadOnlyList<Detection> Detections) : PipelineWork(Pending);

/// <summary>Ready to persist.</summary>
public sealed record Decided(PendingImage Pending, IDecisionEvent Decision) : PipelineWork(Pending);
