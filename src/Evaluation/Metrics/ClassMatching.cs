using EdgeLabel.Evaluation.Truth;

namespace EdgeLabel.Evaluation.Metrics;

/// <summary>Whether a detection must have the truth box's class to match it.</summary>
public enum ClassMatching
{
    /// <summary><see cref="SingleClass"/> when the truth has at most one class, else <see cref="ByClassId"/>.</summary>
    Auto,
    /// <summary>Classes are ignored: every detection and every truth box count as one class (class 0). Right for a
    /// one-class detector against one-class truth, e.g. a face detector against dlib's unlabelled face boxes.</summary>
    SingleClass,
    /// <summary>The detector's class id must equal the truth's class id as the truth file numbers it
    /// (COCO category id, Ground Truth class_id); no name mapping is attempted.</summary>
    ByClassId,
}

/// <summary>Resolves <see cref="ClassMatching.Auto"/> against a truth set and explains the choice for the report.</summary>
public static class ClassMatchingRule
{
    public static ClassMatching Resolve(ClassMatching requested, GroundTruthSet truth) => requested switch
    {
        ClassMatching.Auto => truth.Classes.Count <= 1 ? ClassMatching.SingleClass : ClassMatching.ByClassId,
        _ => requested,
    };

    public static string Describe(ClassMatching resolved, GroundTruthSet truth)
    {
        var names = string.Join(", ", truth.Classes.OrderBy(c => c.Key).Select(c => $"{c.Key}='{c.Value}'"));
        return resolved == ClassMatching.SingleClass
            ? $"single class: every detection may match any truth box (truth classes: {(names.Length > 0 ? names : "none")})"
            : $"by class id: a detection matches only truth boxes with its class id (truth classes: {names})";
    }
}
