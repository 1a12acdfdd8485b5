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

/// <summary>Decoded into <see cref="Frame"/> by the lease's detector, which also runs and is recorded for it.</summary>
public sealed record Prepared(PendingImage Pending, PreparedFrame Frame, DetectorLease Lease) : PipelineWork(Pending);

/// <summary>Unusable image (decode error, over the pixel limit, inference error): will be quarantined.</summary>
public sealed record Rejected(PendingImage Pending, string Reason, string Detail) : PipelineWork(Pending);

/// <summary>Run by the lease's detector; the router records that detector's identity and returns the lease.</summary>
public sealed record Detected(PendingImage Pending, PreparedFrame Frame, IReadOnlyList<Detection> Detections, DetectorLease Lease) : PipelineWork(Pending);

/// <summary>Ready to persist.</summary>
public sealed record Decided(PendingImage Pending, IDecisionEvent Decision) : PipelineWork(Pending);
