using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EdgeLabel.Inference;

namespace EdgeLabel.Actors.Routing;

/// <summary>Accept/reject score thresholds for one class: boxes at or above <see cref="Accept"/> are labels,
/// boxes below <see cref="Reject"/> are noise, anything between needs a human.</summary>
public sealed record ClassThresholds(float Accept, float Reject)
{
    public static ClassThresholds Validated(float accept, float reject, string keyPath)
    {
        if (reject is < 0 or > 1) throw new ArgumentOutOfRangeException(keyPath, reject, $"{keyPath}.reject must be within [0,1]");
        if (accept is < 0 or > 1) throw new ArgumentOutOfRangeException(keyPath, accept, $"{keyPath}.accept must be within [0,1]");
        if (accept < reject) throw new ArgumentException($"{keyPath}: accept ({accept}) must be >= reject ({reject})", keyPath);
        return new ClassThresholds(accept, reject);
    }
}

/// <summary>What happens to an image in which the model found nothing at or above the reject threshold.</summary>
public enum EmptyImagePolicy
{
    /// <summary>Label it "empty": a confident negative.</summary>
    LabelEmpty,
    /// <summary>Send it to a human: the model may have missed something.</summary>
    Review,
}

public enum RouteKind
{
    /// <summary>Every kept box was confident: the boxes become labels without a human.</summary>
    AutoLabel,
    /// <summary>At least one box was uncertain (or the image was empty and the policy says review).</summary>
    Review,
    /// <summary>Fully confident, but drawn for the random audit share that measures auto-label precision.</summary>
    Audit,
}

/// <summary>The outcome of routing one image: its kind, why, and the boxes that survived the reject threshold.</summary>
public sealed record RouteDecision(RouteKind Kind, string Reason, IReadOnlyList<Detection> Kept);

/// <summary>The confidence router's policy (per-class thresholds, empty-image handling, audit share).
/// Routing is a pure function of the detections and the content id, so a replay decides identically.</summary>
public sealed record RoutingPolicy(
    ClassThresholds Default,
    IReadOnlyDictionary<int, ClassThresholds> PerClass,
    EmptyImagePolicy WhenEmpty,
    double AuditShare,
    int AuditSeed)
{
    public ClassThresholds For(int classId) => PerClass.TryGetValue(classId, out var t) ? t : Default;

    public RouteDecision Route(string contentId, IReadOnlyList<Detection> detections)
    {
        var kept = new List<Detection>(detections.Count);
        var uncertain = 0;
        foreach (var d in detections)
        {
            var t = For(d.ClassId);
            if (d.Score < t.Reject) continue;
            kept.Add(d);
            if (d.Score < t.Accept) uncertain++;
        }

        if (uncertain > 0)
            return new RouteDecision(RouteKind.Review, $"{uncertain} uncertain box(es)", kept);
        if (kept.Count == 0 && WhenEmpty == EmptyImagePolicy.Review)
            return new RouteDecision(RouteKind.Review, "no box above reject threshold", kept);
        if (IsAudited(contentId))
            return new RouteDecision(RouteKind.Audit, "audit sample", kept);
        return new RouteDecision(RouteKind.AutoLabel, kept.Count == 0 ? "empty" : "confident", kept);
    }

    /// <summary>Seeded, deterministic draw in [0,1) per content id: the same image is always audited or not,
    /// so a crash and replay can never change an image's route.</summary>
    public bool IsAudited(string contentId)
    {
        if (AuditShare <= 0) return false;
        Span<byte> hash = stackalloc byte[32];
        var input = Encoding.UTF8.GetBytes($"{AuditSeed}:{contentId}");
        SHA256.HashData(input, hash);
        var draw = BinaryPrimitives.ReadUInt64BigEndian(hash) / (double)ulong.MaxValue;
        return draw < AuditShare;
    }

    public static RoutingPolicy Simple(float accept, float reject, double auditShare = 0, int seed = 0,
        EmptyImagePolicy whenEmpty = EmptyImagePolicy.LabelEmpty) =>
        new(new ClassThresholds(accept, reject), new Dictionary<int, ClassThresholds>(), whenEmpty, auditShare, seed);
}
