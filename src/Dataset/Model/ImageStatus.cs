namespace EdgeLabel.Dataset.Model;

/// <summary>Where an image of the merged dataset stands in the labeling workflow.</summary>
public enum ImageStatus
{
    /// <summary>The edge accepted the model's boxes; no human has seen the image.</summary>
    AutoLabeled,

    /// <summary>Decided at the edge for review or audit, but its upload is not confirmed yet, so no human can see it.</summary>
    AwaitingUpload,

    /// <summary>Uploaded and waiting for a human review (uncertain predictions).</summary>
    AwaitingReview,

    /// <summary>A human reviewed the image; its boxes are the human's.</summary>
    Reviewed,

    /// <summary>A confident image drawn for audit and checked by a human.</summary>
    Audited,
}
