namespace EdgeLabel.Evaluation.Metrics;

/// <summary>What one accept/reject pair would do to the evaluated images.</summary>
/// <param name="Accept">Boxes at or above it are labels.</param>
/// <param name="Reject">Boxes below it are noise; boxes between reject and accept send the image to a human.</param>
/// <param name="Images">Images evaluated.</param>
/// <param name="ImagesToHumans">Images the router would send to a human (review; audit is off in evaluation).</param>
/// <param name="AutoLabelled">Boxes at or above accept on images routed to auto-label, against those images' truth:
/// the labels no human ever sees.</param>
/// <param name="AllImages">Boxes at or above accept on every image, against all truth: the detector alone.</param>
/// <param name="Hybrid">The final dataset if every reviewed image gets perfect human labels and the rest keep their
/// auto labels.</param>
public sealed record ThresholdRow(
    float Accept,
    float Reject,
    int Images,
    int ImagesToHumans,
    MatchCounts AutoLabelled,
    MatchCounts AllImages,
    MatchCounts Hybrid)
{
    public double ShareToHumans => Images == 0 ? 0 : (double)ImagesToHumans / Images;
}
