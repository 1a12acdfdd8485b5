namespace EdgeLabel.Workforce.Simulation;

/// <summary>Where a simulated answer's reference boxes came from.</summary>
public enum AnswerSource
{
    /// <summary>The image's bytes are known: the truth file's boxes.</summary>
    Truth,

    /// <summary>The image is unknown: the task's pre-annotations were echoed (no boxes when it had none).</summary>
    PreAnnotations,
}
