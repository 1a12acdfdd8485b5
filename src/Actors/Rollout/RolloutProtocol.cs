using EdgeLabel.Inference.Models;

namespace EdgeLabel.Actors.Rollout;

/// <summary>Marker of the rollout messages that are persisted (the registry's events) or cross from edges to the cloud.</summary>
public interface IRolloutMessage : IEdgeLabelMessage;

/// <summary>Persisted events of the cloud's <see cref="RolloutRegistry"/>.</summary>
public interface IRolloutEvent : IRolloutMessage;

/// <summary>A published model version: the ONNX file in the object store, its sha256 (what edges verify before loading),
/// the adapter that reads its outputs and its class names (empty = the adapter's own).</summary>
public sealed record ModelRelease(
    string ModelId, string Version, string Uri, string Sha256, long SizeBytes, string? Adapter, IReadOnlyList<string> ClassNames,
    DateTimeOffset PublishedAt);

/// <summary>Router thresholds as rolled out: <see cref="Revision"/> increases with every change, so an edge sees a new one.</summary>
public sealed record ThresholdsAssignment(int Revision, float Accept, float Reject);

// ---- Events ----

public sealed record ModelPublished(ModelRelease Release) : IRolloutEvent;

/// <summary><see cref="Version"/> is now desired at <see cref="Site"/> (null: the fleet, i.e. every site without a staged version).</summary>
public sealed record ModelRolledOut(string? Site, string Version, DateTimeOffset At) : IRolloutEvent;

/// <summary>Staged versions dropped: <see cref="Site"/>'s (null: every site's), which follow the fleet's version again.</summary>
public sealed record RolloutAborted(string? Site, DateTimeOffset At) : IRolloutEvent;

/// <summary>The last rollout of <see cref="Site"/> (null: the fleet) undone: its previous desired version is back.</summary>
public sealed record ModelRolledBack(string? Site, DateTimeOffset At) : IRolloutEvent;

public sealed record ThresholdsSet(string? Site, ThresholdsAssignment Thresholds, DateTimeOffset At) : IRolloutEvent;

// ---- Edge → cloud (remote) ----

/// <summary>What an edge's installer asks every few seconds (pulling survives disconnections and restarts).</summary>
public sealed record GetSiteAssignment(string Site) : IRolloutMessage;

/// <summary>The model and thresholds a site should run; null = none rolled out (the site runs its configured model/thresholds).</summary>
public sealed record SiteAssignment(string Site, ModelRelease? Model, ThresholdsAssignment? Thresholds) : IRolloutMessage;

// ---- Operator commands (asked by a cloud node's admin endpoints; local to the cloud) ----

public sealed record PublishModel(ModelRelease Release);

/// <summary>Stage <see cref="Version"/> at one site, or roll it out to all (<see cref="Site"/> null; staged versions are dropped).</summary>
public sealed record RolloutModel(string Version, string? Site);

public sealed record AbortRollout(string? Site);

public sealed record RollbackModel(string? Site);

public sealed record SetThresholds(string? Site, float Accept, float Reject);

public sealed record GetRollouts
{
    public static readonly GetRollouts Instance = new();
}

/// <summary>The answer to every operator command: done (with the registry's state after it) or refused with why.</summary>
public sealed record RolloutReply(bool Accepted, string? Error, RolloutOverview Overview);

/// <summary>The registry's state: releases, the fleet's and each staged site's desired version (with how many earlier
/// versions a rollback can return to), and thresholds.</summary>
public sealed record RolloutOverview(
    IReadOnlyList<ModelRelease> Releases, string? FleetVersion, IReadOnlyList<string?> FleetHistory,
    IReadOnlyDictionary<string, string?> SiteVersions, IReadOnlyDictionary<string, IReadOnlyList<string?>> SiteHistory,
    ThresholdsAssignment? FleetThresholds, IReadOnlyDictionary<string, ThresholdsAssignment> SiteThresholds);

/// <summary>What an edge's installer reports about its site: the model running, the thresholds revision applied,
/// a version being installed and the last rollout error (e.g. a hash mismatch), if any.</summary>
public sealed record RolloutStatus(ModelIdentity Active, int? ThresholdsRevision, string? Installing, string? LastError);

public sealed record GetRolloutStatus
{
    public static readonly GetRolloutStatus Instance = new();
}
